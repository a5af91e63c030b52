// What only PostgreSQL promises, shown with several connections and several
// Storage objects on one database (as several `serve` instances use it):
// turns of one conversation serialise, a delivery is remembered once, an
// outbox item is claimed once, and a rate bucket is shared.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_storage.h"
#include "storage/storage_error.h"
#include "tests/storage/store_backends.h"

namespace beian {
namespace {

using namespace std::chrono_literals;
using test::PgBackend;

// Waits until `n` backends of the database at `url` are blocked on a lock
// (pg_stat_activity); false after 10 s.
bool LockWaiters(const std::string& url, int n) {
  pqxx::connection observer(url);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    pqxx::nontransaction tx(observer);
    const auto row = tx.exec1(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if (row[0].as<int>() >= n) return true;
    std::this_thread::sleep_for(2ms);
  }
  return false;
}

TEST_CASE("two instances' turns of one conversation run one after the other") {
  PgBackend backend;
  Storage& first = backend.storage();
  const auto second = backend.OpenAgain();
  const SessionKey key{"api", "c", "u"};
  std::promise<void> inside, release;
  std::atomic<bool> second_done{false};
  std::string seen;
  std::thread a([&] {
    first.transactor().Locked("api/c/u", [&] {
      // A turn reads first: the lock goes to the server with that read.
      seen = first.sessions().Load(key).value_or(SessionRecord{}).state;
      first.sessions().Save(key, seen + "a", 1);
      inside.set_value();
      release.get_future().wait();
    });
  });
  inside.get_future().wait();
  std::thread b([&] {
    second->transactor().Locked("api/c/u", [&] {
      seen = second->sessions().Load(key).value_or(SessionRecord{}).state;
      second->sessions().Save(key, seen + "b", 2);
    });
    second_done = true;
  });
  CHECK(LockWaiters(backend.url(), 1));
  CHECK_FALSE(second_done);
  release.set_value();
  a.join();
  b.join();
  CHECK(seen == "a");  // the second turn saw the first one's commit
  CHECK(first.sessions().Load(key)->state == "ab");
}

TEST_CASE("turns of different conversations do not wait for each other") {
  PgBackend backend;
  Storage& s = backend.storage();
  std::promise<void> inside, release;
  std::thread a([&] {
    s.transactor().Locked("api/c/one", [&] {
      (void)s.sessions().Load({"api", "c", "one"});  // sends the lock
      inside.set_value();
      release.get_future().wait();
    });
  });
  inside.get_future().wait();
  bool ran = false;
  s.transactor().Locked("api/c/two", [&] {  // would hang if it waited
    (void)s.sessions().Load({"api", "c", "two"});
    ran = true;
  });
  CHECK(ran);
  release.set_value();
  a.join();
}

TEST_CASE("one delivery reaching two instances at once moves the conversation once") {
  PgBackend backend;
  Storage& first = backend.storage();
  const auto second = backend.OpenAgain();
  for (int round = 0; round < 20; ++round) {
    const std::string id = "m" + std::to_string(round);
    std::latch start(2);
    std::atomic<int> moves{0};
    std::string replies[2];
    auto turn = [&](Storage& s, int who) {
      start.arrive_and_wait();
      s.transactor().Locked("api/c/u", [&] {
        if (auto done = s.processed().Find("api", id)) {
          replies[who] = *done;
          return;
        }
        ++moves;
        replies[who] = "reply by " + std::to_string(who);
        s.processed().Remember("api", id, replies[who], round);
      });
    };
    std::thread a(turn, std::ref(first), 0);
    std::thread b(turn, std::ref(*second), 1);
    a.join();
    b.join();
    CHECK(moves == 1);
    CHECK(replies[0] == replies[1]);
  }
}

TEST_CASE("a delivery remembered by two transactions at once keeps the first") {
  PgBackend backend;
  Storage& first = backend.storage();
  const auto second = backend.OpenAgain();
  std::promise<void> inside, release;
  std::thread a([&] {
    first.transactor().Transaction([&] {
      first.processed().Remember("api", "m", "first", 1);
      // The next statement sends the write that waited for it.
      CHECK(first.processed().Find("api", "m") == std::optional<std::string>("first"));
      inside.set_value();
      release.get_future().wait();
    });
  });
  inside.get_future().wait();
  std::thread b([&] {
    // Waits for the first insert's commit, then does nothing: no error.
    second->transactor().Transaction(
        [&] { second->processed().Remember("api", "m", "second", 2); });
  });
  CHECK(LockWaiters(backend.url(), 1));
  release.set_value();
  a.join();
  b.join();
  CHECK(first.processed().Find("api", "m") == std::optional<std::string>("first"));
}

TEST_CASE("outbox claims from many threads of two instances never take an item twice") {
  PgBackend backend;
  const auto second = backend.OpenAgain();
  constexpr int kItems = 300;
  for (int i = 0; i < kItems; ++i) backend.storage().outbox().Add("api", std::to_string(i), 100);
  std::vector<std::vector<std::int64_t>> taken(6);
  std::latch start(6);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    Storage& s = t % 2 == 0 ? backend.storage() : *second;
    threads.emplace_back([&, t, &s = s] {
      start.arrive_and_wait();
      for (;;) {
        const auto items = s.outbox().Claim(100, 7, 60);
        if (items.empty()) return;
        for (const auto& item : items) taken[t].push_back(item.id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::int64_t> unique;
  std::size_t total = 0;
  for (const auto& ids : taken) {
    total += ids.size();
    unique.insert(ids.begin(), ids.end());
  }
  CHECK(total == kItems);
  CHECK(unique.size() == kItems);
}

TEST_CASE("a rate bucket is shared by every instance on the database") {
  PgBackend backend;
  const auto second = backend.OpenAgain();
  RateBuckets& one = backend.storage().rate_buckets();
  RateBuckets& two = second->rate_buckets();
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  CHECK(one.Take("chat", 1.0, 3, t0));
  CHECK(two.Take("chat", 1.0, 3, t0));
  CHECK(one.Take("chat", 1.0, 3, t0));
  CHECK_FALSE(two.Take("chat", 1.0, 3, t0));
  CHECK_FALSE(one.Take("chat", 1.0, 3, t0));
  two.Refund("chat", 3);
  CHECK(one.Take("chat", 1.0, 3, t0));

  // Many takes at once from both: exactly the burst gets through.
  std::atomic<int> through{0};
  std::latch start(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      RateBuckets& buckets = t % 2 == 0 ? one : two;
      start.arrive_and_wait();
      for (int i = 0; i < 25; ++i) through += buckets.Take("burst", 0.001, 100, t0) ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(through == 100);
}

TEST_CASE("turns that take a rate token inside their transactions never starve each other") {
  PgBackend backend;
  StorageOptions options;
  options.max_connections = 4;
  const auto small = backend.OpenAgain(options);
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  std::atomic<int> errors{0}, taken{0};
  std::latch start(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < 10; ++i) {
        try {
          small->transactor().Locked("chat " + std::to_string(t), [&] {
            small->sessions().Save({"api", "c", std::to_string(t)}, "{}", i);
            taken += small->rate_buckets().Take("chat", 1, 1000, t0) ? 1 : 0;
          });
        } catch (const StorageError&) {
          ++errors;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(errors == 0);
  CHECK(taken == 80);
}

TEST_CASE("instances starting at once on an empty database migrate it once") {
  const std::string url = test::PostgresServer::Shared().NewDatabase();
  std::latch start(4);
  std::vector<std::future<int>> versions;
  for (int i = 0; i < 4; ++i) {
    versions.push_back(std::async(std::launch::async, [&] {
      start.arrive_and_wait();
      return OpenPgStorage(url)->schema_version();
    }));
  }
  const int version = versions[0].get();
  CHECK(version > 0);
  for (std::size_t i = 1; i < versions.size(); ++i) CHECK(versions[i].get() == version);
}

TEST_CASE("inside a PostgreSQL transaction every read sees its own writes") {
  PgBackend backend;
  Storage& s = backend.storage();
  s.transactor().Transaction([&] {
    s.sessions().Save({"api", "c", "u"}, "{}", 1);
    s.processed().Remember("api", "m", "[]", 1);
    s.outbox().Add("api", "x", 1);
    CHECK(s.sessions().Load({"api", "c", "u"}).has_value());
    CHECK(s.processed().Find("api", "m").has_value());
    CHECK(s.outbox().Count("pending") == 1);
  });
}

TEST_CASE("text PostgreSQL cannot hold is mended, not refused") {
  PgBackend backend;
  SessionStore& sessions = backend.storage().sessions();
  const SessionKey key{"api", "c", std::string("u\0v", 3)};
  sessions.Save(key, std::string("a\0b\xff", 4), 1);
  const auto record = sessions.Load(key);
  REQUIRE(record.has_value());
  CHECK(record->state == "ab\xEF\xBF\xBD");
}

TEST_CASE("a server that cannot be reached is a StorageError") {
  CHECK_THROWS_AS(OpenPgStorage("postgresql://postgres@127.0.0.1:1/none?connect_timeout=2"),
                  StorageError);
}

// Closes every other connection to the database at `url` (as a server
// restart or a failover does); returns how many.
int TerminateOthers(const std::string& url) {
  pqxx::connection admin(url);
  pqxx::nontransaction tx(admin);
  return tx
      .exec1(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
          "WHERE datname = current_database() AND pid <> pg_backend_pid()")[0]
      .as<int>();
}

TEST_CASE("connections the server closed are replaced, not lent again") {
  PgBackend backend;
  Storage& s = backend.storage();
  const SessionKey key{"api", "c", "u"};
  s.sessions().Save(key, "{}", 1);  // leaves an idle connection in the pool
  REQUIRE(TerminateOthers(backend.url()) >= 1);
  // The pool held one connection. Once the server's closing has reached this
  // process, it is replaced before it is lent; should the next use come
  // first, that use fails and the connection is dropped.
  int failures = 0;
  for (int i = 0; i < 3; ++i) {
    try {
      const bool found = s.sessions().Load(key).has_value();
      CHECK(found);
    } catch (const StorageError&) {
      ++failures;
    }
  }
  CHECK(failures <= 1);
  CHECK(s.sessions().Load(key).has_value());
}

TEST_CASE("another instance's staff answer or open ticket shows as pending, and nothing else") {
  PgBackend backend;
  const auto other = backend.OpenAgain();
  TriageStore& triage = backend.storage().triage();
  const Asker alice{"api", "c", "alice"}, bob{"api", "c", "bob"};
  CHECK_FALSE(triage.MayHavePending(alice));
  const auto id = triage.Triage("key", "备案要多久", TriageReason::kDeclined, alice, 100);
  CHECK_FALSE(triage.MayHavePending(alice));  // asked, not answered yet
  REQUIRE(other->triage().Resolve(id, "answered", "二十个工作日", "", "staff"));
  CHECK(triage.MayHavePending(alice));
  CHECK(triage.TakeAnswersFor(alice).size() == 1);
  CHECK_FALSE(triage.MayHavePending(alice));
  other->tickets().OpenTicket(bob, 200, 100);
  CHECK(triage.MayHavePending(bob));
  CHECK_FALSE(triage.MayHavePending(alice));
}

}  // namespace
}  // namespace beian
