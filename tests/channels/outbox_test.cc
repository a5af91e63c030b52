// The outbox and the platforms that reply through an API (WeChat mini program
// customer service, Feishu), against a fake platform API on 127.0.0.1.
#include "bot/core/outbox.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/channels/api_senders.h"
#include "bot/channels/crypto.h"
#include "bot/channels/feishu.h"
#include "bot/channels/wechat.h"
#include "bot/core/staff_push.h"
#include "bot/server/admin_api.h"
#include "storage/sqlite/sqlite_outbox_store.h"
#include "tests/bot/server_stack.h"
#include "tests/support/sqlite_support.h"

namespace beian {
namespace {

using nlohmann::json;

// A fake WeChat + Feishu API: hands out tokens, records what is sent, and can
// fail the next N sends with HTTP 500.
class FakePlatform {
 public:
  FakePlatform() {
    server_.Get("/cgi-bin/token", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      ++tokens_;
      if (req.get_param_value("secret") != "app-secret") {
        res.set_content(R"({"errcode":40125,"errmsg":"invalid appsecret"})", "application/json");
        return;
      }
      res.set_content(
          R"({"access_token":"TOKEN-)" + std::to_string(tokens_) + R"(","expires_in":7200})",
          "application/json");
    });
    server_.Post("/cgi-bin/message/custom/send", [this](const httplib::Request& req,
                                                        httplib::Response& res) {
      std::lock_guard lock(mu_);
      if (fail_next_ > 0) {
        --fail_next_;
        res.status = 500;
        return;
      }
      if (req.get_param_value("access_token").rfind("TOKEN-", 0) != 0) {
        res.set_content(R"({"errcode":40001,"errmsg":"invalid credential"})", "application/json");
        return;
      }
      sent_.push_back(json::parse(req.body));
      res.set_content(R"({"errcode":0,"errmsg":"ok"})", "application/json");
    });
    server_.Post("/open-apis/auth/v3/tenant_access_token/internal", [](const httplib::Request&,
                                                                       httplib::Response& res) {
      res.set_content(R"({"code":0,"tenant_access_token":"FT","expire":7200})", "application/json");
    });
    server_.Post(R"(/open-apis/im/v1/messages/([^/]+)/reply)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mu_);
                   if (req.get_header_value("Authorization") != "Bearer FT") {
                     res.status = 401;
                     return;
                   }
                   json j = json::parse(req.body);
                   j["_message_id"] = req.matches[1].str();
                   sent_.push_back(j);
                   res.set_content(R"({"code":0,"msg":"success"})", "application/json");
                 });
    server_.Post("/open-apis/im/v1/messages",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mu_);
                   if (req.get_header_value("Authorization") != "Bearer FT" ||
                       req.get_param_value("receive_id_type") != "chat_id") {
                     res.status = 400;
                     return;
                   }
                   sent_.push_back(json::parse(req.body));
                   res.set_content(R"({"code":0,"msg":"success"})", "application/json");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 2000 && !probe.Get("/cgi-bin/none"); ++i) {
    }
  }
  ~FakePlatform() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<json> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  void FailNext(int n) {
    std::lock_guard lock(mu_);
    fail_next_ = n;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  int tokens_ = 0;
  int fail_next_ = 0;
  std::vector<json> sent_;
};

struct ManualClock {
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  Clock clock() {
    return [this] { return now; };
  }
};

TEST_CASE("the outbox delivers through the customer-service API, retrying after a failure") {
  FakePlatform fake;
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteOutboxStore store(db);
  ManualClock t;
  std::ostringstream log;
  Outbox outbox(store, t.clock(), log);
  WechatCsSender sender(fake.base(), "wxapp", "app-secret");
  outbox.Register("wechat-cs", sender);

  fake.FailNext(1);
  outbox.Enqueue("wechat-cs", json{{"touser", "oUser"}, {"text", "你好"}}.dump());
  CHECK(outbox.RunOnce() == 0);  // HTTP 500
  CHECK(log.str().find("will retry") != std::string::npos);
  CHECK(outbox.RunOnce() == 0);  // not due yet (backoff)
  t.now += std::chrono::seconds(3);
  CHECK(outbox.RunOnce() == 1);
  const auto sent = fake.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].at("touser") == "oUser");
  CHECK(sent[0].at("msgtype") == "text");
  CHECK(sent[0].at("text").at("content") == "你好");
  CHECK(store.Count("sent") == 1);
  CHECK(store.Count("pending") == 0);
}

TEST_CASE("pending replies survive a restart and are delivered once") {
  FakePlatform fake;
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  ManualClock t;
  std::ostringstream log;
  {
    Database db(path);
    SqliteOutboxStore store(db);
    Outbox before(store, t.clock(), log);  // no sender: the process "dies" before delivering
    before.Enqueue("wechat-cs", json{{"touser", "oUser"}, {"text", "第一条"}}.dump());
  }
  Database db(path);
  SqliteOutboxStore store(db);
  Outbox after(store, t.clock(), log);
  WechatCsSender sender(fake.base(), "wxapp", "app-secret");
  after.Register("wechat-cs", sender);
  CHECK(after.RunOnce() == 1);
  CHECK(after.RunOnce() == 0);
  CHECK(fake.sent().size() == 1);
}

TEST_CASE("an item that keeps failing is given up after the last attempt") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteOutboxStore store(db);
  ManualClock t;
  std::ostringstream log;
  Outbox outbox(store, t.clock(), log);
  WechatCsSender sender("http://127.0.0.1:1", "wxapp", "app-secret");  // nothing listens there
  outbox.Register("wechat-cs", sender);
  outbox.Enqueue("wechat-cs", json{{"touser", "o"}, {"text", "x"}}.dump());
  for (int i = 0; i < Outbox::kMaxAttempts; ++i) {
    outbox.RunOnce();
    t.now += std::chrono::seconds(301);
  }
  CHECK(store.Count("failed") == 1);
  CHECK(log.str().find("failed for good") != std::string::npos);
}

TEST_CASE(
    "a staff answer is pushed at once to WeChat and Feishu askers; others see it with their next "
    "message") {
  FakePlatform fake;
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteOutboxStore store(db);
  test::SqliteSupport support(db);
  ManualClock t;
  std::ostringstream log;
  Outbox outbox(store, t.clock(), log);
  WechatCsSender wechat(fake.base(), "wxapp", "app-secret");
  FeishuReplySender feishu(fake.base(), "cli_app", "secret");
  outbox.Register("wechat-cs", wechat);
  outbox.Register("feishu", feishu);
  StaffPush push(outbox, test::ShippedLanguage().texts);
  push.Route("wechat", "wechat-cs", "touser", StaffPush::Address::kUser);
  push.Route("feishu", "feishu", "chat_id", StaffPush::Address::kChat);
  LiveKnowledge knowledge(test::ShippedMatcher().kb_ptr(), support.taught, t.clock());
  AdminApi admin(
      "tok", support, knowledge, test::ShippedLanguage().texts, BEIAN_TEST_KB_DIR,
      [] { return std::int64_t{1'800'000'000}; }, &push);

  const std::int64_t now = 1'800'000'000;
  const Asker on_wechat{"wechat", "oOpenId", "oOpenId"}, on_feishu{"feishu", "oc_chat", "ou_user"},
      on_api{"api", "c1", "u1"};
  const std::string id = support.triage.Triage("q:公众号改名", "公众号怎么改名字",
                                               TriageReason::kDeclined, on_wechat, now);
  support.triage.Triage("q:公众号改名", "公众号怎么改名字", TriageReason::kDeclined, on_feishu,
                        now);
  support.triage.Triage("q:公众号改名", "公众号怎么改名字", TriageReason::kDeclined, on_api, now);

  const auto r = admin.Handle("POST", "items/" + id + "/answer", {},
                              R"({"text":"在公众号后台“设置与开发”里改。"})", "Bearer tok");
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body).at("pushed") == 2);
  CHECK(outbox.RunOnce() == 2);
  const auto sent = fake.sent();
  REQUIRE(sent.size() == 2);
  bool to_wechat = false, to_feishu = false;
  for (const auto& m : sent) {
    if (m.contains("touser")) {
      to_wechat = m.at("touser") == "oOpenId" && m.at("text").at("content").get<std::string>().find(
                                                     "设置与开发") != std::string::npos;
    } else {
      to_feishu =
          m.at("receive_id") == "oc_chat" && json::parse(m.at("content").get<std::string>())
                                                     .at("text")
                                                     .get<std::string>()
                                                     .find("公众号怎么改名字") != std::string::npos;
    }
  }
  CHECK(to_wechat);
  CHECK(to_feishu);
  // Pushed ones are not shown a second time; the API user sees it next time, once.
  CHECK(support.triage.TakeAnswersFor(on_wechat).empty());
  CHECK(support.triage.TakeAnswersFor(on_api).size() == 1);
  CHECK(support.triage.TakeAnswersFor(on_api).empty());
}

// A server with one deferred-reply channel, its outbox and the sender to the fake API.
// (Members are destroyed in reverse: the server stops before the channel and
// sender it uses go away.)
struct DeferredFixture {
  FakePlatform fake;
  std::unique_ptr<Channel> channel;
  std::unique_ptr<Sender> sender;
  test::ServerStack stack;
  std::ostringstream log;
  SqliteOutboxStore store{stack.db()};
  Outbox outbox{store, [] { return std::chrono::system_clock::now(); }, log};
  void Serve(const std::string& path, std::unique_ptr<Channel> c, const std::string& name,
             std::unique_ptr<Sender> s) {
    channel = std::move(c);
    sender = std::move(s);
    outbox.Register(name, *sender);
    stack.Add(path, *channel);
    stack.SetOutbox(&outbox);
    stack.Start();
  }
};

TEST_CASE("a mini program JSON push is answered success, then by the customer-service API") {
  DeferredFixture fx;
  fx.Serve("/wechat", std::make_unique<WechatChannel>("tok", "wxapp", "", /*mini_program=*/true),
           "wechat-cs", std::make_unique<WechatCsSender>(fx.fake.base(), "wxapp", "app-secret"));
  auto& stack = fx.stack;
  auto& outbox = fx.outbox;
  auto& store = fx.store;
  auto& fake = fx.fake;

  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  const std::string body =
      R"({"ToUserName":"gh_mini","FromUserName":"oMini","CreateTime":1,"MsgType":"text","Content":"验证码不正确","MsgId":12345678901234567890})";
  const std::string query =
      "/wechat?timestamp=" + ts + "&nonce=n&signature=" + SortedSha1({"tok", ts, "n"});
  auto r = stack.Client().Post(query, body, "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "success");
  auto retry = stack.Client().Post(query, body, "application/json");  // WeChat's retry
  REQUIRE(retry);
  CHECK(retry->body == "success");
  CHECK(outbox.RunOnce() >= 1);
  const auto sent = fake.sent();
  REQUIRE(!sent.empty());
  CHECK(sent[0].at("touser") == "oMini");
  CHECK(sent[0].at("text").at("content").get<std::string>().find("验证码") != std::string::npos);
  CHECK(store.Count("sent") ==
        static_cast<std::int64_t>(sent.size()));  // the retry queued nothing more
}

TEST_CASE("Feishu: challenge, token check, and a group @-message answered through the reply API") {
  DeferredFixture fx;
  fx.Serve("/feishu", std::make_unique<FeishuChannel>("vtoken", ""), "feishu",
           std::make_unique<FeishuReplySender>(fx.fake.base(), "cli_app", "secret"));
  auto& stack = fx.stack;
  auto& outbox = fx.outbox;
  auto& fake = fx.fake;

  auto c = stack.Client();
  auto challenge =
      c.Post("/feishu", R"({"challenge":"abc","token":"vtoken","type":"url_verification"})",
             "application/json");
  REQUIRE(challenge);
  CHECK(json::parse(challenge->body) == json{{"challenge", "abc"}});
  auto bad = c.Post("/feishu", R"({"challenge":"abc","token":"nope","type":"url_verification"})",
                    "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 401);

  const json event = {
      {"schema", "2.0"},
      {"header",
       {{"event_id", "e1"}, {"token", "vtoken"}, {"event_type", "im.message.receive_v1"}}},
      {"event",
       {{"message",
         {{"chat_id", "oc_1"},
          {"chat_type", "group"},
          {"message_id", "om_1"},
          {"message_type", "text"},
          {"content", json{{"text", "@_user_1 人脸核身怎么做"}}.dump()},
          {"mentions", json::array({{{"key", "@_user_1"}, {"name", "bot"}}})}}},
        {"sender", {{"sender_id", {{"open_id", "ou_sender"}}}, {"sender_type", "user"}}}}}};
  auto r = c.Post("/feishu", event.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  c.Post("/feishu", event.dump(), "application/json");  // Feishu's retry
  CHECK(outbox.RunOnce() == 1);
  const auto sent = fake.sent();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].at("_message_id") == "om_1");
  CHECK(sent[0].at("msg_type") == "text");
  const std::string text =
      json::parse(sent[0].at("content").get<std::string>()).at("text").get<std::string>();
  CHECK(text.rfind("<at user_id=\"ou_sender\"></at>", 0) == 0);
  CHECK(text.find("人脸核身") != std::string::npos);

  json wrong_token = event;
  wrong_token["header"]["token"] = "nope";
  auto refused = c.Post("/feishu", wrong_token.dump(), "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 401);
}

TEST_CASE("Feishu with an Encrypt Key: signature checked, event decrypted") {
  FeishuChannel channel("vtoken", "test key");
  ChannelRequest req;
  req.method = "POST";
  // TV-F1's ciphertext decrypts to "hello world", which is not JSON: refused with 400, after the
  // signature passed.
  req.body = R"({"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="})";
  req.headers = {
      {"x-lark-request-timestamp", "1608725989"},
      {"x-lark-request-nonce", "nonce123"},
      {"x-lark-signature", "7bd5318b0e30fe805225d54bdb3e5c8f1e260e236f51918716f5e2b55957bc0a"}};
  CHECK(channel.Parse(req).response.status == 400);
  req.headers["x-lark-signature"] = "00";
  CHECK(channel.Parse(req).response.status == 401);
  ChannelRequest plain;
  plain.method = "POST";
  plain.body = R"({"header":{"token":"vtoken","event_type":"im.message.receive_v1"}})";
  CHECK(channel.Parse(plain).response.status == 401);  // must be encrypted once a key is set
}

}  // namespace
}  // namespace beian
