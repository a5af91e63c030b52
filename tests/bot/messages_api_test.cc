// POST /v1/messages and GET /metrics through the whole stack (engine,
// SQLite file, HTTP server) on 127.0.0.1.
#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/channels/generic_api.h"
#include "bot/server/config.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

class Stack {
 public:
  explicit Stack(std::string token = "") : api_(std::move(token)) {
    stack_.Add("/v1/messages", api_);
    stack_.Start();
  }
  httplib::Client Client() const { return stack_.Client(); }
  // POSTs a message; returns {status, body as JSON (null when not JSON)}.
  std::pair<int, json> Send(const json& body, const httplib::Headers& headers = {}) {
    const auto res = Client().Post("/v1/messages", headers, body.dump(), "application/json");
    REQUIRE(res);
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  static std::string AllText(const json& j) {
    std::string s;
    for (const auto& r : j.at("replies")) s += r.at("text").get<std::string>() + "\n";
    return s;
  }

 private:
  GenericApiChannel api_;
  test::ServerStack stack_;
};

json Msg(const std::string& text, const std::string& user = "u1") {
  return {{"chat_id", "c1"}, {"user_id", user}, {"text", text}};
}

TEST_CASE("POST /v1/messages answers a pasted error") {
  Stack s;
  const auto [status, j] = s.Send(Msg("【主体负责人应急联系方式】不允许被多人使用"));
  CHECK(status == 200);
  CHECK(j.at("handled").get<bool>());
  CHECK(Stack::AllText(j).find("应急手机号") != std::string::npos);
}

TEST_CASE("a whole walkthrough through the generic API") {
  Stack s;
  const std::vector<std::string> lines = {
      "开始备案",
      "广东省 深圳市 南山区",
      "企业",
      "好了",
      "深圳市某某科技有限公司",
      "广东省深圳市南山区科技园路1号",
      "91440300708461136T",
      "科技园路1号A栋501室",
      "无",
      "是",
      "身份证",
      "好了",
      "张三",
      "11010519491231002X",
      "20400101",
      "13800138000",
      "好了",
      "13900139000",
      "zhangsan@example.com",
      "网上商城、生活服务",
      "以上都不涉及",
      "本小程序为本公司门店提供线上点单、会员积分和配送到家服务，不涉及其他业务",
      "是",
      "好了",
      "张三",
      "11010519491231002X",
      "长期",
      "13800138000",
      "好了",
      "13900139000",
      "zhangsan@example.com",
      "好了",
      "好了"};
  std::string last;
  for (const auto& line : lines) {
    const auto [status, j] = s.Send(Msg(line));
    REQUIRE(status == 200);
    last = Stack::AllText(j);
    CAPTURE(line);
    CHECK(last.find("这个值有问题") == std::string::npos);
  }
  CHECK(last.find("全部 5 个部分都填完了") != std::string::npos);
  CHECK(last.find("1101**********002X") != std::string::npos);
}

TEST_CASE("a repeated message id gets the same replies and moves the conversation once") {
  Stack s;
  s.Send(Msg("开始备案"));
  json m = Msg("广东省深圳市南山区");
  m["message_id"] = "m-42";
  const auto first = s.Send(m);
  const auto again = s.Send(m);
  CHECK(first.second == again.second);
  // Still on the second step: the retry did not answer it again.
  const auto progress = s.Send(Msg("进度"));
  CHECK(Stack::AllText(progress.second).find("第 2/10 项「主体类型」") != std::string::npos);
}

TEST_CASE(
    "a message id another sender already used is that sender's own message, never a copy of the "
    "other reply") {
  Stack s;
  s.Send(Msg("开始备案", "alice"));
  json alice = Msg("11010519491231002X", "alice");
  alice["message_id"] = "shared-id";
  s.Send(Msg("广东省深圳市南山区", "alice"));
  const auto alice_reply = s.Send(alice);
  json bob = Msg("主体负责人一定要是法人吗", "bob");
  bob["message_id"] = "shared-id";  // the same id, from someone else
  const auto bob_reply = s.Send(bob);
  CHECK(bob_reply.second != alice_reply.second);
  CHECK(Stack::AllText(bob_reply.second).find("法") != std::string::npos);
  CHECK(Stack::AllText(bob_reply.second).find("1101") ==
        std::string::npos);  // nothing of alice's leaks
  json bob_elsewhere = bob;
  bob_elsewhere["chat_id"] = "c2";  // and the same id in another chat is another message too
  bob_elsewhere["text"] = "开始备案";
  CHECK(Stack::AllText(s.Send(bob_elsewhere).second).find("一步一步") != std::string::npos);
  // Alice's own retry still gets her first reply.
  CHECK(s.Send(alice).second == alice_reply.second);
}

TEST_CASE("parallel retries of one message id move the conversation once") {
  Stack s;
  s.Send(Msg("开始备案"));
  json m = Msg("广东省深圳市南山区");
  m["message_id"] = "m-par";
  std::vector<std::thread> threads;
  std::vector<json> results(3);
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[static_cast<size_t>(i)] = s.Send(m).second; });
  }
  for (auto& t : threads) t.join();
  CHECK(results[0] == results[1]);
  CHECK(results[1] == results[2]);
  const auto progress = s.Send(Msg("进度"));
  CHECK(Stack::AllText(progress.second).find("第 2/10 项「主体类型」") != std::string::npos);
}

TEST_CASE(
    "groups: only mentions, the prefix or a recognised error get an answer, and replies mention "
    "the member") {
  Stack s;
  json m = Msg("通讯地址怎么填");
  m["group"] = true;
  m["user_name"] = "小王";
  auto [status, j] = s.Send(m);
  CHECK(status == 200);
  CHECK_FALSE(j.at("handled").get<bool>());
  CHECK(j.at("replies").empty());

  m["mentioned"] = true;
  j = s.Send(m).second;
  CHECK(j.at("handled").get<bool>());
  CHECK(j.at("replies")[0].at("text").get<std::string>().rfind("@小王 ", 0) == 0);

  json prefixed = Msg("#备案 通讯地址怎么填");
  prefixed["group"] = true;
  CHECK(s.Send(prefixed).second.at("handled").get<bool>());

  json error = Msg("提交报错了：【小程序负责人手机号码】不允许被多人使用");
  error["group"] = true;
  CHECK(s.Send(error).second.at("handled").get<bool>());

  json start = Msg("#备案 开始备案");
  start["group"] = true;
  CHECK(Stack::AllText(s.Send(start).second).find("建议私聊") != std::string::npos);
}

TEST_CASE("groups: the @name of a mention is not part of the value a member types") {
  Stack s;
  const auto said = [&s](const std::string& text) {  // by 小王, mentioning the bot
    json m = Msg(text);
    m["group"] = true;
    m["mentioned"] = true;
    m["user_name"] = "小王";
    return Stack::AllText(s.Send(m).second);
  };
  REQUIRE(said("@备案助手 开始备案").find("选择地区") != std::string::npos);
  // WeChat puts U+2005 after the name; some hosts put the mention last.
  CHECK(said("@备案助手\u2005广东 深圳 南山区").find("已记录「选择地区」：广东省 深圳市 南山区") !=
        std::string::npos);
  CHECK(said("企业 @备案助手").find("已记录「主体类型」：企业") != std::string::npos);
  // The @ of an e-mail address is no mention.
  REQUIRE(said("@备案助手 跳到主体负责人邮箱").find("「邮箱地址」") != std::string::npos);
  CHECK(said("@备案助手 zhang.san@qq.com").find("已记录「邮箱地址」") != std::string::npos);
}

TEST_CASE("bad requests get a 4xx with a JSON error") {
  Stack s;
  auto c = s.Client();
  for (const std::string& body :
       {std::string("not json"), std::string("[]"), std::string(R"({"chat_id":"c"})"),
        std::string(R"({"chat_id":"c","user_id":"u","text":5})"),
        std::string(R"({"chat_id":"","user_id":"u","text":"x"})"),
        std::string(R"({"chat_id":"c","user_id":"u","text":"x","group":"yes"})")}) {
    CAPTURE(body);
    const auto res = c.Post("/v1/messages", body, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(json::parse(res->body).contains("error"));
  }
  const auto big = c.Post("/v1/messages", std::string(100 * 1024, 'x'), "application/json");
  REQUIRE(big);
  CHECK(big->status == 413);
}

TEST_CASE("a configured bearer token is required") {
  Stack s("s3cret");
  CHECK(s.Send(Msg("你好")).first == 401);
  CHECK(s.Send(Msg("你好"), {{"Authorization", "Bearer wrong"}}).first == 401);
  CHECK(s.Send(Msg("你好"), {{"Authorization", "Bearer s3cret"}}).first == 200);
}

TEST_CASE("GET /metrics counts requests, messages and lookups") {
  Stack s;
  s.Send(Msg("你好"));
  s.Client().Get("/v1/lookup?q=x");
  s.Client().Get("/nope/123");
  // Requests are counted by the access logger, which httplib calls after the
  // response is written: poll until the last one shows up.
  const std::vector<std::string> expected = {
      "beian_http_requests_total{route=\"/v1/messages\",status=\"200\"} 1",
      "beian_messages_total{platform=\"api\",kind=\"greeting\"} 1",
      "beian_lookups_total{result=\"declined\"} 1", "route=\"other\",status=\"404\"",
      "beian_http_request_duration_seconds_count"};
  std::string body;
  for (int attempt = 0; attempt < 200; ++attempt) {
    const auto res = s.Client().Get("/metrics");
    REQUIRE(res);
    CHECK(res->status == 200);
    body = res->body;
    if (std::all_of(expected.begin(), expected.end(),
                    [&](const std::string& e) { return body.find(e) != std::string::npos; })) {
      break;
    }
  }
  for (const auto& e : expected) {
    CAPTURE(e);
    CHECK(body.find(e) != std::string::npos);
  }
  CHECK(body.find("你好") == std::string::npos);
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("the sample config parses, and the environment overrides it") {
  ServerConfig c =
      LoadConfig(std::filesystem::path(BEIAN_TEST_FORM).parent_path().parent_path().parent_path() /
                 "docs" / "config.sample.json");
  CHECK(c.listen == "127.0.0.1:8080");
  CHECK(c.wechat.mode == "official_account");
  CHECK(c.handoff_timeout_hours == 24);
  CHECK(c.group_overrides.at("api").prefix == "#备案");
  ::setenv("BEIAN_LISTEN", "0.0.0.0:9999", 1);
  ::setenv("BEIAN_WECHAT_TOKEN", "tok", 1);
  ApplyEnvironment(c);
  ::unsetenv("BEIAN_LISTEN");
  ::unsetenv("BEIAN_WECHAT_TOKEN");
  CHECK(c.listen == "0.0.0.0:9999");
  CHECK(c.wechat.token == "tok");
}

TEST_CASE("a config with an unknown key or a wrong type is refused, naming the key") {
  test::TempDir dir;
  test::WriteFile(dir.path() / "c.json", R"({"wechat": {"tokn": "x"}})");
  CHECK_THROWS_WITH_AS(LoadConfig(dir.path() / "c.json"), doctest::Contains("c.json.wechat.tokn"),
                       ConfigError);
  test::WriteFile(dir.path() / "c.json", R"({"max_body_bytes": "big"})");
  CHECK_THROWS_AS(LoadConfig(dir.path() / "c.json"), ConfigError);
  CHECK_THROWS_AS(LoadConfig(dir.path() / "missing.json"), ConfigError);
}

}  // namespace
}  // namespace beian
