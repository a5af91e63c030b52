#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bot/channels/image_fetch.h"
#include "bot/server/config.h"
#include "bot/server/request_gate.h"

namespace httplib {
class ContentReader;
struct Request;
struct Response;
}  // namespace httplib

namespace beian {

class BotTexts;
class Channel;
struct ChannelResponse;
class Engine;
class KnowledgeSource;
class Metrics;
class Outbox;
class AdminApi;
class GuardedServer;
class MediaSource;
class OcrPool;
struct Parsed;
struct IncomingMessage;
struct Reply;

// Options of a listening socket: httplib's defaults with SO_REUSEADDR instead
// of SO_REUSEPORT, so that a second server on a port in use fails to start
// instead of silently taking half of the connections.
void ListenSocketOptions(int sock);

// The defaults of what the config sets are ServerConfig's (bot/server/config.h);
// `serve` fills the whole struct from its config (ServerOptionsFrom).
struct ServerOptions {
  std::string host = kDefaultHost;
  int port = kDefaultPort;                       // 0 = any free port (tests)
  size_t max_body_bytes = kDefaultMaxBodyBytes;  // larger bodies get 413, chunked or not
  // The same for routes that take an image (SetOcr); 0 while there are none.
  size_t max_image_body_bytes = 0;
  // Bodies larger than max_body_bytes (images) read at once; past it, 503.
  // Bounds the memory of uploads before they are authenticated or read.
  size_t max_large_bodies = 8;
  size_t max_header_bytes = LimitsConfig{}.max_header_bytes;  // request line and headers; 431
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  // A whole request (headers and body) arrives within this.
  int request_deadline_seconds = LimitsConfig{}.request_deadline_seconds;
  bool access_log = true;  // one line per request on stderr
  // Worker threads at most = connections open at once (httplib keeps a
  // thread on each keep-alive connection); past that a new connection gets
  // a 503 and is closed at once. Threads are started as connections need
  // them (ElasticThreadPool).
  size_t threads = kDefaultThreads;
  size_t kept_threads = 8;  // kept even when idle (at most `threads`)
  // Open at once from one client address.
  size_t max_connections_per_address = LimitsConfig{}.max_connections_per_address;
  int listen_backlog = 1024;  // pending connections the kernel queues (httplib's own is 5)
  // Reverse proxies whose X-Forwarded-For names the client (addresses or
  // networks); they are exempt from the per-address connection cap.
  std::vector<std::string> trusted_proxies;
  // Host names the browser-facing routes answer to besides loopback ones.
  std::vector<std::string> allowed_hosts;
  // 0 = off; loopback clients exempt.
  double requests_per_minute_per_address = RateLimitConfig{}.address_per_minute;
  double request_burst_per_address = RateLimitConfig{}.address_burst;
};

// The HTTP front door (cpp-httplib behind GuardedServer's limits, then
// RequestGate's checks; docs/security.md lists what each defends). Built-in routes:
//   GET /healthz              {"status": "ok", "entries": N}
//   GET /v1/lookup?q=…&top=N  the `lookup --json` object
//   GET /metrics              Prometheus text
//   GET /v1/entries/{id}      one knowledge-base entry with its Chinese labels
// plus one route per channel (AddChannel). Every error is a JSON body
// {"error": "…"} with a 4xx/5xx status (503 when the database fails); every
// request is logged on one line (client address, method, path without
// query, status) — never the message text.
// The entry pages' and entries' labels are `texts`' (bot-texts.json "page.*",
// "entry.*").
// Thread-safety: handlers run on httplib's thread pool; the matcher, texts,
// engine and channels are thread-safe and must outlive the server.
class HttpServer {
 public:
  HttpServer(ServerOptions options, KnowledgeSource& knowledge, const BotTexts& texts,
             Engine* engine, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where channels' deferred replies go (Channel::Deferred); may stay unset
  // when no channel defers. Must outlive the server.
  void SetOutbox(Outbox* outbox) { outbox_ = outbox; }

  // Serves the self-service search page at / (the HTML given) and entry
  // pages at /kb/{id} (call before Bind); without it those routes answer 404.
  void SetWebPage(std::string index_html);

  // Serves the staff API under /admin/api/ and, when `page_html` is not
  // empty, the staff page at /admin (call before Bind); without it those
  // routes answer 404. The page holds no data: it asks for the token and
  // calls the API. `admin` must outlive the server.
  void SetAdmin(AdminApi& admin, std::string page_html = "");

  // Serves POST /v1/lookup[?top=N] with an image body (Content-Type image/png,
  // image/jpeg, image/webp, image/bmp or application/octet-stream, at most
  // max_image_body_bytes): the screenshot is read on `pool` and answered
  // with the `lookup --image --json` object (ScreenshotJson); an image the
  // bot cannot open is a 4xx JSON error, a full pool 503 (call before Bind).
  // `pool` must outlive the server.
  // Pictures a channel only points at (Parsed::image_url) are downloaded
  // with `fetch` (allowed hosts, size, time).
  // On a channel that can answer late (Channel::RepliesLate), a screenshot
  // not read within `late_after` is acknowledged at once ("screenshot.slow")
  // and answered through the outbox when done (platforms wait 5 s).
  void SetOcr(OcrPool& pool, ImageFetchOptions fetch = {},
              std::chrono::milliseconds late_after = std::chrono::milliseconds(3000));

  // Serves `channel` at `path` for GET and POST (call before Bind, and after
  // SetOcr for a channel whose messages carry images). A message with an
  // image is read as a screenshot on the OCR pool first (without one: it
  // stays a picture the bot cannot read).
  // `media` fetches the pictures its messages name by key (Parsed::media_key);
  // it must outlive the server.
  void AddChannel(const std::string& path, const Channel& channel,
                  const MediaSource* media = nullptr);

  // Binds the socket; returns the bound port, or -1 when binding failed.
  int Bind();
  // Serves until Stop(); call after Bind(). Returns false on a socket error.
  bool Serve();
  void Stop();

 private:
  void Routes();
  void Guards();
  // Adds a POST route whose body is read through the size cap; `handler`
  // gets the body.
  using BodyHandler =
      std::function<void(const httplib::Request&, const std::string& body, httplib::Response&)>;
  void PostWithBody(const std::string& pattern, BodyHandler handler, size_t max_bytes = 0);
  BodyRoute BodyRouteOf(const httplib::Request& req) const;
  // Runs the turn of a parsed message and renders it; its deferred replies
  // (or, `late`, its late ones) go to the outbox.
  ChannelResponse Answer(const Channel& channel, const Parsed& parsed, bool late);
  // Puts `reply`'s replies through the platform's API (Channel::Deferred,
  // or `late` Channel::Late) in the outbox.
  void Queue(const Channel& channel, const Parsed& parsed, const Reply& reply, bool late);
  // What a slow screenshot gets at once: "screenshot.slow", or nothing for
  // a group picture nobody addressed to the bot (answered only if it shows
  // an error).
  Reply Acknowledgement(const IncomingMessage& m) const;
  // Reads the message's picture (bytes, URL or key through `media`) on the
  // OCR pool into parsed.message->screenshot (busy when the pool refuses;
  // without a pool the message stays a picture). kLate: the reading took
  // longer than late_after_ on a channel that can answer late — the
  // acknowledgement's API replies are queued before the answer can be, and
  // the answer is given through Channel::Late when it is done.
  enum class Picture { kRead, kLate };
  Picture ReadScreenshot(Parsed& parsed, const MediaSource* media, const Channel& channel);

  ServerOptions options_;
  KnowledgeSource& knowledge_;
  const BotTexts& texts_;
  Engine* engine_;
  Metrics& metrics_;
  Outbox* outbox_ = nullptr;
  std::unique_ptr<GuardedServer> server_;
  std::unique_ptr<RequestGate> gate_;
  std::set<std::string> routes_;        // metric labels: known routes only, never raw paths
  std::set<std::string> body_routes_;   // exact POST paths that read a body
  std::set<std::string> image_routes_;  // … an image (max_image_body_bytes)
  OcrPool* ocr_ = nullptr;
  std::chrono::milliseconds late_after_{3000};
  std::atomic<size_t> large_bodies_{0};
  ImageFetchOptions fetch_;
  bool admin_ = false;  // /admin/api/… reads bodies too
  int listen_socket_ = -1;
};

}  // namespace beian
