// Triage, human handoff and teaching: through the engine on a real SQLite
// file, and the `triage` CLI through the real binary.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/support_stores.h"
#include "tests/support/sqlite_support.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

// With `caches`, the stores run as `serve` runs them: session cache,
// message-id filter, and the filter of askers who may have something pending.
struct Desk {
  explicit Desk(bool with_caches = false, std::filesystem::path at = {})
      : caches(with_caches), path(at.empty() ? dir.path() / "bot.db" : std::move(at)) {}
  bool caches;
  test::TempDir dir;
  std::filesystem::path path;
  Database db{path};
  SqliteSessionStore sessions{db, caches ? std::size_t{1} << 20 : 0};
  test::SqliteSupport support{db, caches};
  FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  Walkthrough walk{form, test::ShippedMatcher().kb(),
                   [](std::string_view v) { return KeyedHash("k", v); }};
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  LiveKnowledge knowledge{test::ShippedMatcher().kb_ptr(), support.taught, [this] { return now; }};
  std::ostringstream log;
  Engine engine{knowledge,
                walk,
                test::ShippedLanguage(),
                EngineStores{db, sessions, nullptr, &support.stores},
                [this] { return now; },
                EngineOptions{},
                log};

  Reply Say(const std::string& text, const std::string& user = "u1") {
    return engine.Handle(IncomingMessage::Direct("api", "c1", user, text));
  }
  static std::string All(const Reply& r) {
    std::string s;
    for (const auto& t : r.texts) s += t + "\n";
    return s;
  }
};

TEST_CASE("declined questions are queued once per wording, counting who asked") {
  Desk d;
  d.Say("公众号怎么改名字", "a");
  d.Say("公众号怎么改名", "b");
  d.Say("請問公眾號怎麼改名字？", "c");
  d.Say("公众号怎么改名字", "a");  // the same person again
  const auto items = d.support.triage.Items("open", 10);
  REQUIRE(items.size() == 1);
  CHECK(items[0].count == 3);
  CHECK(items[0].reason == TriageReason::kDeclined);
  CHECK(items[0].text == "公众号怎么改名字");
}

TEST_CASE("没用 right after an answer queues that question") {
  Desk d;
  d.Say("通讯地址怎么填");
  const Reply r = d.Say("没用");
  CHECK(r.kind == Outcome::kUnhelpful);
  const auto items = d.support.triage.Items("open", 10);
  REQUIRE(items.size() == 1);
  CHECK(items[0].reason == TriageReason::kUnhelpful);
  CHECK(items[0].text == "通讯地址怎么填");
}

TEST_CASE("没用 a day after the answer is not about that question") {
  Desk d;
  d.Say("通讯地址怎么填");
  d.now += 24h;
  CHECK(d.Say("没用").kind != Outcome::kUnhelpful);
  for (const auto& item : d.support.triage.Items("open", 10)) CHECK(item.text != "通讯地址怎么填");
}

TEST_CASE("a person asked for politely is a handoff; a question about 人工 is not") {
  Desk d;
  int user = 0;
  for (const char* ask : {"怎么转人工", "能转人工吗？", "请帮我转一下人工客服", "有没有人工",
                          "我要找人工客服", "客服呢"}) {
    CAPTURE(ask);
    CHECK(d.Say(ask, "u" + std::to_string(++user)).kind == Outcome::kHandoff);
  }
  for (const char* question : {"人工核验是什么意思", "人工审核要多久", "客服电话多少"}) {
    CAPTURE(question);
    CHECK(d.Say(question, "q").kind != Outcome::kHandoff);
  }
}

TEST_CASE("转人工 opens a ticket; the bot is silent until staff close it or it times out") {
  for (const bool caches : {false, true}) {
    CAPTURE(caches);
    Desk d(caches);
    CHECK(Desk::All(d.Say("转人工")).find("人工客服") != std::string::npos);
    const Reply quiet = d.Say("通讯地址怎么填");
    CHECK_FALSE(quiet.handled);
    CHECK(quiet.texts.empty());
    CHECK(d.Say("通讯地址怎么填", "someone-else").handled);  // only that user is handed over
    const auto tickets = d.support.tickets.OpenTickets();
    REQUIRE(tickets.size() == 1);
    d.support.tickets.CloseTicket(tickets[0].first, 0);
    CHECK(d.Say("通讯地址怎么填").handled);

    d.Say("人工客服");
    CHECK_FALSE(d.Say("验证码不正确").handled);
    d.now += 25h;  // past the handoff timeout
    CHECK(d.Say("验证码不正确").handled);

    d.Say("找客服");
    CHECK(Desk::All(d.Say("取消人工")).find("结束人工服务") != std::string::npos);
    CHECK(d.Say("验证码不正确").handled);
  }
}

TEST_CASE(
    "with serve's caches: a ticket and a staff answer still reach the user after a restart and "
    "from another process") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  {
    Desk first(true, path);
    first.Say("转人工", "waiting");
    first.Say("公众号怎么改名字", "asker");
  }
  Desk d(true, path);  // restarted: both users are read back from the file
  CHECK_FALSE(d.Say("还在吗", "waiting").handled);
  test::SqliteSupport staff(d.db);  // `triage answer` in another process
  const auto items =
      staff.triage.Items("open", 10);  // with the request for a human, in either order
  const auto item = *std::find_if(items.begin(), items.end(),
                                  [](const auto& i) { return i.text == "公众号怎么改名字"; });
  staff.triage.Resolve(item.id, "answered", "公众号改名请在公众号后台 设置 里操作。", "", "alice");
  CHECK(Desk::All(d.Say("你好", "asker")).find("客服回复：公众号改名") != std::string::npos);
  CHECK(d.Say("你好", "stranger").handled);
  CHECK_FALSE(d.support.triage.MayHavePending({"api", "c1", "stranger"}));
  CHECK(d.support.triage.MayHavePending({"api", "c1", "waiting"}));
}

TEST_CASE("a staff answer reaches the asker with their next message, once") {
  for (const bool caches : {false, true}) {
    CAPTURE(caches);
    Desk d(caches);
    d.Say("公众号怎么改名字");
    const auto item = d.support.triage.Items("open", 1).at(0);
    d.support.triage.Resolve(item.id, "answered", "公众号改名请在公众号后台 设置 里操作。", "",
                             "alice");
    const std::string next = Desk::All(d.Say("你好"));
    CHECK(next.find("客服回复：公众号改名请在公众号后台") != std::string::npos);
    CHECK(Desk::All(d.Say("你好")).find("客服回复") == std::string::npos);
  }
}

TEST_CASE("teaching makes the next lookup find the entry, without a restart") {
  Desk d;
  const std::string phrase = "门脸儿那个位置写哪";
  CHECK_FALSE(d.knowledge.Current()->Match(phrase).answered);
  d.Say(phrase);
  const auto item = d.support.triage.Items("open", 1).at(0);
  CHECK(d.support.taught.Teach("field.host.mail-address", item.text, "alice", 1));
  d.now += 2s;  // the generation is checked at most once a second
  const MatchResult r = d.knowledge.Current()->Match(phrase);
  CHECK(r.answered);
  REQUIRE(!r.matches.empty());
  CHECK(r.matches[0].entry->id == "field.host.mail-address");
}

TEST_CASE("the log keeps no raw ID or phone numbers") {
  Desk d;
  d.Say("我的身份证11010519491231002X手机138 0013 8000邮箱zhang@example.com怎么填");
  const auto history = d.support.log.History("api", "c1", "u1", 1);
  REQUIRE(history.size() == 1);
  CHECK(history[0].text.find("11010519491231002X") == std::string::npos);
  CHECK(history[0].text.find("1101**********002X") != std::string::npos);
  CHECK(history[0].text.find("138****8000") != std::string::npos);
  CHECK(history[0].text.find("z***@example.com") != std::string::npos);
}

TEST_CASE("MaskSensitive leaves other numbers alone") {
  CHECK(MaskSensitive("订单号 202611260001 金额 100") == "订单号 202611260001 金额 100");
  CHECK(MaskSensitive("+86 13800138000") == "+138****8000");
  CHECK(MaskSensitive("身份证：11010519491231002x。") == "身份证：1101**********002X。");
}

TEST_CASE("triage CLI: list --json contract, teach, answer, dismiss, stats") {
  test::TempDir dir;
  const std::string db = (dir.path() / "bot.db").string();
  const auto chat = test::RunBot("chat --db '" + db + "' --user alice",
                                 "公众号怎么改名字\n今天天气怎么样\n转人工\n");
  REQUIRE(chat.exit_code == 0);
  test::RunBot("chat --db '" + db + "' --user bob", "公众号怎么改名\n");

  const auto list = test::RunBot("triage --db '" + db + "' --json list");
  REQUIRE(list.exit_code == 0);
  const json items = json::parse(list.out);
  REQUIRE(items.is_array());
  REQUIRE(items.size() >= 2);
  for (const auto& i : items) {
    CHECK(i.at("id").is_string());
    CHECK(i.at("text").is_string());
    CHECK(i.at("count").is_number_integer());
    CHECK(i.at("status").is_string());
    CHECK(i.at("reason").is_string());
  }
  CHECK(items[0].at("count").get<int>() == 2);  // most asked first
  const std::string top = items[0].at("id").get<std::string>();

  const auto teach = test::RunBot("triage --db '" + db + "' teach " + top +
                                  " faq.review.add-category-after-filing");
  CHECK(teach.exit_code == 0);
  CHECK(teach.out.find("已学会") != std::string::npos);
  const auto bad_entry = test::RunBot("triage --db '" + db + "' teach " + top + " no.such.entry");
  CHECK(bad_entry.exit_code == 1);
  const auto bad_item = test::RunBot("triage --db '" + db + "' show t0000000");
  CHECK(bad_item.exit_code == 1);

  const auto again = test::RunBot("triage --db '" + db + "' --json list --status open");
  for (const auto& i : json::parse(again.out)) CHECK(i.at("id") != top);
  // The shared options also after the subcommand, as the README promises.
  const auto after = test::RunBot("triage list --status open --json --db '" + db + "'");
  REQUIRE(after.exit_code == 0);
  CHECK(json::parse(after.out) == json::parse(again.out));

  const auto tickets = test::RunBot("triage --db '" + db + "' --json tickets");
  const json open = json::parse(tickets.out);
  REQUIRE(open.size() == 1);
  CHECK(
      test::RunBot("triage --db '" + db + "' close " + std::to_string(open[0].at("id").get<int>()))
          .exit_code == 0);

  const auto stats = test::RunBot("triage --db '" + db + "' --json stats");
  REQUIRE(stats.exit_code == 0);
  const json s = json::parse(stats.out);
  CHECK(s.at("outcomes").at("declined").get<int>() >= 3);
  CHECK(s.at("platforms").at("cli").get<int>() >= 4);
  CHECK(s.at("top_entries").is_array());
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("the message log is purged after the retention period") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  test::SqliteSupport s(db);
  s.log.Log({100, "api", "c", "u", "old question", Outcome::kDeclined, "", 0});
  s.log.Log({10'000'000, "api", "c", "u", "new question", Outcome::kAnswer, "", 0});
  CHECK(s.log.PurgeLog(10'000'000 + 180 * 86400, 180 * 86400) == 1);
  const auto left = s.log.History("api", "c", "u", 10);
  REQUIRE(left.size() == 1);
  CHECK(left[0].text == "new question");
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("triage CLI: teach takes the first suggestion after confirmation; teachings; undo") {
  test::TempDir dir;
  const std::string db = (dir.path() / "bot.db").string();
  // Three wordings of one question the bot cannot answer yet, by three users.
  int user = 0;
  for (const std::string q :
       {"小程序图标用什么尺寸合适", "图标尺寸有要求吗小程序的", "请问小程序图标什么尺寸"}) {
    test::RunBot("chat --db '" + db + "' --user u" + std::to_string(++user), q + "\n");
  }
  const json items = json::parse(test::RunBot("triage --db '" + db + "' --json list").out);
  REQUIRE(items.size() == 1);
  CHECK(items[0].at("count").get<int>() == 3);
  const std::string id = items[0].at("id").get<std::string>();
  const auto shown = test::RunBot("triage --db '" + db + "' show " + id);
  CHECK(shown.out.find("说法（3 种）") != std::string::npos);
  CHECK(json::parse(test::RunBot("triage --db '" + db + "' --json show " + id).out)
            .at("wordings")
            .size() == 3);

  const auto no = test::RunBot("triage --db '" + db + "' teach " + id, "n\n");
  CHECK(no.exit_code == 0);
  CHECK(no.out.find("已取消") != std::string::npos);
  CHECK(no.out.find("✓ 小程序图标用什么尺寸合适") != std::string::npos);
  const auto yes = test::RunBot("triage --db '" + db + "' teach " + id, "y\n");
  CHECK(yes.exit_code == 0);
  CHECK(yes.out.find("已学会 3 个说法") != std::string::npos);

  const json taught = json::parse(test::RunBot("triage --db '" + db + "' --json teachings").out);
  REQUIRE(taught.size() == 1);
  CHECK(taught[0].at("phrasings").size() == 3);
  CHECK(taught[0].at("item_id") == id);
  const auto undo = test::RunBot("triage --db '" + db + "' undo " +
                                 std::to_string(taught[0].at("id").get<int>()));
  CHECK(undo.exit_code == 0);
  CHECK(test::RunBot("triage --db '" + db + "' undo 1").exit_code == 1);  // once
  const json open =
      json::parse(test::RunBot("triage --db '" + db + "' --json list --status open").out);
  REQUIRE(open.size() == 1);
  CHECK(open[0].at("id") == id);
}

TEST_CASE("kb export writes taught aliases into valid knowledge-base files") {
  test::TempDir dir;
  const std::string db = (dir.path() / "bot.db").string();
  test::RunBot("chat --db '" + db + "'", "门脸儿那个位置写哪\n");
  const json items = json::parse(test::RunBot("triage --db '" + db + "' --json list").out);
  REQUIRE(items.size() == 1);
  REQUIRE(test::RunBot("triage --db '" + db + "' teach " + items[0].at("id").get<std::string>() +
                       " field.host.mail-address")
              .exit_code == 0);
  // Taught in one process, answered in the next.
  const auto answer = test::RunBot("chat --db '" + db + "'", "门脸儿那个位置写哪\n");
  CHECK(answer.out.find("⑧ 通讯地址") != std::string::npos);

  const auto out = dir.path() / "export";
  const auto r = test::RunBot("kb export --db '" + db + "' --out '" + out.string() + "'");
  REQUIRE(r.exit_code == 0);
  const json host = json::parse(std::ifstream(out / "host.json"));
  bool found = false;
  for (const auto& e : host.at("entries")) {
    if (e.at("id") == "field.host.mail-address") {
      for (const auto& a : e.at("aliases")) found = found || a == "门脸儿那个位置写哪";
    }
  }
  CHECK(found);
  const auto merged = dir.path() / "kb";
  std::filesystem::copy(BEIAN_TEST_KB_DIR, merged);
  std::filesystem::copy_file(out / "host.json", merged / "host.json",
                             std::filesystem::copy_options::overwrite_existing);
  CHECK(test::RunBot("kb check '" + merged.string() + "'").exit_code == 0);
}

TEST_CASE("triage write: a new faq entry answers the next process, and kb export writes it out") {
  test::TempDir dir;
  const std::string db = (dir.path() / "bot.db").string();
  test::RunBot("chat --db '" + db + "' --user alice", "小程序名称可以带地名吗\n");
  const json items = json::parse(test::RunBot("triage --db '" + db + "' --json list").out);
  REQUIRE(items.size() == 1);
  const std::string id = items[0].at("id").get<std::string>();
  CHECK(test::RunBot("triage --db '" + db + "' write " + id + " 可以 --certainty sure").exit_code ==
        1);
  const auto wrote = test::RunBot("triage --db '" + db + "' --staff 小李 write " + id +
                                  " '可以带地名，但要和主体证件上的地址一致。' "
                                  "'先核对主体证件上的地址' --title 小程序名称能不能带地名");
  REQUIRE(wrote.exit_code == 0);
  CHECK(wrote.out.find("faq.staff-" + id) != std::string::npos);
  CHECK(test::RunBot("triage --db '" + db + "' write " + id + " 又一次").exit_code ==
        1);  // the id is taken

  const auto next = test::RunBot("chat --db '" + db + "' --user alice", "小程序名称可以带地名吗\n");
  CHECK(next.out.find("客服回复：可以带地名") != std::string::npos);    // the staff answer, once
  CHECK(next.out.find("先核对主体证件上的地址") != std::string::npos);  // and the new entry

  const auto out = dir.path() / "export";
  REQUIRE(test::RunBot("kb export --db '" + db + "' --out '" + out.string() + "'").exit_code == 0);
  const json staff = json::parse(std::ifstream(out / "faq-staff.json"));
  REQUIRE(staff.at("entries").size() == 1);
  CHECK(staff.at("entries")[0].at("id") == "faq.staff-" + id);
  CHECK(staff.at("entries")[0].at("aliases")[0] == "小程序名称可以带地名吗");
  CHECK(staff.at("entries")[0].at("source").at("detail").get<std::string>().find("小李") !=
        std::string::npos);
}

}  // namespace
}  // namespace beian
