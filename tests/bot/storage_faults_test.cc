// A database that stops taking writes, through a real server: 503 with a
// JSON error, nothing half-written, and recovery by itself once writes work
// again. PRAGMA query_only stands in for a read-only disk (the same
// SQLITE_READONLY error); scripts/disk-full-test fills a real filesystem.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "bot/channels/generic_api.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

void Pragma(Database& db, const std::string& sql) {
  std::lock_guard lock(db.mutex());
  db.connection().exec(sql);
}

std::int64_t Rows(Database& db, const char* table) {
  std::lock_guard lock(db.mutex());
  return db.connection().execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
}

TEST_CASE("read-only database: 503 with a JSON error, no state change, recovery without restart") {
  test::ServerStack stack;
  GenericApiChannel api("");
  stack.Add("/v1/messages", api);
  stack.Start();
  auto say = [&](const std::string& user, const std::string& text, const std::string& id) {
    auto r = stack.Client().Post(
        "/v1/messages",
        json{{"chat_id", "c"}, {"user_id", user}, {"text", text}, {"message_id", id}}.dump(),
        "application/json");
    REQUIRE(r);
    return std::make_pair(r->status, json::parse(r->body, nullptr, false));
  };
  REQUIRE(say("u1", "开始备案", "m1").first == 200);
  const auto sessions = Rows(stack.db(), "sessions");
  const auto messages = Rows(stack.db(), "messages");

  Pragma(stack.db(), "PRAGMA query_only = 1");  // every write now fails with SQLITE_READONLY
  const auto failed = say("u1", "广东省深圳市南山区", "m2");
  CHECK(failed.first == 503);
  CHECK(failed.second.at("error").get<std::string>().find("storage") != std::string::npos);
  CHECK(stack.Client().Get("/healthz")->status == 200);  // reads go on
  CHECK(Rows(stack.db(), "sessions") == sessions);
  CHECK(Rows(stack.db(), "messages") == messages);
  Pragma(stack.db(), "PRAGMA query_only = 0");

  // Writable again: the same message (a platform retry) now goes through, once.
  const auto ok = say("u1", "广东省深圳市南山区", "m2");
  CHECK(ok.first == 200);
  CHECK(ok.second.at("replies")[0].at("text").get<std::string>().find("已记录「选择地区」") !=
        std::string::npos);
  CHECK(Rows(stack.db(), "messages") == messages + 1);
}

}  // namespace
}  // namespace beian
