// The support side on its own, against a real SQLite file: SupportDesk's
// staff actions (each one transaction), and SupportTurn's handoff, "没用"
// feedback, staff answers and triage grouping.
#include "bot/support/support_desk.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <algorithm>

#include "bot/support/support_turn.h"
#include "bot/support/triage_grouping.h"
#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "storage/sqlite/database.h"
#include "storage/storage_error.h"
#include "storage/support_stores.h"
#include "tests/support/sqlite_support.h"
#include "tests/test_support.h"

namespace beian {
namespace {

constexpr std::int64_t kNow = 1'800'000'000;

struct Fixture {
  test::TempDir dir;
  Database db{dir.path() / "bot.db"};
  test::SqliteSupport stores{db, /*track_askers=*/true};
  SupportDesk desk{stores};
  SupportTurn turn{stores, test::ShippedLanguage(), std::chrono::hours(24)};
  const Asker alice{"api", "c1", "alice"};

  TriageItem Queued(const std::string& text) {
    const std::string id =
        stores.triage.Triage("q:" + text, text, TriageReason::kDeclined, alice, kNow);
    return *stores.triage.Item(id);
  }
  // Every later UPDATE of a triage item fails, as a full disk would.
  void FailResolves() {
    std::lock_guard lock(db.mutex());
    db.connection().exec(
        "CREATE TRIGGER fail_resolve BEFORE UPDATE ON triage_items "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  void HealResolves() {
    std::lock_guard lock(db.mutex());
    db.connection().exec("DROP TRIGGER fail_resolve");
  }
  // Runs a turn's support part as the engine does: Intercept, then Record in
  // a transaction (with the outcome the engine would have logged).
  std::optional<Reply> Say(const std::string& text, Outcome outcome = Outcome::kDeclined,
                           const std::string& user = "alice",
                           std::vector<std::string>* shown = nullptr) {
    const auto message = IncomingMessage::Direct("api", "c1", user, text);
    std::vector<std::string> answers;
    const bool pending = stores.triage.MayHavePending({"api", "c1", user});
    auto reply = turn.Intercept(message, text, kNow, pending, answers);
    if (shown != nullptr) *shown = answers;
    const LoggedMessage m{kNow, "api", "c1", user, text, reply ? reply->kind : outcome, "", 0};
    db.Transaction([&] { turn.Record(test::ShippedMatcher(), message, m); });
    return reply;
  }
};

TEST_CASE("teach and resolve are one transaction: a failure after the teach leaves neither") {
  Fixture f;
  const TriageItem item = f.Queued("门脸儿那个位置写哪");
  f.FailResolves();
  CHECK_THROWS_AS(f.desk.Teach(item, "field.host.mail-address", "alice", kNow), StorageError);
  CHECK(f.stores.taught.LearnedAliases().empty());  // the alias was written, then rolled back
  CHECK(f.stores.taught.KbGeneration() == 0);
  CHECK(f.stores.triage.Item(item.id)->status == "open");

  f.HealResolves();
  Teaching taught;
  const auto done =
      f.desk.Teach(item, "field.host.mail-address", "alice", kNow, f.desk.Wordings(item), &taught);
  CHECK(taught.phrasings == std::vector<std::string>{item.text});
  CHECK(taught.id > 0);
  CHECK(done.item.status == "answered");
  CHECK(done.item.entry_id == "field.host.mail-address");
  CHECK(done.item.staff == "alice");
  const auto aliases = f.stores.taught.LearnedAliases();
  REQUIRE(aliases.size() == 1);
  CHECK(aliases[0] == std::make_pair(std::string("field.host.mail-address"), item.text));
  CHECK(f.stores.taught.KbGeneration() == 1);
  f.desk.Teach(item, "field.host.mail-address", "bob", kNow, f.desk.Wordings(item), &taught);
  CHECK(taught.phrasings.empty());  // already taught: resolved all the same, generation unmoved
  CHECK(taught.id == 0);
  CHECK(f.stores.taught.KbGeneration() == 1);
  CHECK(f.stores.taught.Teachings(10).size() == 1);
}

TEST_CASE(
    "teaching an item teaches every wording at once; undoing it removes them and reopens it") {
  Fixture f;
  f.Say("备案可以加急吗？有没有加急通道", Outcome::kDeclined, "a");
  f.Say("备案能不能加急处理", Outcome::kDeclined, "b");
  f.Say("请问备案可以加急吗", Outcome::kDeclined, "c");
  const TriageItem item = f.stores.triage.Items("open", 1).at(0);
  REQUIRE(item.count == 3);
  Teaching taught;
  f.desk.Teach(item, "faq.process.expedite", "alice", kNow, f.desk.Wordings(item), &taught);
  CHECK(taught.phrasings.size() == 3);
  CHECK(f.stores.taught.LearnedAliases().size() == 3);
  const auto listed = f.stores.taught.Teachings(10);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].item_id == item.id);
  CHECK(listed[0].staff == "alice");
  CHECK(listed[0].phrasings == taught.phrasings);
  const auto generation = f.stores.taught.KbGeneration();

  const auto undone = f.desk.Undo(taught.id);
  REQUIRE(undone);
  CHECK(f.stores.taught.LearnedAliases().empty());
  CHECK(f.stores.taught.KbGeneration() > generation);
  CHECK(f.stores.triage.Item(item.id)->status == "open");
  CHECK(f.stores.taught.Teachings(10)[0].undone);
  CHECK_FALSE(f.desk.Undo(taught.id));  // once
  CHECK_FALSE(f.desk.Undo(12345));
}

TEST_CASE("a wording another entry already answers shows as a conflict; suggestions rank entries") {
  Fixture f;
  f.Say("邮箱收不到验证码怎么办呢老是收不到", Outcome::kDeclined, "a");
  f.Say("通讯地址填到哪一级", Outcome::kDeclined, "b");  // the matcher answers this one
  const auto items = f.stores.triage.Items("open", 10);
  REQUIRE(items.size() == 2);
  const Matcher& matcher = test::ShippedMatcher();
  const TriageItem& address = items[0].text == "通讯地址填到哪一级" ? items[0] : items[1];
  const auto plan = f.desk.Plan(address, "faq.process.how-to-start", matcher);
  REQUIRE(plan.size() == 1);
  CHECK_FALSE(plan[0].conflict.empty());
  CHECK(f.desk.Plan(address, plan[0].conflict, matcher)[0].conflict.empty());
  const auto suggested = f.desk.Suggest(address, matcher);
  REQUIRE_FALSE(suggested.empty());
  CHECK(suggested.size() <= 3);
  CHECK(suggested[0].entry_id == plan[0].conflict);
  for (std::size_t i = 1; i < suggested.size(); ++i)
    CHECK(suggested[i].score <= suggested[0].score);
}

TEST_CASE("writing an entry for an item is one transaction; a taken id writes nothing") {
  Fixture f;
  const TriageItem item = f.Queued("小程序名称可以带地名吗");
  const LearnedEntry entry{"faq.staff-x", R"({"id":"faq.staff-x"})", item.id, "alice", kNow};
  f.FailResolves();
  CHECK_THROWS_AS(f.desk.Write(item, entry, "可以。"), StorageError);
  CHECK(f.stores.taught.LearnedEntries().empty());
  CHECK(f.stores.triage.Item(item.id)->status == "open");
  f.HealResolves();

  const auto done = f.desk.Write(item, entry, "可以。");
  REQUIRE(done);
  CHECK(done->item.status == "answered");
  CHECK(done->item.answer == "可以。");
  CHECK(done->item.entry_id == "faq.staff-x");
  CHECK(done->pushed == 0);  // no StaffPush: shown with the next message
  CHECK(f.stores.taught.LearnedEntries().size() == 1);

  const TriageItem other = f.Queued("别的问题");
  CHECK_FALSE(f.desk.Write(other, entry, "又一次"));
  CHECK(f.stores.triage.Item(other.id)->status == "open");
  CHECK(f.stores.taught.LearnedEntries().size() == 1);
}

TEST_CASE("answer keeps the taught entry; dismiss clears both; the asker sees the answer once") {
  Fixture f;
  const TriageItem item = f.Queued("公众号怎么改名字");
  const auto taught = f.desk.Teach(item, "field.host.mail-address", "alice", kNow).item;
  const auto answered = f.desk.Answer(taught, "在公众号后台改。", "bob").item;
  CHECK(answered.status == "answered");
  CHECK(answered.answer == "在公众号后台改。");
  CHECK(answered.entry_id == "field.host.mail-address");

  std::vector<std::string> shown;
  f.Say("你好", Outcome::kGreeting, "alice", &shown);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].find("客服回复：在公众号后台改。") != std::string::npos);
  f.Say("你好", Outcome::kGreeting, "alice", &shown);
  CHECK(shown.empty());

  const auto dismissed = f.desk.Dismiss(answered, "bob").item;
  CHECK(dismissed.status == "dismissed");
  CHECK(dismissed.answer.empty());
  CHECK(dismissed.entry_id.empty());
}

TEST_CASE("grouping joins near-identical questions and keeps different ones apart") {
  Fixture f;
  f.Say("公众号怎么改名字");
  f.Say("公众号怎么改名", Outcome::kDeclined, "bob");
  f.Say("請問公眾號怎麼改名字？", Outcome::kDeclined, "carol");
  f.Say("小程序名称可以带地名吗", Outcome::kClarify, "dave");
  f.Say("通讯地址怎么填", Outcome::kAnswer, "erin");  // answered: logged, not queued
  const auto items = f.stores.triage.Items("open", 10);
  REQUIRE(items.size() == 2);
  CHECK(items[0].text == "公众号怎么改名字");
  CHECK(items[0].count == 3);
  CHECK(items[0].reason == TriageReason::kDeclined);
  CHECK(items[1].text == "小程序名称可以带地名吗");
  CHECK(items[1].reason == TriageReason::kAmbiguous);
  CHECK(f.stores.log.OutcomeCounts(0).size() == 3);  // declined, clarify, answer
}

TEST_CASE("questions that mean the same share an item that keeps each wording; others stay apart") {
  Fixture f;
  f.Say("备案可以加急吗？有没有加急通道", Outcome::kDeclined, "a");
  f.Say("备案能不能加急处理", Outcome::kDeclined, "b");
  f.Say("请问备案可以加急吗", Outcome::kDeclined, "c");
  f.Say("主体负责人手机号填谁的", Outcome::kDeclined, "d");
  f.Say("小程序负责人手机号填谁的", Outcome::kDeclined, "e");
  f.Say("邮箱", Outcome::kDeclined, "f");
  f.Say("邮箱收不到验证码", Outcome::kDeclined, "g");
  const auto items = f.stores.triage.Items("open", 10);
  REQUIRE(items.size() == 5);
  CHECK(items[0].text == "备案可以加急吗？有没有加急通道");
  CHECK(items[0].count == 3);
  const auto wordings = f.stores.triage.Phrasings(items[0].id);
  REQUIRE(wordings.size() == 3);
  CHECK(wordings[2].text == "请问备案可以加急吗");
  for (std::size_t i = 1; i < items.size(); ++i) CHECK(items[i].count == 1);
}

TEST_CASE("a question joins the item its wordings mean on average, not one look-alike wording") {
  const MeaningReader& reader = test::ShippedMatcher().Meanings();
  auto meaning = [](std::vector<std::u32string> words) {
    std::sort(words.begin(), words.end());
    return Meaning{words, {}, ""};
  };
  const Meaning question = meaning({U"加急", U"备案", U"通道"});
  // Item x: one wording word for word, two that ask other things.
  const std::vector<GroupCandidate> x = {{"x", meaning({U"加急", U"备案", U"通道"})},
                                         {"x", meaning({U"公众号", U"改名"})},
                                         {"x", meaning({U"邮箱", U"验证码"})}};
  // Item y: two wordings that each share most of the question's words.
  const std::vector<GroupCandidate> y = {{"y", meaning({U"加急", U"备案", U"处理"})},
                                         {"y", meaning({U"加急", U"备案", U"通道", U"能不能"})}};
  for (const GroupCandidate& c : y) {
    CHECK(reader.Similarity(question, c.meaning) < reader.Similarity(question, x[0].meaning));
  }
  CHECK(ChooseGroup(reader, question, x) == nullptr);
  std::vector<GroupCandidate> both = x;
  both.insert(both.end(), y.begin(), y.end());
  const GroupCandidate* joined = ChooseGroup(reader, question, both);
  REQUIRE(joined != nullptr);
  CHECK(joined->group_key == "y");
}

TEST_CASE("handoff opens a ticket, the bot stays quiet, 取消人工 ends it") {
  Fixture f;
  const auto handoff = f.Say("能帮我转一下人工客服吗");
  REQUIRE(handoff);
  CHECK(handoff->kind == Outcome::kHandoff);
  REQUIRE(handoff->texts.size() == 1);
  CHECK(handoff->texts[0].find("取消人工") != std::string::npos);
  const auto tickets = f.stores.tickets.OpenTickets();
  REQUIRE(tickets.size() == 1);
  CHECK(tickets[0].second.user == "alice");
  const auto items = f.stores.triage.Items("open", 10);
  REQUIRE(items.size() == 1);
  CHECK(items[0].reason == TriageReason::kHuman);
  CHECK(items[0].text.empty());

  const auto quiet = f.Say("通讯地址怎么填");
  REQUIRE(quiet);
  CHECK_FALSE(quiet->handled);
  CHECK(quiet->texts.empty());
  CHECK(quiet->kind == Outcome::kHuman);
  CHECK_FALSE(f.Say("通讯地址怎么填", Outcome::kAnswer, "bob"));  // only alice is handed over
  CHECK_FALSE(f.stores.triage.MayHavePending({"api", "c1", "bob"}));

  // A staff reply to the request reaches her even while the ticket is open.
  f.desk.Answer(items[0], "我是客服小李。", "lee");
  std::vector<std::string> shown;
  f.Say("在吗", Outcome::kGreeting, "alice", &shown);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0] == "客服回复：我是客服小李。");

  const auto end = f.Say("取消人工");
  REQUIRE(end);
  CHECK(end->kind == Outcome::kHandoffEnd);
  CHECK(f.stores.tickets.OpenTickets().empty());
  CHECK_FALSE(f.Say("通讯地址怎么填", Outcome::kAnswer));  // the bot answers again
  CHECK_FALSE(f.Say("人工核验是什么意思"));                // a question about 人工, not a request
}

TEST_CASE("没用 right after an answer queues that question; long after, it does not") {
  Fixture f;
  f.Say("通讯地址怎么填", Outcome::kAnswer);
  const auto sorry = f.Say("没用");
  REQUIRE(sorry);
  CHECK(sorry->kind == Outcome::kUnhelpful);
  const auto items = f.stores.triage.Items("open", 10);
  REQUIRE(items.size() == 1);
  CHECK(items[0].reason == TriageReason::kUnhelpful);
  CHECK(items[0].text == "通讯地址怎么填");

  // Someone whose last message the bot declined: nothing to be unhappy about.
  f.Say("今天天气怎么样", Outcome::kDeclined, "bob");
  CHECK_FALSE(f.Say("没用", Outcome::kDeclined, "bob"));
}

}  // namespace
}  // namespace beian
