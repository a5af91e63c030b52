#include "storage/session_store.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <stdexcept>
#include <thread>

#include "storage/processed_store.h"
#include "storage/secret_file.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_processed_store.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/storage_error.h"
#include "tests/test_support.h"

namespace beian {
namespace {

TEST_CASE("a new database is migrated to the newest schema and reopens at it") {
  test::TempDir dir;
  const auto path = dir.path() / "sub" / "bot.db";
  {
    Database db(path);
    CHECK(db.schema_version() == 9);
  }
  Database again(path);
  CHECK(again.schema_version() == 9);
  // Like PostgreSQL's, the table of migrations applied lists every one.
  SQLite::Database file(path.string(), SQLite::OPEN_READONLY);
  CHECK(file.execAndGet("SELECT group_concat(version) FROM schema_version").getString() ==
        "1,2,3,4,5,6,7,8,9");
}

TEST_CASE("migration 6 keeps the sessions and message ids of a version-5 file") {
  test::TempDir dir;
  const auto path = dir.path() / "old.db";
  {
    // The two tables as schema version 5 made them (WITHOUT ROWID).
    SQLite::Database old(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    old.exec(R"sql(
      CREATE TABLE sessions (platform TEXT NOT NULL, chat TEXT NOT NULL, user TEXT NOT NULL, state TEXT NOT NULL,
        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (platform, chat, user)) WITHOUT ROWID;
      CREATE INDEX sessions_updated_at ON sessions(updated_at);
      CREATE TABLE processed_messages (platform TEXT NOT NULL, message_id TEXT NOT NULL, replies TEXT NOT NULL,
        created_at INTEGER NOT NULL, PRIMARY KEY (platform, message_id)) WITHOUT ROWID;
      CREATE INDEX processed_messages_created_at ON processed_messages(created_at);
      INSERT INTO sessions VALUES ('api', 'c', 'alice', '{"step":3}', 100, 200);
      INSERT INTO processed_messages VALUES ('wechat', 'm1', '["好的"]', 150);
    )sql");
    // Migrations 3–5 on top, so that the file is at version 5.
    Database fresh(dir.path() / "fresh.db");
    SQLite::Database donor((dir.path() / "fresh.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement tables(
        donor,
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sessions%' "
        "AND name NOT LIKE 'processed_messages%' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'schema_version%' AND name NOT LIKE 'triage_phrasings%' "
        "AND name NOT LIKE 'triage_words%' AND name NOT LIKE 'teachings%'");
    while (tables.executeStep()) old.exec(tables.getColumn(0).getString());
    old.exec("INSERT INTO meta (key, value) VALUES ('kb_generation', 0)");
    old.exec("PRAGMA user_version = 5");
  }
  Database db(path);
  CHECK(db.schema_version() == 9);
  SqliteSessionStore sessions(db);
  const auto alice = sessions.Load({"api", "c", "alice"});
  REQUIRE(alice.has_value());
  CHECK(alice->state == R"({"step":3})");
  CHECK(alice->created_at == 100);
  CHECK(alice->updated_at == 200);
  SqliteProcessedStore processed(db);
  CHECK(processed.Find("wechat", "m1") == std::optional<std::string>(R"(["好的"])"));
  // The keys are still unique.
  sessions.Save({"api", "c", "alice"}, R"({"step":4})", 300);
  CHECK(sessions.Load({"api", "c", "alice"})->state == R"({"step":4})");
  processed.Remember("wechat", "m1", R"(["另一个"])", 400);
  CHECK(processed.Find("wechat", "m1") == std::optional<std::string>(R"(["好的"])"));
}

TEST_CASE("sessions are saved, replaced, reloaded after reopening, and deleted") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  const SessionKey alice{"cli", "local", "alice"};
  const SessionKey bob{"cli", "local", "bob"};
  {
    Database db(path);
    SqliteSessionStore s(db);
    CHECK_FALSE(s.Load(alice).has_value());
    s.Save(alice, R"({"step":1})", 1000);
    s.Save(alice, R"({"step":2})", 2000);
    s.Save(bob, R"({"step":9})", 1500);
  }
  Database db(path);
  SqliteSessionStore s(db);
  const auto a = s.Load(alice);
  REQUIRE(a.has_value());
  CHECK(a->state == R"({"step":2})");
  CHECK(a->created_at == 1000);
  CHECK(a->updated_at == 2000);
  CHECK(s.Load(bob)->state == R"({"step":9})");
  CHECK(s.Delete(bob));
  CHECK_FALSE(s.Delete(bob));
  CHECK_FALSE(s.Load(bob).has_value());
}

TEST_CASE("idle sessions expire") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteSessionStore s(db);
  s.Save({"cli", "c", "old"}, "{}", 100);
  s.Save({"cli", "c", "new"}, "{}", 10'000);
  CHECK(s.ExpireIdle(10'050, 1000) == 1);
  CHECK_FALSE(s.Load({"cli", "c", "old"}).has_value());
  CHECK(s.Load({"cli", "c", "new"}).has_value());
}

TEST_CASE("an unopenable database is a StorageError naming the file") {
  test::TempDir dir;
  test::WriteFile(dir.path() / "not-a-db", std::string(4096, 'x'));
  CHECK_THROWS_AS(Database(dir.path() / "not-a-db"), StorageError);
}

TEST_CASE("the hash secret is created once and then reused") {
  test::TempDir dir;
  const auto path = dir.path() / "beian-bot.secret";
  const std::string first = LoadOrCreateSecret(path);
  CHECK(first.size() == 64);
  CHECK(LoadOrCreateSecret(path) == first);
  CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::others_read) ==
        std::filesystem::perms::none);
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

std::string Name(const char* prefix, int i) {
  std::string s(prefix);
  s.append(std::to_string(i));
  return s;
}

TEST_CASE(
    "transactions: a failing piece of work is rolled back alone; concurrent work is all "
    "committed") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteSessionStore s(db);
  CHECK_THROWS_WITH(db.Transaction([&] {
    s.Save({"cli", "c", "bad"}, "{}", 1);
    throw std::runtime_error("boom");
  }),
                    "boom");
  CHECK_FALSE(s.Load({"cli", "c", "bad"}).has_value());

  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      try {
        db.Transaction([&] {
          s.Save({"cli", "c", Name("u", i)}, "{}", 2);
          db.Transaction([&] { s.Save({"cli", "c", Name("nested", i)}, "{}", 2); });  // joins
          if (i % 4 == 0) throw std::runtime_error("odd one out");
        });
      } catch (const std::runtime_error&) {
        // expected for every fourth thread
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 16; ++i) {
    CAPTURE(i);
    CHECK(s.Load({"cli", "c", Name("u", i)}).has_value() == (i % 4 != 0));
    CHECK(s.Load({"cli", "c", Name("nested", i)}).has_value() == (i % 4 != 0));
  }
}

}  // namespace
}  // namespace beian
