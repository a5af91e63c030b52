// Screenshots read after the platform's window (issue #25) on WeCom and
// Feishu: acknowledged at once, then answered through the platform's API,
// against a fake WeCom / Feishu API on 127.0.0.1 and the real senders.
#include <doctest/doctest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "bot/channels/api_senders.h"
#include "bot/channels/feishu.h"
#include "bot/channels/media_sources.h"
#include "bot/channels/wecom.h"
#include "bot/channels/wx_crypto.h"
#include "bot/channels/xml_fields.h"
#include "storage/sqlite/sqlite_outbox_store.h"
#include "tests/bot/platform_requests.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

const std::filesystem::path kShots = BEIAN_TEST_SCREENSHOTS;

// app-remark-format-1x.png shows error.app.remark-format.
std::string Shot() { return test::SlurpFile(kShots / "app-remark-format-1x.png"); }

// The picture, WeCom's gettoken and message/send (tokens "q1", "q2" …;
// `expire` makes the next so many sends answer 42001), Feishu's tenant
// token, message resource and reply APIs.
class FakePlatform {
 public:
  FakePlatform() {
    s_.Get("/shot.png", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Shot(), "image/png");
    });
    s_.Get("/cgi-bin/gettoken", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_param_value("corpid") != test::BotSecrets::kWecomCorpId ||
          req.get_param_value("corpsecret") != "wc-secret")
        return res.set_content(R"({"errcode":40001})", "application/json");
      res.set_content(json{{"errcode", 0},
                           {"access_token", "q" + std::to_string(++tokens)},
                           {"expires_in", 7200}}
                          .dump(),
                      "application/json");
    });
    s_.Post("/cgi-bin/message/send", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_param_value("access_token") != "q" + std::to_string(tokens.load()) ||
          expire-- > 0)
        return res.set_content(R"({"errcode":42001,"errmsg":"access_token expired"})",
                               "application/json");
      Keep(req.body);
      res.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
    });
    FeishuRoutes();
    port_ = s_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { s_.listen_after_bind(); });
    while (!s_.is_running()) std::this_thread::yield();
  }
  ~FakePlatform() {
    s_.stop();
    thread_.join();
  }
  std::string Base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> Sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::atomic<int> tokens{0};
  std::atomic<int> expire{0};

 private:
  void Keep(const std::string& body) {
    std::lock_guard lock(mutex_);
    sent_.push_back(body);
  }
  void FeishuRoutes() {
    s_.Post("/open-apis/auth/v3/tenant_access_token/internal", [](const httplib::Request&,
                                                                  httplib::Response& res) {
      res.set_content(R"({"code":0,"tenant_access_token":"ft","expire":7200})", "application/json");
    });
    s_.Get(R"(/open-apis/im/v1/messages/om_pic/resources/img_k)",
           [](const httplib::Request& req, httplib::Response& res) {
             if (req.get_header_value("Authorization") != "Bearer ft")
               return (void)(res.status = 401);
             res.set_content(Shot(), "image/png");
           });
    s_.Post(R"(/open-apis/im/v1/messages/om_pic/reply)",
            [this](const httplib::Request& req, httplib::Response& res) {
              if (req.get_header_value("Authorization") != "Bearer ft")
                return (void)(res.status = 401);
              Keep(req.body);
              res.set_content(R"({"code":0,"data":{}})", "application/json");
            });
  }

  httplib::Server s_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> sent_;  // message/send and reply bodies
};

// A stack (not started) where every reading is "slow" (a window of 1 ms),
// pictures come from `api`, and late answers go through `outbox`.
struct SlowPlatform {
  SlowPlatform() : stack(1 << 20), store(stack.db()) {
    ImageFetchOptions fetch;
    fetch.hosts = {api.Host()};
    stack.SetOcr(pool, fetch, std::chrono::milliseconds(1));
    stack.SetOutbox(&outbox);
  }
  // Runs the outbox until the fake API has `n` bodies (or 15 s pass).
  std::vector<std::string> SentAfterOutbox(std::size_t n) {
    for (int i = 0; i < 300 && api.Sent().size() < n; ++i) {
      if (outbox.RunOnce() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return api.Sent();
  }
  FakePlatform api;
  test::ServerStack stack;
  OcrPool pool{OcrPoolOptions{}};
  SqliteOutboxStore store;
  std::ostringstream log;
  Outbox outbox{store, [] { return std::chrono::system_clock::now(); }, log};
};

// A WeCom image message from "lisi" to app `agent`, as the stack's client sends it.
httplib::Result WecomPicture(SlowPlatform& p, const std::string& agent, const std::string& id) {
  const auto r = test::WecomRequest(XmlFields({{"ToUserName", test::BotSecrets::kWecomCorpId},
                                               {"FromUserName", "lisi"},
                                               {"CreateTime", "1700000000"},
                                               {"MsgType", "image"},
                                               {"PicUrl", p.api.Base() + "/shot.png"},
                                               {"MediaId", "m-1"},
                                               {"MsgId", id},
                                               {"AgentID", agent}}));
  auto c = p.stack.Client();
  c.set_read_timeout(30, 0);
  return c.Post(r.path, r.body, r.content_type);
}

// The text of WeCom's encrypted passive reply.
std::string PassiveText(const std::string& body) {
  const auto outer = ParseXmlFields(body);
  REQUIRE(outer);
  const WxCrypt crypt(test::BotSecrets::kWecomToken, test::BotSecrets::kWecomAesKey,
                      test::BotSecrets::kWecomCorpId);
  const auto plain = crypt.Decrypt(outer->at("Encrypt"));
  REQUIRE(plain);
  const auto inner = ParseXmlFields(*plain);
  REQUIRE(inner);
  return inner->count("Content") ? inner->at("Content") : "";
}

TEST_CASE("a slow WeCom screenshot is acknowledged, then answered through the app message API") {
  SlowPlatform p;
  WecomChannel channel(test::BotSecrets::kWecomToken, test::BotSecrets::kWecomAesKey,
                       test::BotSecrets::kWecomCorpId);
  channel.EnableLateReplies();  // wecom.secret set
  WecomAppSender sender(p.api.Base(), test::BotSecrets::kWecomCorpId, "wc-secret");
  p.outbox.Register("wecom", sender);
  p.stack.Add("/wecom", channel);
  p.stack.Start();

  SUBCASE("acknowledged in the passive reply; the answer sent to the user from the same app") {
    p.api.expire = 1;  // the first send finds the token expired: fetched again once
    const auto r = WecomPicture(p, "1000002", "9001");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(PassiveText(r->body) == test::ShippedLanguage().texts(BotText::kScreenshotSlow));
    const auto sent = p.SentAfterOutbox(1);
    REQUIRE(sent.size() == 1);
    const json j = json::parse(sent[0]);
    CHECK(j.at("touser") == "lisi");
    CHECK(j.at("agentid") == 1000002);
    CHECK(j.at("msgtype") == "text");
    const auto text = j.at("text").at("content").get<std::string>();
    CHECK(text.find("我看了你发的截图") != std::string::npos);
    CHECK(text.find("小程序备注") != std::string::npos);
    CHECK(p.api.tokens == 2);
  }
  SUBCASE("an AgentID that is not a number: nothing sent, the bot waits and answers inline") {
    const auto r = WecomPicture(p, "1000002<x>", "9002");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(PassiveText(r->body).find("我看了你发的截图") != std::string::npos);
    CHECK(p.outbox.RunOnce() == 0);
    CHECK(p.api.Sent().empty());
  }
}

TEST_CASE("the WeCom app sender refuses a payload it cannot send and names a refused secret") {
  FakePlatform api;
  WecomAppSender sender(api.Base(), test::BotSecrets::kWecomCorpId, "wc-secret");
  CHECK(sender.Send("not json") == "bad payload");
  CHECK(sender.Send(json{{"touser", "lisi"}, {"agentid", "1"}, {"text", "x"}}.dump()) ==
        "bad payload");
  WecomAppSender wrong(api.Base(), test::BotSecrets::kWecomCorpId, "wrong");
  const std::string error =
      wrong.Send(json{{"touser", "lisi"}, {"agentid", 1}, {"text", "x"}}.dump());
  CHECK(error.starts_with("access token: "));
  CHECK(error.find("wrong") == std::string::npos);
  CHECK(api.Sent().empty());
}

// A Feishu image message in a p2p chat, or a group one nobody @-mentioned.
httplib::Result FeishuPicture(SlowPlatform& p, bool group) {
  const json event = {{"schema", "2.0"},
                      {"header",
                       {{"event_id", std::string("ev-pic-") + (group ? "g" : "p")},
                        {"event_type", "im.message.receive_v1"},
                        {"token", test::BotSecrets::kFeishuToken}}},
                      {"event",
                       {{"sender", {{"sender_id", {{"open_id", "ou_1"}}}, {"sender_type", "user"}}},
                        {"message",
                         {{"message_id", "om_pic"},
                          {"chat_id", "oc_1"},
                          {"chat_type", group ? "group" : "p2p"},
                          {"message_type", "image"},
                          {"content", json{{"image_key", "img_k"}}.dump()}}}}}};
  const auto r = test::FeishuRequest(event.dump());
  auto c = p.stack.Client();
  c.set_read_timeout(30, 0);
  return c.Post(r.path, r.headers, r.body, r.content_type);
}

std::string FeishuText(const std::string& reply_body) {
  return json::parse(json::parse(reply_body).at("content").get<std::string>())
      .at("text")
      .get<std::string>();
}

TEST_CASE("a slow Feishu screenshot: the acknowledgement, then the answer, through the reply API") {
  SlowPlatform p;
  FeishuChannel channel(test::BotSecrets::kFeishuToken, test::BotSecrets::kFeishuEncryptKey);
  const FeishuMedia media(p.api.Base(), "cli_app", "fs-secret", 5 << 20);
  FeishuReplySender sender(p.api.Base(), "cli_app", "fs-secret");
  p.outbox.Register("feishu", sender);
  p.stack.Add("/feishu", channel, &media);
  p.stack.Start();
  const std::string slow = test::ShippedLanguage().texts(BotText::kScreenshotSlow);

  SUBCASE("in a direct chat: 正在识别 first, then the answer") {
    const auto r = FeishuPicture(p, /*group=*/false);
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto sent = p.SentAfterOutbox(2);
    REQUIRE(sent.size() == 2);
    CHECK(FeishuText(sent[0]) == slow);
    CHECK(FeishuText(sent[1]).find("我看了你发的截图") != std::string::npos);
  }
  SUBCASE("a group picture nobody addressed: no acknowledgement, only the answer to its error") {
    const auto r = FeishuPicture(p, /*group=*/true);
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto sent = p.SentAfterOutbox(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    p.outbox.RunOnce();
    REQUIRE(p.api.Sent().size() == 1);
    CHECK(FeishuText(sent[0]).find("小程序备注") != std::string::npos);
    CHECK(FeishuText(sent[0]).find(slow) == std::string::npos);
  }
}

}  // namespace
}  // namespace beian
