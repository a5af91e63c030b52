// Whole conversations through the engine, on a real SQLite file, with an
// injected clock.
#include "bot/core/engine.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/keyed_hash.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_processed_store.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/support_stores.h"
#include "tests/support/sqlite_support.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using namespace std::chrono_literals;

const FormSpec& Form() {
  static const FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  return form;
}

// One bot process: its own database connection, walkthrough and engine.
struct Bot {
  Database db;
  SqliteSessionStore sessions;
  Walkthrough walk{Form(), test::ShippedMatcher().kb(), [](std::string_view v) {
                     return KeyedHash("test-secret-0123456789abcdef0123456789", v);
                   }};
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 11 / 26} + 2h;
  std::ostringstream log;
  SqliteProcessedStore processed{db};
  test::SqliteSupport support{db};
  FixedKnowledge knowledge{test::ShippedMatcher()};
  Engine engine{knowledge,
                walk,
                test::ShippedLanguage(),
                EngineStores{db, sessions, &processed, &support.stores},
                [this] { return now; },
                EngineOptions{},
                log};

  explicit Bot(const std::filesystem::path& path, std::size_t session_cache_bytes = 0)
      : db(path), sessions(db, session_cache_bytes) {}

  std::string Say(const std::string& text, const std::string& user = "u1") {
    const Reply r = engine.Handle(IncomingMessage::Direct("cli", "chat1", user, text));
    std::string all;
    for (const auto& t : r.texts) all += t + "\n";
    return all;
  }
  std::string Step(const std::string& user = "u1") {
    const auto rec = sessions.Load({"cli", "chat1", user});
    if (!rec) return "";
    const WalkState s = nlohmann::json::parse(rec->state).get<WalkState>();
    const beian::Step* st = walk.Current(s);
    return st == nullptr ? "" : st->key;
  }
};

bool Has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

TEST_CASE("a question in the middle is answered, then the same field is asked again") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案");
  bot.Say("广东省深圳市南山区");
  REQUIRE(bot.Step() == "host.entity");
  const std::string reply = bot.Say("主体负责人一定要是法人吗？");
  CHECK(Has(reply, "法"));
  CHECK(Has(reply, "（回到 第 1 部分 · 主办单位信息 · 第 2/10 项「主体类型」）"));
  CHECK(bot.Step() == "host.entity");
  const std::string pasted = bot.Say("【主体负责人手机号码】不允许被多人使用");
  CHECK(Has(pasted, "主体负责人手机号码不允许被多人使用"));
  CHECK(bot.Step() == "host.entity");
  bot.Say("企业");
  CHECK(bot.Step() == "host.id-upload");
}

TEST_CASE("after 'which one is meant', a number picks the listed entry, once") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  const std::string asked = bot.Say("手机号不允许被多人使用");
  REQUIRE(Has(asked, "回复标题或编号即可"));
  REQUIRE(Has(asked, "2. 小程序负责人手机号码不允许被多人使用"));
  const std::string second = bot.Say("2");
  CHECK(second.rfind("【小程序负责人手机号码不允许被多人使用】", 0) == 0);
  CHECK_FALSE(
      Has(bot.Say("2"), "【小程序负责人手机号码不允许被多人使用】"));  // only right after the list
  // In a walkthrough the pick is answered and the step asked again, unmoved;
  // a number that was not offered is an answer to the step.
  bot.Say("开始备案");
  bot.Say("跳到第2部分");
  REQUIRE(bot.Step() == "principal.legal-rep");
  REQUIRE(Has(bot.Say("应急联系方式怎么填？"), "回复标题或编号即可"));
  const std::string first = bot.Say("第一个吧。");
  CHECK(Has(first, "【主体负责人应急手机号】"));
  CHECK(Has(first, "（回到 第 2 部分"));
  CHECK(bot.Step() == "principal.legal-rep");
}

TEST_CASE("commands, choices and the region typed in Traditional characters") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  CHECK(Has(bot.Say("開始備案"), "一共 5 个部分"));
  CHECK(Has(bot.Say("廣東省 深圳市 南山區"), "已记录「选择地区」：广东省 深圳市 南山区"));
  CHECK(Has(bot.Say("企業"), "已记录「主体类型」：企业"));
  CHECK(Has(bot.Say("進度"), "备案填写进度"));
  // Other values stay as typed: a registered name keeps its full-width brackets.
  bot.Say("好了");
  REQUIRE(bot.Step() == "host.name");
  CHECK(Has(bot.Say("深圳市某某科技（集团）有限公司"), "深圳市某某科技（集团）有限公司"));
}

TEST_CASE("at a step that wants a number, words are read as a question about that step") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案");
  bot.Say("跳到主体负责人手机号");
  REQUIRE(bot.Step() == "principal.phone");
  // No question word, no digit: a question, answered from the principal's part.
  const std::string away = bot.Say("法人不在身边收不到验证码");
  CHECK_FALSE(Has(away, "这个值有问题"));
  CHECK(Has(away, "【主体负责人手机验证码】"));
  CHECK(bot.Step() == "principal.phone");
  // A question that names no part is read in the part being filled in.
  const std::string landline = bot.Say("这个号码是公司座机可以吗");
  CHECK(landline.find("【主体负责人手机号】") < landline.find("【小程序负责人手机号】"));
  // Words the knowledge base cannot place still get the field's own message.
  CHECK(Has(bot.Say("我不知道"), "这个值有问题"));
  bot.Say("13800138000");
  CHECK(bot.Step() == "principal.sms-code");
}

TEST_CASE(
    "progress survives a restart: a new process on the same database resumes at the same field") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  {
    Bot first(path);
    first.Say("开始备案");
    first.Say("浙江省杭州市西湖区");
    first.Say("企业");
    first.Say("好了");
    first.Say("杭州某某网络有限公司");
    REQUIRE(first.Step() == "host.id-address");
    first.Say("暂停");
  }
  Bot second(path);
  second.now += 72h;  // three days later
  const std::string back = second.Say("继续");
  CHECK(Has(back, "欢迎回来"));
  CHECK(Has(back, "「证件住所」"));
  CHECK(second.Step() == "host.id-address");
}

TEST_CASE(
    "a session changed behind the engine's back is read as saved, not as the engine last left it") {
  // The engine keeps the state it saved last, parsed, for the next turn: it
  // must use it only while the stored text is still that state.
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案");
  bot.Say("广东省深圳市南山区");
  REQUIRE(bot.Step() == "host.entity");
  const SessionKey key{"cli", "chat1", "u1"};
  WalkState moved = nlohmann::json::parse(bot.sessions.Load(key)->state).get<WalkState>();
  moved.step = 0;
  moved.answers.clear();
  bot.sessions.Save(key, StateJson(moved), 1'800'000'000);
  REQUIRE(bot.Step() == "host.region");
  CHECK(Has(bot.Say("进度"), "「选择地区」"));
  bot.Say("广东省深圳市南山区");
  CHECK(bot.Step() == "host.entity");
  REQUIRE(bot.sessions.Delete(key));
  CHECK_FALSE(
      Has(bot.Say("企业"), "主体证件"));  // no walkthrough any more: not an answer to a step
  CHECK(bot.Step() == "");
}

TEST_CASE("more conversations than the parsed states kept: each still goes on from its own state") {
  // 3,000 walkthroughs of ~400-byte states through a 64 KiB session cache:
  // the cache drops and refuses states (and their parsed payloads) on the way.
  const std::size_t cache_bytes = 64 * 1024;
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db", cache_bytes);
  const int users = 3000;
  for (int u = 0; u < users; ++u) {
    const std::string user = "u" + std::to_string(u);
    bot.Say("开始备案", user);
    bot.Say("广东省深圳市南山区", user);
    bot.Say("企业", user);
    bot.Say("好了", user);
  }
  REQUIRE(users * bot.sessions.Load({"cli", "chat1", "u0"})->state.size() > 4 * cache_bytes);
  for (int u = 0; u < users; u += 7) {
    const std::string user = "u" + std::to_string(u);
    REQUIRE(bot.Step(user) == "host.name");
    bot.Say("深圳市第" + std::to_string(u) + "号科技有限公司", user);
    CHECK(bot.Step(user) == "host.id-address");
    const auto saved = bot.sessions.Load({"cli", "chat1", user});
    REQUIRE(saved);
    CHECK(Has(saved->state, "深圳市第" + std::to_string(u) + "号科技有限公司"));
  }
}

TEST_CASE("each user of a chat has their own walkthrough") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案", "alice");
  bot.Say("广东省深圳市南山区", "alice");
  bot.Say("开始备案", "bob");
  CHECK(bot.Step("alice") == "host.entity");
  CHECK(bot.Step("bob") == "host.region");
}

TEST_CASE("a session idle for longer than 30 days starts afresh") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案");
  bot.Say("广东省深圳市南山区");
  bot.now += 24h * 31;
  const std::string reply = bot.Say("继续");
  CHECK(Has(reply, "没有进行中的备案填写"));
}

TEST_CASE("outside a walkthrough: answers, greetings, declines and a paused reminder") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  CHECK(Has(bot.Say("你好"), "开始备案"));
  CHECK(Has(bot.Say("通讯地址怎么填"), "通讯地址"));
  CHECK(Has(bot.Say("今天天气怎么样"), "没有找到"));
  CHECK(Has(bot.Say("收到"), "好的！"));
  CHECK(Has(bot.Say("明白了，谢谢"), "不客气"));
  // A knowledge answer alone stores nothing.
  CHECK_FALSE(bot.sessions.Load({"cli", "chat1", "u1"}).has_value());
  bot.Say("开始备案");
  bot.Say("暂停");
  CHECK(Has(bot.Say("验证码不正确"), "已暂停"));
}

TEST_CASE("the turn log never holds the message text") {
  test::TempDir dir;
  Bot bot(dir.path() / "bot.db");
  bot.Say("开始备案");
  bot.Say("跳到主体负责人证件号");
  bot.Say("11010519491231002X");
  const std::string log = bot.log.str();
  CHECK(Has(log, "turn platform=cli kind=walkthrough"));
  CHECK_FALSE(Has(log, "11010519491231002X"));
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("group rules can differ by platform") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteSessionStore sessions(db);
  FixedKnowledge knowledge(test::ShippedMatcher());
  Walkthrough walk(Form(), test::ShippedMatcher().kb(),
                   [](std::string_view v) { return KeyedHash("k", v); });
  EngineOptions options;
  options.group_rules["dingtalk"] = {"/ba", false};
  std::ostringstream log;
  Engine engine(
      knowledge, walk, test::ShippedLanguage(), EngineStores{db, sessions},
      [] { return std::chrono::system_clock::now(); }, options, log);
  auto group = [](std::string platform, std::string text) {
    IncomingMessage m = IncomingMessage::Direct(std::move(platform), "g", "u", std::move(text));
    m.group = true;
    return m;
  };
  CHECK(engine.Handle(group("api", "#备案 通讯地址怎么填")).handled);
  CHECK_FALSE(engine.Handle(group("dingtalk", "#备案 通讯地址怎么填")).handled);
  CHECK(engine.Handle(group("dingtalk", "/ba 通讯地址怎么填")).handled);
  CHECK(engine.Handle(group("api", "【主体负责人手机号码】不允许被多人使用")).handled);
  CHECK_FALSE(engine.Handle(group("dingtalk", "【主体负责人手机号码】不允许被多人使用")).handled);
}

TEST_CASE(
    "flood limits: a flooding member is told once and ignored; the rest of the group is still "
    "answered") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteSessionStore sessions(db);
  SqliteProcessedStore processed(db);
  test::SqliteSupport support(db);
  Walkthrough walk(Form(), test::ShippedMatcher().kb(),
                   [](std::string_view v) { return KeyedHash("k", v); });
  FixedKnowledge knowledge(test::ShippedMatcher());
  auto now = std::chrono::system_clock::now();
  std::ostringstream log;
  EngineOptions options;
  options.user_per_minute = 6;  // one every 10 s on average
  options.user_burst = 3;
  options.chat_per_minute = 60;
  options.chat_burst = 6;
  Engine engine(
      knowledge, walk, test::ShippedLanguage(),
      EngineStores{db, sessions, &processed, &support.stores}, [&] { return now; }, options, log);
  auto say = [&](const std::string& user, const std::string& text, const std::string& chat = "g1") {
    IncomingMessage m = IncomingMessage::Direct("api", chat, user, text);
    m.group = true;
    m.mentioned = true;
    return engine.Handle(m);
  };
  for (int i = 0; i < 3; ++i) CHECK(say("flood", "通讯地址怎么填").kind == Outcome::kAnswer);
  const Reply told = say("flood", "通讯地址怎么填");
  CHECK(told.kind == Outcome::kRateLimited);
  REQUIRE(told.texts.size() == 1);
  CHECK(told.texts[0].find("太快") != std::string::npos);
  const Reply quiet = say("flood", "通讯地址怎么填");
  CHECK(quiet.kind == Outcome::kRateLimited);
  CHECK_FALSE(quiet.handled);
  CHECK(quiet.texts.empty());
  // Another member of the same group is not starved.
  CHECK(say("other", "通讯地址怎么填").kind == Outcome::kAnswer);
  // Limited messages are not recorded: the log holds 4 turns, not 6.
  CHECK(support.log.OutcomeCounts(0).at(0).second == 4);
  // Ten seconds later the flooder has one message again.
  now += std::chrono::seconds(10);
  CHECK(say("flood", "通讯地址怎么填").kind == Outcome::kAnswer);
  CHECK(log.str().find("kind=rate-limited by=user") != std::string::npos);

  // The group's own limit: six members at once use it up; the seventh is told, once.
  for (int i = 0; i < 6; ++i)
    CHECK(say("m" + std::to_string(i), "通讯地址怎么填", "g2").kind == Outcome::kAnswer);
  const Reply group_told = say("m6", "通讯地址怎么填", "g2");
  CHECK(group_told.kind == Outcome::kRateLimited);
  CHECK(group_told.texts.at(0).find("消息太多") != std::string::npos);
  CHECK(say("m7", "通讯地址怎么填", "g2").texts.empty());
  CHECK(say("x", "通讯地址怎么填", "g3").kind == Outcome::kAnswer);  // other chats go on
}

}  // namespace
}  // namespace beian
