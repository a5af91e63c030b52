// Pictures named by key (issue #25): Feishu's message resource API,
// DingTalk's robot file download and the media API of WeChat and WeCom,
// against fake platform APIs on 127.0.0.1; and DingTalk and WeChat pictures
// answered through the whole stack.
#include "bot/channels/media_sources.h"

#include <doctest/doctest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "bot/channels/api_senders.h"
#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "bot/channels/wechat.h"
#include "bot/channels/xml_fields.h"
#include "storage/sqlite/sqlite_outbox_store.h"
#include "tests/bot/bot_process.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

const std::filesystem::path kShots = BEIAN_TEST_SCREENSHOTS;

std::string Shot() { return test::SlurpFile(kShots / "app-remark-format-1x.png"); }

// Feishu's, DingTalk's, WeChat's and WeCom's APIs, as far as pictures need
// them. `stale` makes the next Feishu picture request refuse its token once;
// `wx_stale` the next so many media/get requests (errcode 40001).
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
    s_.Post("/robot/sendBySession", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_param_value("session") != "s1") return (void)(res.status = 404);
      std::lock_guard lock(mutex);
      session_posts.push_back(req.body);
      res.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
    });
    WxRoutes();
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
  std::atomic<int> wx_stale{0};
  std::atomic<int> media_gets{0};
  std::mutex mutex;
  std::vector<std::string> session_posts;  // bodies posted to a sessionWebhook

 private:
  // WeChat's GET /cgi-bin/token, WeCom's GET /cgi-bin/gettoken (tokens
  // "w1", "q2" …) and their shared GET /cgi-bin/media/get.
  void WxRoutes() {
    const auto token = [this](httplib::Response& res, bool ok, const char* prefix) {
      if (!ok)
        return res.set_content(R"({"errcode":40125,"errmsg":"invalid appsecret"})", "text/plain");
      res.set_content(
          json{{"access_token", prefix + std::to_string(++tokens)}, {"expires_in", 7200}}.dump(),
          "text/plain");
    };
    s_.Get("/cgi-bin/token", [token](const httplib::Request& req, httplib::Response& res) {
      token(res,
            req.get_param_value("grant_type") == "client_credential" &&
                req.get_param_value("appid") == "wxapp" &&
                req.get_param_value("secret") == "wx-secret/+&1",
            "w");
    });
    s_.Get("/cgi-bin/gettoken", [token](const httplib::Request& req, httplib::Response& res) {
      token(res,
            req.get_param_value("corpid") == "corp1" &&
                req.get_param_value("corpsecret") == "wc-secret",
            "q");
    });
    s_.Get("/cgi-bin/media/get", [this](const httplib::Request& req, httplib::Response& res) {
      ++media_gets;
      const std::string t = req.get_param_value("access_token");
      const std::string media_id = req.get_param_value("media_id");
      if (t.size() < 2 || t.substr(1) != std::to_string(tokens.load()) || wx_stale-- > 0)
        return res.set_content(R"({"errcode":40001,"errmsg":"invalid credential"})", "text/plain");
      if (media_id == "m-shot") return res.set_content(Shot(), "image/png");
      if (media_id == "m-video")
        return res.set_content(R"({"video_url":"http://example.invalid/v.mp4"})",
                               "application/json");
      res.set_content(R"({"errcode":40007,"errmsg":"invalid media_id"})", "text/plain");
    });
  }

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

// What WeChat's and WeCom's media pictures are bounded by.
ImageFetchOptions Limits(std::size_t max_bytes) {
  ImageFetchOptions o;
  o.max_bytes = max_bytes;
  o.timeout = std::chrono::milliseconds(2000);
  return o;
}

TEST_CASE("WeChat pictures by MediaId: one access token for two, fetched again once when expired") {
  FakeApis api;
  const WechatMedia media(api.Base(), "wxapp", "wx-secret/+&1", Limits(5 << 20));
  FetchedImage got = media.Fetch(Named("7001", "m-shot"));
  CHECK(got.error.empty());
  CHECK(got.bytes == Shot());
  CHECK(media.Fetch(Named("7002", "m-shot")).bytes == Shot());
  CHECK(api.tokens == 1);  // cached
  CHECK(api.media_gets == 2);

  api.wx_stale = 1;  // errcode 40001 once: a new token, and the picture asked again
  CHECK(media.Fetch(Named("7003", "m-shot")).bytes == Shot());
  CHECK(api.tokens == 2);
  CHECK(api.media_gets == 4);

  api.wx_stale = 2;  // refused again after the refresh: an error, no third try
  got = media.Fetch(Named("7004", "m-shot"));
  CHECK(got.bytes.empty());
  CHECK(got.error == "media download: error reply, errcode 40001");
  CHECK(api.tokens == 3);
  CHECK(api.media_gets == 6);
}

TEST_CASE("a JSON answer of the media API is an error, never a picture") {
  FakeApis api;
  const WechatMedia media(api.Base(), "wxapp", "wx-secret/+&1", Limits(5 << 20));
  SUBCASE("an errcode as text/plain") {
    const FetchedImage got = media.Fetch(Named("7001", "m-gone"));
    CHECK(got.bytes.empty());
    CHECK(got.error == "media download: error reply, errcode 40007");
  }
  SUBCASE("any JSON as application/json") {
    const FetchedImage got = media.Fetch(Named("7001", "m-video"));
    CHECK(got.bytes.empty());
    CHECK(got.error == "media download: error reply, errcode -1");
  }
  CHECK(api.tokens == 1);  // not a token problem: no refresh
}

TEST_CASE("media API pictures: bounded in size; a refused secret is an error that hides it") {
  FakeApis api;
  const FetchedImage big =
      WechatMedia(api.Base(), "wxapp", "wx-secret/+&1", Limits(1000)).Fetch(Named("1", "m-shot"));
  CHECK(big.bytes.empty());
  CHECK(big.error == "image larger than the limit");
  const FetchedImage refused =
      WechatMedia(api.Base(), "wxapp", "wrong-secret", Limits(5 << 20)).Fetch(Named("1", "m-shot"));
  CHECK(refused.bytes.empty());
  CHECK(refused.error.starts_with("access token: error reply: {\"errcode\":40125"));
  CHECK(refused.error.find("wrong-secret") == std::string::npos);
  CHECK(api.media_gets == 1);  // only the big one got as far
}

TEST_CASE("WeCom pictures by MediaId: gettoken with corpid and corpsecret, the same rules") {
  FakeApis api;
  const WecomMedia media(api.Base(), "corp1", "wc-secret", Limits(5 << 20));
  CHECK(media.Fetch(Named("1", "m-shot")).bytes == Shot());
  CHECK(media.Fetch(Named("2", "m-shot")).bytes == Shot());
  CHECK(api.tokens == 1);
  api.wx_stale = 1;
  CHECK(media.Fetch(Named("3", "m-shot")).bytes == Shot());
  CHECK(api.tokens == 2);
  CHECK(media.Fetch(Named("4", "m-gone")).error == "media download: error reply, errcode 40007");
  CHECK(WecomMedia(api.Base(), "corp1", "wc-secret", Limits(1000))
            .Fetch(Named("5", "m-shot"))
            .error == "image larger than the limit");
  CHECK(WecomMedia(api.Base(), "corp1", "wrong", Limits(5 << 20))
            .Fetch(Named("6", "m-shot"))
            .error.starts_with("access token: "));
}

// A DingTalk robot whose pictures come from fake APIs, on a stack not yet
// started; `late` lets it answer late through the fake sessionWebhook host.
struct DingtalkFixture {
  explicit DingtalkFixture(bool late = false)
      : media(api.Base(), "ding-key", "SEC-test-secret", Allowed(api)),
        channel("SEC-test-secret", late ? api.Base() : "") {}
  static ImageFetchOptions Allowed(const FakeApis& api) {
    ImageFetchOptions allowed;
    allowed.hosts = {api.Host()};
    return allowed;
  }
  FakeApis api;
  const DingtalkMedia media;
  OcrPool pool{OcrPoolOptions{}};
  DingtalkChannel channel;
  test::ServerStack stack;
};

// A signed DingTalk robot push of picture `code` to `stack`.
httplib::Result DingtalkPicture(test::ServerStack& stack, const std::string& code,
                                const json& extra = json::object()) {
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  json body = {{"conversationId", "cid1"},
               {"conversationType", "1"},
               {"msgId", "pic-" + code},
               {"msgtype", "picture"},
               {"content", {{"downloadCode", code}}},
               {"senderId", "$:sender"},
               {"senderNick", "小李"},
               {"senderStaffId", "staff1"},
               {"chatbotUserId", "$:bot"}};
  body.update(extra);
  auto c = stack.Client();
  c.set_read_timeout(30, 0);
  return c.Post(
      "/dingtalk",
      {{"timestamp", ts},
       {"sign", Base64Encode(HmacSha256("SEC-test-secret", ts + "\n" + "SEC-test-secret"))}},
      body.dump(), "application/json");
}

TEST_CASE("a slow DingTalk picture is acknowledged, then answered through its sessionWebhook") {
  DingtalkFixture f(/*late=*/true);
  FakeApis& api = f.api;
  test::ServerStack& stack = f.stack;
  stack.SetOcr(f.pool, {}, std::chrono::milliseconds(1));  // every reading is "slow"
  SqliteOutboxStore store{stack.db()};
  std::ostringstream log;
  Outbox outbox{store, [] { return std::chrono::system_clock::now(); }, log};
  DingtalkSessionSender sender(api.Base());
  outbox.Register("dingtalk-session", sender);
  stack.Add("/dingtalk", f.channel, &f.media);
  stack.SetOutbox(&outbox);
  stack.Start();
  const std::int64_t in_an_hour =
      std::chrono::duration_cast<std::chrono::milliseconds>(
          (std::chrono::system_clock::now() + std::chrono::hours(1)).time_since_epoch())
          .count();
  const std::string slow = test::ShippedLanguage().texts(BotText::kScreenshotSlow);

  SUBCASE("a webhook on the DingTalk host: acknowledged now, answered there") {
    const auto r = DingtalkPicture(stack, "code-1",
                                   {{"sessionWebhook", api.Url("/robot/sendBySession?session=s1")},
                                    {"sessionWebhookExpiredTime", in_an_hour}});
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(json::parse(r->body).at("text").at("content") == slow);
    for (int i = 0; i < 300 && outbox.RunOnce() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard lock(api.mutex);
    REQUIRE(api.session_posts.size() == 1);
    const std::string late = api.session_posts[0];
    CHECK(late.find("我看了你发的截图") != std::string::npos);
    CHECK(late.find("小程序备注") != std::string::npos);
  }
  SUBCASE("a webhook elsewhere or expiring is never posted to: the bot waits and answers inline") {
    int n = 0;
    for (json extra : {json{{"sessionWebhook", "http://127.0.0.2:1/robot/sendBySession?session=s1"},
                            {"sessionWebhookExpiredTime", in_an_hour}},
                       json{{"sessionWebhook", api.Url("/robot/sendBySession?session=s1")},
                            {"sessionWebhookExpiredTime", in_an_hour - 3'590'000}},
                       json{{"sessionWebhook", api.Url("/robot/sendBySession?session=s1")}}}) {
      extra["msgId"] = "late-" + std::to_string(++n);  // three messages, not retries
      const auto r = DingtalkPicture(stack, "code-1", extra);
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body.find("我看了你发的截图") != std::string::npos);
    }
    CHECK(outbox.RunOnce() == 0);
    std::lock_guard lock(api.mutex);
    CHECK(api.session_posts.empty());
  }
}

TEST_CASE("the DingTalk session sender posts only under its base") {
  FakeApis api;
  DingtalkSessionSender sender(api.Base());
  const json body = {{"msgtype", "text"}, {"text", {{"content", "你好"}}}};
  CHECK(sender
            .Send(json{{"url", "http://127.0.0.2:9/robot/sendBySession?session=s1"}, {"body", body}}
                      .dump())
            .starts_with("session webhook outside"));
  CHECK(sender.Send(json{{"url", api.Url("/other?session=s1")}, {"body", body}}.dump())
            .starts_with("session webhook outside"));
  CHECK(sender.Send("not json") == "bad payload");
  CHECK(sender.Send(
            json{{"url", api.Url("/robot/sendBySession?session=s1")}, {"body", body}}.dump()) ==
        "");
  std::lock_guard lock(api.mutex);
  REQUIRE(api.session_posts.size() == 1);
  CHECK(json::parse(api.session_posts[0]) == body);
}

TEST_CASE("a DingTalk picture is answered through the whole stack") {
  DingtalkFixture f;
  f.stack.SetOcr(f.pool);
  f.stack.Add("/dingtalk", f.channel, &f.media);
  f.stack.Start();
  const auto r = DingtalkPicture(f.stack, "code-1");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->body.find("我看了你发的截图") != std::string::npos);
  CHECK(r->body.find("小程序备注") != std::string::npos);
}

TEST_CASE("a WeChat picture whose PicUrl cannot be used is read by its MediaId and answered") {
  FakeApis api;
  ImageFetchOptions fetch = Limits(5 << 20);
  fetch.hosts = {api.Host()};
  const WechatMedia media(api.Base(), "wxapp", "wx-secret/+&1", Limits(5 << 20));
  OcrPool pool(OcrPoolOptions{});
  WechatChannel channel("tok", "wxappid0000000001", "");
  test::ServerStack stack;
  stack.SetOcr(pool, fetch);
  stack.Add("/wechat", channel, &media);
  stack.Start();
  std::string pic_url;
  SUBCASE("its host is not in ocr.image_hosts: never asked") {
    pic_url = "http://mmbiz.example.invalid/shot.png";
  }
  SUBCASE("its host is allowed, but the download fails") { pic_url = api.Url("/file/none"); }
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  auto c = stack.Client();
  c.set_read_timeout(30, 0);
  const auto r =
      c.Post("/wechat?timestamp=" + ts + "&nonce=n1&signature=" + SortedSha1({"tok", ts, "n1"}),
             XmlFields({{"ToUserName", "gh_bot"},
                        {"FromUserName", "oUser1"},
                        {"CreateTime", ts},
                        {"MsgType", "image"},
                        {"PicUrl", pic_url},
                        {"MediaId", "m-shot"},
                        {"MsgId", "8001"}}),
             "text/xml");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto reply = ParseXmlFields(r->body);
  REQUIRE(reply);
  const std::string text = reply->count("Content") ? reply->at("Content") : "";
  CHECK(text.find("我看了你发的截图") != std::string::npos);
  // app-remark-format-1x.png: error.app.remark-format (expected.jsonl).
  CHECK(text.find("请在小程序备注按格式填写") != std::string::npos);
  CHECK(api.media_gets == 1);
}

}  // namespace
}  // namespace beian
