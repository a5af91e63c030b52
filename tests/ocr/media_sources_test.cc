// Pictures named by key (issue #25): Feishu's message resource API and
// DingTalk's robot file download, against fake platform APIs on 127.0.0.1;
// and a DingTalk picture answered through the whole stack.
#include "bot/channels/media_sources.h"

#include <doctest/doctest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "tests/bot/bot_process.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

const std::filesystem::path kShots = BEIAN_TEST_SCREENSHOTS;

std::string Shot() { return test::SlurpFile(kShots / "app-remark-format-1x.png"); }

// Feishu's and DingTalk's APIs, as far as pictures need them. `stale` makes
// the next picture request refuse its token once.
class FakeApis {
 public:
  FakeApis() {
    s_.Post("/open-apis/auth/v3/tenant_access_token/internal",
            [this](const httplib::Request& req, httplib::Response& res) {
              ++tokens;
              const json j = json::parse(req.body);
              if (j.at("app_secret") != "fs-secret")
                return res.set_content(R"({"code":10014})", "application/json");
              res.set_content(json{{"code", 0},
                                   {"tenant_access_token", "t" + std::to_string(tokens.load())},
                                   {"expire", 7200}}
                                  .dump(),
                              "application/json");
            });
    s_.Get(R"(/open-apis/im/v1/messages/([^/]+)/resources/([^/]+))",
           [this](const httplib::Request& req, httplib::Response& res) {
             const bool fresh = req.get_header_value("Authorization") ==
                                "Bearer t" + std::to_string(tokens.load());
             if (stale.exchange(false) || !fresh || req.get_param_value("type") != "image") {
               res.status = 401;
               return res.set_content(R"({"code":99991663})", "application/json");
             }
             if (req.matches[1] != "om_1" || req.matches[2] != "img_v2_key") {
               res.status = 404;
               return;
             }
             res.set_content(Shot(), "image/png");
           });
    s_.Post(
        "/v1.0/oauth2/accessToken", [this](const httplib::Request& req, httplib::Response& res) {
          ++tokens;
          const json j = json::parse(req.body);
          if (j.at("appKey") != "ding-key") return (void)(res.status = 400);
          res.set_content(
              json{{"accessToken", "d" + std::to_string(tokens.load())}, {"expireIn", 7200}}.dump(),
              "application/json");
        });
    s_.Post("/v1.0/robot/messageFiles/download", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
      const json j = json::parse(req.body);
      if (req.get_header_value("x-acs-dingtalk-access-token") !=
              "d" + std::to_string(tokens.load()) ||
          j.at("robotCode") != "ding-key")
        return (void)(res.status = 401);
      const std::string file = j.at("downloadCode") == "code-1" ? "/file/shot.png" : "/file/none";
      res.set_content(json{{"downloadUrl", Url(file)}}.dump(), "application/json");
    });
    s_.Get("/file/shot.png", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Shot(), "image/png");
    });
    port_ = s_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { s_.listen_after_bind(); });
    while (!s_.is_running()) std::this_thread::yield();
  }
  ~FakeApis() {
    s_.stop();
    thread_.join();
  }
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Url(const std::string& path) const { return Base() + path; }
  std::string Host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::atomic<int> tokens{0};
  std::atomic<bool> stale{false};

 private:
  httplib::Server s_;
  int port_ = 0;
  std::thread thread_;
};

Parsed Named(const std::string& message_id, const std::string& key) {
  Parsed p;
  p.message = IncomingMessage::Direct("x", "c", "u", "");
  p.message->message_id = message_id;
  p.media_key = key;
  return p;
}

TEST_CASE("Feishu pictures: fetched with a cached tenant token, refreshed once when refused") {
  FakeApis api;
  const FeishuMedia media(api.Base(), "cli_app", "fs-secret", 5 << 20);
  FetchedImage got = media.Fetch(Named("om_1", "img_v2_key"));
  CHECK(got.error.empty());
  CHECK(got.bytes == Shot());
  CHECK(media.Fetch(Named("om_1", "img_v2_key")).bytes == Shot());
  CHECK(api.tokens == 1);  // cached
  api.stale = true;
  CHECK(media.Fetch(Named("om_1", "img_v2_key")).bytes == Shot());
  CHECK(api.tokens == 2);  // refused once: fetched again
  CHECK(media.Fetch(Named("om_1", "other")).error == "image download: HTTP 404");
  CHECK_FALSE(FeishuMedia(api.Base(), "cli_app", "wrong", 5 << 20)
                  .Fetch(Named("om_1", "img_v2_key"))
                  .error.empty());
  CHECK(FeishuMedia(api.Base(), "cli_app", "fs-secret", 1000)
            .Fetch(Named("om_1", "img_v2_key"))
            .error == "image larger than the limit");
}

TEST_CASE("DingTalk pictures: downloadCode → downloadUrl, fetched only from allowed hosts") {
  FakeApis api;
  ImageFetchOptions allowed;
  allowed.hosts = {api.Host()};
  const DingtalkMedia media(api.Base(), "ding-key", "ding-secret", allowed);
  const FetchedImage got = media.Fetch(Named("m1", "code-1"));
  CHECK(got.error.empty());
  CHECK(got.bytes == Shot());
  CHECK(media.Fetch(Named("m1", "code-2")).error == "image download answered 404");
  const DingtalkMedia elsewhere(api.Base(), "ding-key", "ding-secret", ImageFetchOptions{});
  CHECK(elsewhere.Fetch(Named("m1", "code-1")).error == "image host not allowed");
}

TEST_CASE("a DingTalk picture is answered through the whole stack") {
  FakeApis api;
  ImageFetchOptions allowed;
  allowed.hosts = {api.Host()};
  const DingtalkMedia media(api.Base(), "ding-key", "SEC-test-secret", allowed);
  OcrPool pool(OcrPoolOptions{});
  DingtalkChannel channel("SEC-test-secret");
  test::ServerStack stack;
  stack.SetOcr(pool);
  stack.Add("/dingtalk", channel, &media);
  stack.Start();
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  const json body = {{"conversationId", "cid1"},
                     {"conversationType", "1"},
                     {"msgId", "pic-1"},
                     {"msgtype", "picture"},
                     {"content", {{"downloadCode", "code-1"}}},
                     {"senderId", "$:sender"},
                     {"senderNick", "小李"},
                     {"senderStaffId", "staff1"},
                     {"chatbotUserId", "$:bot"}};
  auto c = stack.Client();
  c.set_read_timeout(30, 0);
  const auto r =
      c.Post("/dingtalk",
             {{"timestamp", ts},
              {"sign", Base64Encode(HmacSha256("SEC-test-secret", ts + "\n" + "SEC-test-secret"))}},
             body.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->body.find("我看了你发的截图") != std::string::npos);
  CHECK(r->body.find("小程序备注") != std::string::npos);
}

}  // namespace
}  // namespace beian
