// PgDatabase's batching: writes whose results nobody awaits go to the server
// with the next statement or the COMMIT, as quoted literals.
#include "storage/postgres/pg_database.h"

#include <doctest/doctest.h>

#include <string>

#include "storage/storage_error.h"
#include "tests/support/postgres_server.h"

namespace beian {
namespace {

constexpr const char* kSave =
    "INSERT INTO sessions (platform, chat, user_id, state, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $5)";
constexpr const char* kState = "SELECT state FROM sessions WHERE platform = $1 AND chat = $2";
constexpr const char* kCount = "SELECT count(*) FROM sessions";

TEST_CASE("a batched write keeps every character of its values, quotes and backslashes included") {
  PgDatabase db(test::PostgresServer::Shared().NewDatabase(), 4);
  const std::string hostile = "x'); DROP TABLE sessions; -- \\' \"$1\" 用户 ｜ \t\n";
  db.Transaction([&] { db.Write("save", kSave, hostile, "c$2", "u", hostile + "{\"a\":1}", 7); });
  const auto r = db.Exec("read", kState, hostile, "c$2");
  REQUIRE(r.size() == 1);
  CHECK(r[0][0].as<std::string>() == hostile + "{\"a\":1}");
}

TEST_CASE("every connection is bounded: statement, lock wait and idle transaction timeouts") {
  PgDatabase db(test::PostgresServer::Shared().NewDatabase(), 4);
  constexpr const char* kLimits =
      "SELECT current_setting('statement_timeout'), current_setting('lock_timeout'), "
      "current_setting('idle_in_transaction_session_timeout')";
  for (int i = 0; i < 2; ++i) {  // outside a transaction and inside one (other pools)
    const auto check = [&] {
      const auto r = db.Exec("limits", kLimits);
      CHECK(r[0][0].as<std::string>() == "30s");
      CHECK(r[0][1].as<std::string>() == "10s");
      CHECK(r[0][2].as<std::string>() == "1min");
    };
    if (i == 0)
      check();
    else
      db.Transaction(check);
  }
}

TEST_CASE("a read inside the transaction sees the writes batched before it") {
  PgDatabase db(test::PostgresServer::Shared().NewDatabase(), 4);
  db.Transaction([&] {
    db.Write("save", kSave, "p", "c", "u", "s", 1);
    CHECK(db.Exec("count", kCount)[0][0].as<int>() == 1);
  });
}

TEST_CASE("a batched write that fails at the commit undoes the transaction and names itself") {
  PgDatabase db(test::PostgresServer::Shared().NewDatabase(), 2);
  try {
    db.Transaction([&] {
      db.Write("save", kSave, "p", "c", "u", "s", 1);
      db.Write("bad write", "INSERT INTO no_such_table VALUES ($1)", 1);
    });
    FAIL("the commit did not throw");
  } catch (const StorageError& e) {
    CHECK(std::string(e.what()).find("bad write") != std::string::npos);
  }
  CHECK(db.Exec("count", kCount)[0][0].as<int>() == 0);
  // The connections are usable afterwards: the failed transaction was rolled back.
  for (int i = 0; i < 3; ++i)
    db.Transaction([&] { db.Write("save", kSave, "p", "c", std::to_string(i), "s", 1); });
  CHECK(db.Exec("count", kCount)[0][0].as<int>() == 3);
}

TEST_CASE("a transaction that throws before anything was sent leaves nothing behind") {
  PgDatabase db(test::PostgresServer::Shared().NewDatabase(), 2);
  CHECK_THROWS_AS(db.Transaction([&] {
    db.Write("save", kSave, "p", "c", "u", "s", 1);
    throw StorageError("stop");
  }),
                  StorageError);
  CHECK(db.Exec("count", kCount)[0][0].as<int>() == 0);
}

}  // namespace
}  // namespace beian
