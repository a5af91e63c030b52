// GET /healthz and GET /v1/lookup through a real server on 127.0.0.1.
#include "bot/server/http_server.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "bot/core/knowledge_source.h"
#include "bot/server/metrics.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;

// A server on a free loopback port for the life of the object.
class RunningServer {
 public:
  RunningServer()
      : server_(Options(), knowledge_, test::ShippedLanguage().texts, nullptr, metrics_) {
    port_ = server_.Bind();
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.Serve(); });
    // Poll until it answers (no sleeps: each failed attempt is a refused connect).
    for (int i = 0; i < 2000; ++i) {
      if (Client().Get("/healthz")) break;
    }
  }
  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }
  static ServerOptions Options() {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    return o;
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(2, 0);
    return c;
  }

 private:
  Metrics metrics_;
  FixedKnowledge knowledge_{test::ShippedMatcher()};
  HttpServer server_;
  int port_ = -1;
  std::thread thread_;
};

TEST_CASE("GET /healthz reports ok and the entry count") {
  RunningServer s;
  const auto res = s.Client().Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  const json j = json::parse(res->body);
  CHECK(j.at("status").get<std::string>() == "ok");
  CHECK(j.at("entries").get<int>() >= 63);
}

TEST_CASE("GET /v1/lookup returns the lookup --json object") {
  RunningServer s;
  const auto res = s.Client().Get(
      "/v1/lookup?q=" +
      httplib::detail::encode_query_param("【主体负责人应急联系方式】不允许被多人使用") + "&top=2");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type").find("application/json") == 0);
  const json j = json::parse(res->body);
  CHECK(j.at("answered").get<bool>());
  CHECK(j.at("matches").size() == 2);
  CHECK(j.at("matches")[0].at("id").get<std::string>() == "error.principal.emergency-phone-shared");
}

TEST_CASE("bad lookups get a 4xx with a JSON error, never a crash") {
  RunningServer s;
  auto c = s.Client();
  struct Case {
    const char* path;
    int status;
  };
  for (const Case& k : {Case{"/v1/lookup", 400}, Case{"/v1/lookup?q=x&top=0", 400},
                        Case{"/v1/lookup?q=x&top=abc", 400}, Case{"/v1/lookup?q=x&top=5x", 400},
                        Case{"/nowhere", 404}}) {
    CAPTURE(k.path);
    const auto res = c.Get(k.path);
    REQUIRE(res);
    CHECK(res->status == k.status);
    CHECK(json::parse(res->body).contains("error"));
  }
  const auto huge = c.Get("/v1/lookup?q=" + std::string(5000, 'a'));
  REQUIRE(huge);
  CHECK(huge->status == 400);
  const auto body = c.Post("/healthz", std::string(70 * 1024, 'x'), "text/plain");
  REQUIRE(body);
  CHECK(body->status >= 400);
  CHECK(body->status < 500);
  // Still serving afterwards.
  const auto ok = c.Get("/healthz");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

}  // namespace
}  // namespace beian
