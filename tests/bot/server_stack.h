#pragma once

// A whole bot on 127.0.0.1 for tests: SQLite file, engine, HTTP server.
#include <doctest/doctest.h>
#include <httplib.h>

#include <sstream>
#include <thread>

#include "bot/channels/channel.h"
#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "bot/core/outbox.h"
#include "bot/ocr/ocr_pool.h"
#include "bot/server/http_server.h"
#include "bot/server/metrics.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_processed_store.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "tests/support/sqlite_support.h"
#include "tests/test_support.h"

namespace beian::test {

inline const FormSpec& Form() {
  static const FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  return form;
}

class ServerStack {
 public:
  // `max_image_body_bytes`: what routes that take images accept (SetOcr).
  // `max_large_bodies`: how many of them may be read at once.
  explicit ServerStack(std::size_t max_image_body_bytes = 0, std::size_t max_large_bodies = 8)
      : db_(dir_.path() / "bot.db"),
        sessions_(db_, std::size_t{1} << 20),  // the caches and filters of `serve`
        processed_(db_, EngineOptions{}.dedup_window.count()),
        walk_(Form(), ShippedMatcher().kb(), [](std::string_view v) { return KeyedHash("k", v); }),
        support_(db_, /*track_askers=*/true),
        knowledge_(ShippedMatcher()),
        engine_(
            knowledge_, walk_, ShippedLanguage(),
            EngineStores{db_, sessions_, &processed_, &support_.stores},
            [] { return std::chrono::system_clock::now(); }, EngineOptions{}, log_),
        server_(Options(max_image_body_bytes, max_large_bodies), knowledge_,
                ShippedLanguage().texts, &engine_, metrics_) {}
  ~ServerStack() {
    if (thread_.joinable()) {
      server_.Stop();
      thread_.join();
    }
  }
  // Adds a channel (before Start); it must outlive the stack.
  // Serves `channel` with the shipped texts, as `serve` does.
  void Add(const std::string& path, Channel& channel, const MediaSource* media = nullptr) {
    channel.UseTexts(ShippedLanguage().texts);
    server_.AddChannel(path, channel, media);
  }
  void SetOutbox(Outbox* outbox) { server_.SetOutbox(outbox); }
  // Reads screenshots on `pool` (before Add of a channel that takes images).
  void SetOcr(OcrPool& pool, ImageFetchOptions fetch = {},
              std::chrono::milliseconds late_after = std::chrono::milliseconds(3000)) {
    server_.SetOcr(pool, std::move(fetch), late_after);
  }
  void SetWebPage(std::string html) { server_.SetWebPage(std::move(html)); }
  Database& db() { return db_; }
  int port() const { return port_; }
  void Start() {
    port_ = server_.Bind();
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.Serve(); });
    for (int i = 0; i < 2000 && !Client().Get("/healthz"); ++i) {
    }
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2, 0);
    return c;
  }

 private:
  static ServerOptions Options(std::size_t max_image_body_bytes, std::size_t max_large_bodies) {
    ServerOptions o;
    o.max_image_body_bytes = max_image_body_bytes;
    o.max_large_bodies = max_large_bodies;
    o.port = 0;
    o.access_log = false;
    return o;
  }
  TempDir dir_;
  Database db_;
  SqliteSessionStore sessions_;
  SqliteProcessedStore processed_;
  Walkthrough walk_;
  std::ostringstream log_;
  test::SqliteSupport support_;
  FixedKnowledge knowledge_;
  Engine engine_;
  Metrics metrics_;
  HttpServer server_;
  int port_ = -1;
  std::thread thread_;
};

}  // namespace beian::test
