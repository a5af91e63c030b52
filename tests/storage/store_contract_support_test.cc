// The store contract of the support stores (triage, tickets, taught
// phrasings), the outbox and the rate buckets, on every backend of
// store_backends.h.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "tests/storage/store_backends.h"

namespace beian {
namespace {

using namespace std::chrono_literals;

const Asker kAlice{"wechat", "group", "alice"};
const Asker kBob{"wechat", "group", "bob"};

bool SameAsker(const Asker& a, const Asker& b) {
  return a.platform == b.platform && a.chat == b.chat && a.user == b.user;
}

TEST_CASE_TEMPLATE("near-identical questions share one triage item that counts its askers", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const std::string id =
      triage.Triage("备案 多久", "备案要多久？", TriageReason::kDeclined, kAlice, 100);
  CHECK(id.size() == 8);
  CHECK(id[0] == 't');
  CHECK(triage.Triage("备案 多久", "备案多久", TriageReason::kDeclined, kBob, 200) == id);
  CHECK(triage.Triage("备案 多久", "again", TriageReason::kDeclined, kAlice, 300) == id);
  const auto other = triage.Triage("other", "", TriageReason::kHuman, kBob, 150);
  CHECK(other != id);

  const auto item = triage.Item(id);
  REQUIRE(item.has_value());
  CHECK(item->group_key == "备案 多久");
  CHECK(item->text == "备案要多久？");  // the first wording
  CHECK(item->reason == TriageReason::kDeclined);
  CHECK(item->status == "open");
  CHECK(item->count == 2);
  CHECK(item->first_at == 100);
  CHECK(item->last_at == 300);
  CHECK(triage.Item(other)->reason == TriageReason::kHuman);
  CHECK_FALSE(triage.Item("t0000000").has_value());

  const auto askers = triage.Askers(id);  // by when they last asked
  REQUIRE(askers.size() == 2);
  CHECK(SameAsker(askers[0], kBob));
  CHECK(SameAsker(askers[1], kAlice));
}

TEST_CASE_TEMPLATE("triage items list open ones first, most asked first, filtered by status", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const auto once = triage.Triage("once", "q1", TriageReason::kDeclined, kAlice, 100);
  const auto twice = triage.Triage("twice", "q2", TriageReason::kAmbiguous, kAlice, 100);
  triage.Triage("twice", "q2", TriageReason::kAmbiguous, kBob, 101);
  const auto done = triage.Triage("done", "q3", TriageReason::kUnhelpful, kAlice, 100);
  for (const auto& asker : {kBob, Asker{"api", "c", "x"}}) {
    triage.Triage("done", "q3", TriageReason::kUnhelpful, asker, 102);
  }
  CHECK(triage.Resolve(done, "dismissed", "", "", "staff"));

  const auto all = triage.Items("", 10);
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == twice);
  CHECK(all[1].id == once);
  CHECK(all[2].id == done);
  CHECK(triage.Items("", 1).size() == 1);
  const auto dismissed = triage.Items("dismissed", 10);
  REQUIRE(dismissed.size() == 1);
  CHECK(dismissed[0].id == done);
  CHECK(triage.Items("open", 10).size() == 2);
}

TEST_CASE_TEMPLATE("a resolved item keeps the staff answer and reopens when asked again", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const auto id = triage.Triage("key", "q", TriageReason::kDeclined, kAlice, 100);
  CHECK_FALSE(triage.Resolve("t0000000", "answered", "a", "", "staff"));
  CHECK(triage.Resolve(id, "answered", "三个工作日", "faq.time", "王"));
  auto item = triage.Item(id);
  CHECK(item->status == "answered");
  CHECK(item->answer == "三个工作日");
  CHECK(item->entry_id == "faq.time");
  CHECK(item->staff == "王");
  triage.Triage("key", "q again", TriageReason::kDeclined, kBob, 200);
  item = triage.Item(id);
  CHECK(item->status == "open");
  CHECK(item->count == 2);
}

TEST_CASE_TEMPLATE("a staff answer is taken once by each asker, and marked delivered once", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const auto id = triage.Triage("key", "备案要多久", TriageReason::kAmbiguous, kAlice, 100);
  triage.Triage("key", "q", TriageReason::kAmbiguous, kBob, 101);
  CHECK(triage.TakeAnswersFor(kAlice).empty());  // not answered yet
  REQUIRE(triage.Resolve(id, "answered", "二十个工作日", "", "staff"));
  CHECK(triage.MayHavePending(kAlice));

  const auto answers = triage.TakeAnswersFor(kAlice);
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].question == "备案要多久");
  CHECK(answers[0].answer == "二十个工作日");
  CHECK(answers[0].reason == TriageReason::kAmbiguous);
  CHECK(triage.TakeAnswersFor(kAlice).empty());

  CHECK(triage.MarkNotified(id, kBob));  // pushed through a platform API
  CHECK_FALSE(triage.MarkNotified(id, kBob));
  CHECK(triage.TakeAnswersFor(kBob).empty());
  CHECK_FALSE(triage.MarkNotified(id, Asker{"api", "c", "stranger"}));
}

TEST_CASE_TEMPLATE("triage items see the uncommitted writes of the caller's transaction", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  s.transactor().Transaction([&] {
    const auto id = s.triage().Triage("key", "q", TriageReason::kDeclined, kAlice, 100);
    const auto items = s.triage().Items("", 10);
    REQUIRE(items.size() == 1);
    CHECK(items[0].id == id);
  });
}

TEST_CASE_TEMPLATE("an item keeps its wordings, counted, and is found by their words while open", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const auto urgent = triage.Triage("q:加急", "备案能加急吗", TriageReason::kDeclined, kAlice, 100);
  triage.AddPhrasing(urgent, "备案能加急吗", "|加急 备案", {"加急", "备案"}, 100);
  triage.AddPhrasing(urgent, "有没有加急通道", "|加急 通道", {"加急", "通道"}, 101);
  triage.AddPhrasing(urgent, "备案能加急吗", "|加急 备案", {"加急", "备案"}, 102);
  const auto cost = triage.Triage("q:收费", "备案收费吗", TriageReason::kDeclined, kBob, 103);
  triage.AddPhrasing(cost, "备案收费吗", "|备案 收费", {"收费", "备案"}, 103);

  const auto wordings = triage.Phrasings(urgent);
  REQUIRE(wordings.size() == 2);
  CHECK(wordings[0].text == "备案能加急吗");
  CHECK(wordings[0].count == 2);
  CHECK(wordings[1].meaning == "|加急 通道");

  auto found = triage.OpenByWords({"通道"}, 10);
  REQUIRE(found.size() == 2);  // every wording of the item found
  CHECK(found[0].group_key == "q:加急");
  CHECK(triage.OpenByWords({"备案"}, 10).size() == 3);
  CHECK(triage.OpenByWords({"备案"}, 1).size() == 1);
  CHECK(triage.OpenByWords({"没有的词"}, 10).empty());
  CHECK(triage.OpenByWords({}, 10).empty());
  REQUIRE(triage.Resolve(urgent, "answered", "不能加急", "", "staff"));
  found = triage.OpenByWords({"加急", "收费"}, 10);  // an answered item is not a candidate
  REQUIRE(found.size() == 1);
  CHECK(found[0].group_key == "q:收费");
}

TEST_CASE_TEMPLATE("an item keeps at most kMaxPhrasings wordings and still counts the known ones",
                   B, BEIAN_STORE_BACKENDS) {
  B backend;
  TriageStore& triage = backend.storage().triage();
  const auto id = triage.Triage("q:x", "w0", TriageReason::kDeclined, kAlice, 100);
  for (int i = 0; i < TriageStore::kMaxPhrasings + 5; ++i) {
    triage.AddPhrasing(id, "w" + std::to_string(i), "|w", {"w"}, 100 + i);
  }
  triage.AddPhrasing(id, "w0", "|w", {"w"}, 200);
  const auto wordings = triage.Phrasings(id);
  CHECK(wordings.size() == static_cast<std::size_t>(TriageStore::kMaxPhrasings));
  CHECK(wordings[0].text == "w0");
  CHECK(wordings[0].count == 2);
}

TEST_CASE_TEMPLATE("an open ticket is reused until it times out, and closes once", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TicketStore& tickets = backend.storage().tickets();
  CHECK_FALSE(tickets.OpenTicketFor(kAlice, 0).has_value());
  const auto first = tickets.OpenTicket(kAlice, 100, 0);
  CHECK(tickets.OpenTicket(kAlice, 150, 50) == first);  // opened since 50: reused
  CHECK(tickets.OpenTicketFor(kAlice, 100) == first);
  CHECK_FALSE(tickets.OpenTicketFor(kAlice, 101).has_value());  // too old for that
  const auto bob = tickets.OpenTicket(kBob, 120, 0);
  CHECK(bob != first);

  // Opened before 200: timed out, closed, and a new one opened.
  const auto second = tickets.OpenTicket(kAlice, 300, 200);
  CHECK(second != first);
  CHECK_FALSE(tickets.CloseTicket(first, 310));  // closed already

  auto open = tickets.OpenTickets();  // oldest first
  REQUIRE(open.size() == 2);
  CHECK(open[0].first == bob);
  CHECK(SameAsker(open[0].second, kBob));
  CHECK(open[1].first == second);
  CHECK(tickets.CloseTicket(second, 400));
  CHECK_FALSE(tickets.CloseTicket(second, 400));
  CHECK_FALSE(tickets.OpenTicketFor(kAlice, 0).has_value());
  CHECK(tickets.OpenTickets().size() == 1);
}

TEST_CASE_TEMPLATE("teaching a phrasing twice adds it once and moves the generation once", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TaughtStore& taught = backend.storage().taught();
  CHECK(taught.KbGeneration() == 0);
  CHECK(taught.Teach("faq.icp", "备案号在哪", "staff", 100));
  CHECK(taught.KbGeneration() == 1);
  CHECK_FALSE(taught.Teach("faq.icp", "备案号在哪", "other", 200));
  CHECK(taught.KbGeneration() == 1);
  CHECK(taught.Teach("faq.domain", "域名", "staff", 50));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(taught.LearnedAliases() == Pairs{{"faq.domain", "域名"}, {"faq.icp", "备案号在哪"}});
  CHECK(taught.KbGeneration() == 2);
}

TEST_CASE_TEMPLATE(
    "a teaching is recorded, listed newest first, and undone once; a forgotten "
    "alias moves the generation",
    B, BEIAN_STORE_BACKENDS) {
  B backend;
  TaughtStore& taught = backend.storage().taught();
  REQUIRE(taught.Teach("faq.x", "能加急吗", "王", 100));
  const auto first =
      taught.RecordTeaching({0, "t1", "faq.x", "王", 100, {"能加急吗", "有加急通道吗"}, false});
  const auto second = taught.RecordTeaching({0, "t2", "faq.y", "李", 200, {"多少钱"}, false});
  CHECK(second > first);
  const auto list = taught.Teachings(10);
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == second);
  CHECK(list[1].phrasings == std::vector<std::string>{"能加急吗", "有加急通道吗"});
  CHECK(list[1].staff == "王");
  CHECK(taught.Teachings(1).size() == 1);
  CHECK(taught.FindTeaching(first)->item_id == "t1");
  CHECK_FALSE(taught.FindTeaching(999));
  CHECK(taught.MarkUndone(first));
  CHECK_FALSE(taught.MarkUndone(first));
  CHECK(taught.FindTeaching(first)->undone);
  const auto generation = taught.KbGeneration();
  CHECK(taught.Forget("faq.x", "能加急吗"));
  CHECK_FALSE(taught.Forget("faq.x", "能加急吗"));
  CHECK(taught.KbGeneration() == generation + 1);
  CHECK(taught.LearnedAliases().empty());
}

TEST_CASE_TEMPLATE("an entry staff wrote is added once per id, oldest first", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  TaughtStore& taught = backend.storage().taught();
  CHECK(taught.AddEntry({"faq.b", R"({"id":"faq.b"})", "t1234567", "王", 200}));
  CHECK(taught.AddEntry({"faq.a", R"({"id":"faq.a"})", "", "李", 100}));
  CHECK_FALSE(taught.AddEntry({"faq.a", R"({"id":"other"})", "", "李", 300}));
  CHECK(taught.KbGeneration() == 2);
  const auto entries = taught.LearnedEntries();
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].id == "faq.a");
  CHECK(entries[0].json == R"({"id":"faq.a"})");
  CHECK(entries[0].at == 100);
  CHECK(entries[1].item_id == "t1234567");
  CHECK(entries[1].staff == "王");
}

TEST_CASE_TEMPLATE("a claimed outbox item is nobody else's until its lease ends", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  OutboxStore& outbox = backend.storage().outbox();
  const auto a = outbox.Add("wecom", R"({"to":"a"})", 100);
  const auto b = outbox.Add("feishu", R"({"to":"b"})", 100);
  const auto c = outbox.Add("wecom", R"({"to":"c"})", 200);  // due at 200
  CHECK(a < b);
  CHECK(b < c);
  CHECK(outbox.Count("pending") == 3);

  auto claimed = outbox.Claim(100, 10, 30);
  REQUIRE(claimed.size() == 2);
  CHECK(claimed[0].id == a);
  CHECK(claimed[0].platform == "wecom");
  CHECK(claimed[0].payload == R"({"to":"a"})");
  CHECK(claimed[0].attempts == 0);
  CHECK(claimed[1].id == b);
  CHECK(outbox.Claim(129, 10, 30).empty());  // a and b are leased, c is not due
  claimed = outbox.Claim(130, 1, 30);        // a's lease ended: the oldest first
  REQUIRE(claimed.size() == 1);
  CHECK(claimed[0].id == a);
  CHECK(outbox.Count("pending") == 3);  // a lease is no change of status
}

TEST_CASE_TEMPLATE("sent and failed outbox items are counted and retried as marked", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  OutboxStore& outbox = backend.storage().outbox();
  const auto a = outbox.Add("wecom", "a", 100);
  const auto b = outbox.Add("wecom", "b", 100);
  const auto c = outbox.Add("wecom", "c", 100);
  REQUIRE(outbox.Claim(100, 10, 30).size() == 3);
  outbox.MarkSent(a);
  outbox.MarkFailed(b, std::string(500, 'x'), 500, false);
  outbox.MarkFailed(c, "gone", 0, true);
  CHECK(outbox.Count("sent") == 1);
  CHECK(outbox.Count("pending") == 1);
  CHECK(outbox.Count("failed") == 1);
  CHECK(outbox.Claim(499, 10, 30).empty());  // b waits for its next attempt
  const auto again = outbox.Claim(500, 10, 30);
  REQUIRE(again.size() == 1);
  CHECK(again[0].id == b);
  CHECK(again[0].attempts == 1);
}

TEST_CASE_TEMPLATE("a rate bucket lets a burst through, then refills at its rate", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  RateBuckets& buckets = backend.storage().rate_buckets();
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  for (int i = 0; i < 3; ++i) CHECK(buckets.Take("chat:1", 1.0, 3, t0));
  CHECK_FALSE(buckets.Take("chat:1", 1.0, 3, t0));
  CHECK_FALSE(buckets.Take("chat:1", 1.0, 3, t0 + 500ms));
  CHECK(buckets.Take("chat:2", 1.0, 3, t0));  // keys are independent
  CHECK(buckets.Take("chat:1", 1.0, 3, t0 + 1s));
  CHECK_FALSE(buckets.Take("chat:1", 1.0, 3, t0 + 1s));
  buckets.Refund("chat:1", 3);
  CHECK(buckets.Take("chat:1", 1.0, 3, t0 + 1s));
  CHECK_FALSE(buckets.Take("chat:1", 1.0, 3, t0 + 1s));
  // A long idle refills to the burst, no further.
  for (int i = 0; i < 3; ++i) CHECK(buckets.Take("chat:1", 1.0, 3, t0 + 1h));
  CHECK_FALSE(buckets.Take("chat:1", 1.0, 3, t0 + 1h));
}

TEST_CASE_TEMPLATE("a token taken stays taken when the caller's transaction rolls back", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  try {
    s.transactor().Transaction([&] {
      CHECK(s.rate_buckets().Take("k", 1.0, 1, t0));
      throw std::runtime_error("roll back");
    });
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(s.rate_buckets().Take("k", 1.0, 1, t0));
}

}  // namespace
}  // namespace beian
