// What `serve` keeps in memory in front of the file: commit hooks, the
// session cache, the id filter, the message-id filter and the serve lock.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/processed_store.h"
#include "storage/session_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/id_filter.h"
#include "storage/sqlite/serve_lock.h"
#include "storage/sqlite/sqlite_processed_store.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/storage_error.h"
#include "tests/test_support.h"

namespace beian {
namespace {

TEST_CASE(
    "AfterCommit runs after the commit, never for work that rolled back, and at once outside a "
    "transaction") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  int ran = 0;
  db.AfterCommit([&] { ++ran; });
  CHECK(ran == 1);
  db.Transaction([&] {
    db.AfterCommit([&] { ran += 10; });
    CHECK(ran == 1);  // not yet
  });
  CHECK(ran == 11);
  CHECK_THROWS_AS(db.Transaction([&] {
    db.AfterCommit([&] { ran += 100; });
    throw std::runtime_error("rolled back");
  }),
                  std::runtime_error);
  CHECK(ran == 11);
  // A throwing action neither undoes the commit nor stops the next one.
  db.Transaction([&] {
    db.AfterCommit([] { throw std::runtime_error("copy failed"); });
    db.AfterCommit([&] { ran += 1000; });
  });
  CHECK(ran == 1011);
  db.Transaction([&] { db.AfterCommit([&] { ++ran; }); });
  CHECK(ran == 1012);
}

TEST_CASE("under constant writes the WAL is emptied again and again, and nothing written is lost") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  constexpr int kUsers = 400;
  std::vector<int> last(kUsers, -1);   // the newest step saved for each user
  std::atomic<std::int64_t> pages{0};  // at least this many pages went through the WAL
  {
    Database db(path, /*wal_reset_bytes=*/256 * 1024,
                /*checkpoint_every=*/std::chrono::milliseconds(100));
    SqliteSessionStore sessions(db);
    const std::string padding(1500, 'x');
    std::atomic<bool> stop{false};
    std::mutex last_mutex;
    auto writer = [&](int first) {
      for (int step = 0; !stop; ++step) {
        for (int u = first; u < kUsers && !stop; u += 16) {
          // Eight users a transaction, each in a page of their own or so.
          const std::string state =
              R"({"step":)" + std::to_string(step) + R"(,"pad":")" + padding + "\"}";
          db.Transaction([&] {
            for (int k = u; k < u + 16 && k < kUsers; k += 2) {
              sessions.Save({"api", "c", "u" + std::to_string(k)}, state, step);
            }
          });
          std::lock_guard lock(last_mutex);
          for (int k = u; k < u + 16 && k < kUsers; k += 2) last[static_cast<size_t>(k)] = step;
          pages += 4;  // fewer than the sessions written: rows share pages
          std::this_thread::sleep_for(
              std::chrono::milliseconds(1));  // a steady stream, not a flood
        }
      }
    };
    std::thread a(writer, 0), b(writer, 1);
    // Several rounds of the checkpoint thread (every 100 ms here).
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    stop = true;
    a.join();
    b.join();
    // A WAL never emptied would hold every page written; emptied, the file
    // stays the size of the most it held between two emptyings.
    const auto wal = static_cast<std::int64_t>(std::filesystem::file_size(path.string() + "-wal"));
    INFO("WAL ", wal, " bytes; at least ", pages * 4096, " bytes went through it");
    CHECK(wal * 2 < pages * 4096);
  }
  Database reopened(path);
  SqliteSessionStore sessions(reopened);
  for (int u = 0; u < kUsers; ++u) {
    if (last[static_cast<size_t>(u)] < 0) continue;
    const auto record = sessions.Load({"api", "c", "u" + std::to_string(u)});
    REQUIRE(record.has_value());
    CHECK(record->state.rfind(R"({"step":)" + std::to_string(last[static_cast<size_t>(u)]) + ",",
                              0) == 0);
  }
}

TEST_CASE(
    "the session cache answers from memory, follows commits and rollbacks, and evicts by size") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  Database db(path);
  SqliteSessionStore cached(db, 64 * 1024);
  const SessionKey alice{"api", "c", "alice"};
  CHECK_FALSE(cached.Load(alice).has_value());  // "no session" is remembered too
  cached.Save(alice, R"({"step":1})", 100);
  CHECK(cached.Load(alice)->state == R"({"step":1})");
  CHECK(cached.Load(alice)->created_at == 100);

  // Memory, not the file: a change behind its back is not seen (hence the serve lock).
  SQLite::Database other(path.string(), SQLite::OPEN_READWRITE);
  other.exec(R"(UPDATE sessions SET state = '{"step":99}')");
  CHECK(cached.Load(alice)->state == R"({"step":1})");
  CHECK(SqliteSessionStore(db).Load(alice)->state == R"({"step":99})");

  // A save in a transaction that rolls back leaves the cached state alone.
  CHECK_THROWS(db.Transaction([&] {
    cached.Save(alice, R"({"step":2})", 200);
    throw std::runtime_error("no");
  }));
  CHECK(cached.Load(alice)->state == R"({"step":1})");
  db.Transaction([&] { cached.Save(alice, R"({"step":3})", 300); });
  const auto now = cached.Load(alice);
  CHECK(now->state == R"({"step":3})");
  CHECK(now->created_at == 100);
  CHECK(now->updated_at == 300);
  CHECK(cached.Delete(alice));
  CHECK_FALSE(cached.Load(alice).has_value());

  // Far more sessions than 64 KiB holds: every one still reads back right.
  const std::string big(2000, 'x');
  for (int i = 0; i < 300; ++i)
    cached.Save({"api", "c", "u" + std::to_string(i)}, big + std::to_string(i), i);
  for (int i = 0; i < 300; ++i)
    CHECK(cached.Load({"api", "c", "u" + std::to_string(i)})->state == big + std::to_string(i));
}

TEST_CASE(
    "IdFilter: no id added within the window is ever missed; ids two windows old are dropped; few "
    "false maybes") {
  IdFilter filter(1 << 20, 100);
  for (int i = 0; i < 50000; ++i)
    filter.Add("m" + std::to_string(i), 1000 + i / 1000);  // 50 s of ids
  for (int i = 0; i < 50000; ++i) REQUIRE(filter.MaybeContains("m" + std::to_string(i)));
  int false_maybes = 0;
  for (int i = 0; i < 50000; ++i)
    false_maybes += filter.MaybeContains("other" + std::to_string(i)) ? 1 : 0;
  CHECK(false_maybes < 500);  // < 1 %
  filter.Add("late", 1100);   // a window later: the first generation becomes the previous one
  CHECK(filter.MaybeContains("m1"));
  CHECK(filter.MaybeContains("late"));
  filter.Add("later", 1200);  // two windows: the first generation is gone
  CHECK(filter.MaybeContains("late"));
  int kept = 0;
  for (int i = 0; i < 1000; ++i) kept += filter.MaybeContains("m" + std::to_string(i)) ? 1 : 0;
  CHECK(kept < 10);
}

TEST_CASE("the message-id filter knows the ids of the file and every id remembered since") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  {
    Database db(path);
    SqliteProcessedStore plain(db);
    plain.Remember("wechat", "before-restart", R"(["一"])", 1000);
  }
  Database db(path);
  SqliteProcessedStore filtered(db, 48 * 3600);
  CHECK(filtered.Find("wechat", "before-restart") == std::optional<std::string>(R"(["一"])"));
  CHECK_FALSE(filtered.Find("wechat", "new").has_value());
  filtered.Remember("wechat", "new", R"(["二"])", 2000);
  CHECK(filtered.Find("wechat", "new") == std::optional<std::string>(R"(["二"])"));
  CHECK_FALSE(filtered.Find("feishu", "new").has_value());  // ids are per platform
}

TEST_CASE("a burst of reads opens a connection each; afterwards only a few idle ones stay open") {
  test::TempDir dir;
  Database db(dir.path() / "bot.db");
  SqliteSessionStore sessions(db);
  sessions.Save({"api", "c", "u"}, "{}", 1);
  CHECK(db.idle_readers() == 0);
  {
    std::vector<ReadConnection> burst;
    for (int i = 0; i < 40; ++i) burst.push_back(db.Read());
  }
  CHECK(db.idle_readers() == 16);
  CHECK(sessions.Load({"api", "c", "u"})->state == "{}");  // reading still works
  CHECK(db.idle_readers() == 16);                          // and reuses an idle connection
}

TEST_CASE(
    "one serve per database file: a second lock is refused naming the holder, and freed with the "
    "first") {
  test::TempDir dir;
  const auto path = dir.path() / "bot.db";
  {
    ServeLock first(path);
    try {
      ServeLock second(path);
      FAIL("a second lock was granted");
    } catch (const StorageError& e) {
      CHECK(std::string(e.what()).find("pid " + std::to_string(::getpid())) != std::string::npos);
    }
  }
  CHECK_NOTHROW(ServeLock again(path));
}

}  // namespace
}  // namespace beian
