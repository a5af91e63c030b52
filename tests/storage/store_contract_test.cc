// The store contract, written once and run on every backend of
// store_backends.h (a SQLite file and a real PostgreSQL server): sessions,
// processed message ids, the message log and transactions. The support
// stores are in store_contract_support_test.cc; what only several
// PostgreSQL instances can show, in store_contract_pg_test.cc.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "storage/storage.h"
#include "tests/storage/store_backends.h"

namespace beian {
namespace {

// 2026-11-26 00:00 in China (UTC+8).
constexpr std::int64_t kChinaMidnight = 1795622400;

struct Boom : std::runtime_error {
  Boom() : std::runtime_error("boom") {}
};

LoggedMessage Message(std::int64_t at, const std::string& user, Outcome outcome,
                      const std::string& entry = "", const std::string& platform = "api") {
  return {at, platform, "chat", user, "text at " + std::to_string(at), outcome, entry, 0.5};
}

TEST_CASE_TEMPLATE("a saved session loads back, and a later save keeps its created_at", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  SessionStore& sessions = backend.storage().sessions();
  const SessionKey key{"wechat", "group 1", "alice"};
  CHECK_FALSE(sessions.Load(key).has_value());
  sessions.Save(key, R"({"step":1,"name":"张三"})", 100);
  sessions.Save(key, R"({"step":2})", 250);
  const auto record = sessions.Load(key);
  REQUIRE(record.has_value());
  CHECK(record->state == R"({"step":2})");
  CHECK(record->created_at == 100);
  CHECK(record->updated_at == 250);
  CHECK_FALSE(sessions.Load({"wechat", "group 1", "bob"}).has_value());
  CHECK_FALSE(sessions.Load({"feishu", "group 1", "alice"}).has_value());
}

TEST_CASE_TEMPLATE("a session outlives its storage and is read by another one", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  backend.storage().sessions().Save({"api", "c", "u"}, "{}", 10);
  const auto again = backend.OpenAgain();
  const auto record = again->sessions().Load({"api", "c", "u"});
  REQUIRE(record.has_value());
  CHECK(record->created_at == 10);
  CHECK(again->schema_version() == backend.storage().schema_version());
  CHECK(again->schema_version() > 0);
}

TEST_CASE_TEMPLATE("deleting a session says whether there was one", B, BEIAN_STORE_BACKENDS) {
  B backend;
  SessionStore& sessions = backend.storage().sessions();
  const SessionKey key{"api", "c", "u"};
  sessions.Save(key, "{}", 10);
  CHECK(sessions.Delete(key));
  CHECK_FALSE(sessions.Load(key).has_value());
  CHECK_FALSE(sessions.Delete(key));
}

TEST_CASE_TEMPLATE("idle sessions expire and the fresh ones stay", B, BEIAN_STORE_BACKENDS) {
  B backend;
  SessionStore& sessions = backend.storage().sessions();
  sessions.Save({"api", "c", "old"}, "{}", 100);
  sessions.Save({"api", "c", "older"}, "{}", 50);
  sessions.Save({"api", "c", "fresh"}, "{}", 100);
  sessions.Save({"api", "c", "fresh"}, "{}", 900);
  CHECK(sessions.ExpireIdle(1000, 500) == 2);  // not updated since 500
  CHECK_FALSE(sessions.Load({"api", "c", "old"}).has_value());
  CHECK(sessions.Load({"api", "c", "fresh"}).has_value());
  CHECK(sessions.ExpireIdle(1000, 500) == 0);
}

TEST_CASE_TEMPLATE("a remembered message id keeps its first replies until pruned", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  ProcessedStore& processed = backend.storage().processed();
  CHECK_FALSE(processed.Find("wechat", "m1").has_value());
  processed.Remember("wechat", "m1", R"(["第一"])", 100);
  processed.Remember("wechat", "m1", R"(["second"])", 200);
  processed.Remember("wechat", "m2", R"(["m2"])", 300);
  CHECK(processed.Find("wechat", "m1") == std::optional<std::string>(R"(["第一"])"));
  CHECK_FALSE(processed.Find("feishu", "m1").has_value());
  CHECK(processed.Prune(400, 200) == 1);  // older than 200: m1 only
  CHECK_FALSE(processed.Find("wechat", "m1").has_value());
  CHECK(processed.Find("wechat", "m2") == std::optional<std::string>(R"(["m2"])"));
}

TEST_CASE_TEMPLATE("history is one user's messages, newest first, limited and since a time", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  MessageLog& log = backend.storage().log();
  log.Log(Message(100, "alice", Outcome::kAnswer, "faq.icp"));
  log.Log(Message(200, "bob", Outcome::kDeclined));
  log.Log(Message(300, "alice", Outcome::kWalkthrough));
  log.Log(Message(400, "alice", Outcome::kHandoffEnd));
  const auto all = log.History("api", "chat", "alice", 10);
  REQUIRE(all.size() == 3);
  CHECK(all[0].at == 400);
  CHECK(all[0].outcome == Outcome::kHandoffEnd);
  CHECK(all[2].at == 100);
  CHECK(all[2].entry_id == "faq.icp");
  CHECK(all[2].text == "text at 100");
  CHECK(all[2].score == doctest::Approx(0.5));
  CHECK(all[2].platform == "api");
  CHECK(all[2].chat == "chat");
  CHECK(all[2].user == "alice");
  const auto two = log.History("api", "chat", "alice", 2);
  REQUIRE(two.size() == 2);
  CHECK(two[1].at == 300);
  const auto since = log.History("api", "chat", "alice", 10, 300);
  REQUIRE(since.size() == 2);
  CHECK(since[1].at == 300);
  CHECK(log.History("api", "other chat", "alice", 10).empty());
}

TEST_CASE_TEMPLATE("purging the log deletes only the old messages", B, BEIAN_STORE_BACKENDS) {
  B backend;
  MessageLog& log = backend.storage().log();
  log.Log(Message(100, "alice", Outcome::kAnswer));
  log.Log(Message(500, "alice", Outcome::kAnswer));
  CHECK(log.PurgeLog(1000, 600) == 1);
  const auto left = log.History("api", "chat", "alice", 10);
  REQUIRE(left.size() == 1);
  CHECK(left[0].at == 500);
}

TEST_CASE_TEMPLATE("statistics count outcomes, answered entries and platforms since a time", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  MessageLog& log = backend.storage().log();
  log.Log(Message(50, "old", Outcome::kAnswer, "faq.old"));  // before `since`
  for (int i = 0; i < 3; ++i) log.Log(Message(100 + i, "a", Outcome::kAnswer, "faq.icp"));
  log.Log(Message(110, "b", Outcome::kAnswer, "faq.domain", "wechat"));
  log.Log(Message(111, "b", Outcome::kClarify, "faq.domain", "wechat"));  // not an answer
  log.Log(Message(112, "c", Outcome::kDeclined));
  log.Log(Message(113, "c", Outcome::kDeclined));

  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  CHECK(log.OutcomeCounts(100) == Counts{{"answer", 4}, {"declined", 2}, {"clarify", 1}});
  CHECK(log.TopEntries(100, 10) == Counts{{"faq.icp", 3}, {"faq.domain", 1}});
  CHECK(log.TopEntries(100, 1) == Counts{{"faq.icp", 3}});
  CHECK(log.PlatformCounts(100) == Counts{{"api", 5}, {"wechat", 2}});
  CHECK(log.OutcomeCounts(1000).empty());
}

TEST_CASE_TEMPLATE("daily outcomes count per day in China time, oldest first", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  MessageLog& log = backend.storage().log();
  log.Log(Message(kChinaMidnight, "a", Outcome::kAnswer));
  log.Log(Message(kChinaMidnight + 3600, "a", Outcome::kDeclined));
  log.Log(Message(kChinaMidnight + 7200, "a", Outcome::kAnswer));
  log.Log(Message(kChinaMidnight - 1, "a", Outcome::kHandoffEnd));  // 23:59:59 the day before
  log.Log(Message(kChinaMidnight - 2, "a", Outcome::kHandoff));
  const auto days = log.DailyOutcomes(0);
  REQUIRE(days.size() == 4);
  CHECK(days[0].day == "2026-11-25");
  CHECK(days[0].outcome == "handoff");
  CHECK(days[1].day == "2026-11-25");
  CHECK(days[1].outcome == "handoff-end");
  CHECK(days[2].day == "2026-11-26");
  CHECK(days[2].outcome == "answer");
  CHECK(days[2].count == 2);
  CHECK(days[3].outcome == "declined");
  CHECK(log.DailyOutcomes(kChinaMidnight + 1).size() == 2);
}

// Writes one row to each store a turn writes to.
void WriteEverything(Storage& s, const std::string& tag) {
  s.sessions().Save({"api", "c", tag}, "{}", 100);
  s.processed().Remember("api", tag, "[]", 100);
  s.log().Log(Message(100, tag, Outcome::kAnswer));
  s.outbox().Add("api", tag, 100);
  s.taught().Teach("faq.icp", tag, "staff", 100);
  s.triage().Triage("key " + tag, "text", TriageReason::kDeclined, {"api", "c", tag}, 100);
}

TEST_CASE_TEMPLATE("a transaction that throws undoes what every store wrote in it", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  CHECK_THROWS_AS(s.transactor().Transaction([&] {
    WriteEverything(s, "undone");
    throw Boom();
  }),
                  Boom);
  CHECK_FALSE(s.sessions().Load({"api", "c", "undone"}).has_value());
  CHECK_FALSE(s.processed().Find("api", "undone").has_value());
  CHECK(s.log().History("api", "chat", "undone", 10).empty());
  CHECK(s.outbox().Count("pending") == 0);
  CHECK(s.taught().LearnedAliases().empty());
  CHECK(s.taught().KbGeneration() == 0);
  CHECK(s.triage().Items("", 10).empty());

  s.transactor().Transaction([&] { WriteEverything(s, "kept"); });
  CHECK(s.sessions().Load({"api", "c", "kept"}).has_value());
  CHECK(s.processed().Find("api", "kept").has_value());
  CHECK(s.log().History("api", "chat", "kept", 10).size() == 1);
  CHECK(s.outbox().Count("pending") == 1);
  CHECK(s.taught().KbGeneration() == 1);
  CHECK(s.triage().Items("", 10).size() == 1);
}

TEST_CASE_TEMPLATE("a transaction inside a transaction joins it", B, BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  CHECK_THROWS_AS(s.transactor().Transaction([&] {
    s.transactor().Transaction([&] { s.sessions().Save({"api", "c", "inner"}, "{}", 1); });
    s.transactor().Locked("api/c/inner", [&] { s.processed().Remember("api", "m", "[]", 1); });
    throw Boom();
  }),
                  Boom);
  CHECK_FALSE(s.sessions().Load({"api", "c", "inner"}).has_value());
  CHECK_FALSE(s.processed().Find("api", "m").has_value());
}

TEST_CASE_TEMPLATE("what a locked turn writes in its transaction is committed", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Storage& s = backend.storage();
  s.transactor().Locked("api/c/u", [&] {
    s.transactor().Transaction([&] {
      s.sessions().Save({"api", "c", "u"}, R"({"step":1})", 5);
      s.processed().Remember("api", "m1", R"(["ok"])", 5);
    });
  });
  CHECK(s.sessions().Load({"api", "c", "u"})->state == R"({"step":1})");
  CHECK(s.processed().Find("api", "m1") == std::optional<std::string>(R"(["ok"])"));
}

TEST_CASE_TEMPLATE("an after-commit action runs once the transaction commits, never on rollback", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  Transactor& tx = backend.storage().transactor();
  int ran = 0;
  tx.Transaction([&] {
    tx.AfterCommit([&] { ++ran; });
    backend.storage().sessions().Save({"api", "c", "u"}, "{}", 1);
    CHECK(ran == 0);
  });
  CHECK(ran == 1);
  CHECK_THROWS_AS(tx.Transaction([&] {
    tx.AfterCommit([&] { ran += 10; });
    throw Boom();
  }),
                  Boom);
  CHECK(ran == 1);
  tx.AfterCommit([&] { ran += 100; });  // outside a transaction: at once
  CHECK(ran == 101);
}

}  // namespace
}  // namespace beian
