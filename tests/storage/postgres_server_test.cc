// The throw-away PostgreSQL server of tests/support, and the PostgreSQL
// behaviour the stores of issue #23 build on, checked against the real
// server: a broken or missing server fails these tests.
#include "tests/support/postgres_server.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>

namespace beian {
namespace {

using test::PostgresServer;
using namespace std::chrono_literals;

constexpr auto kPatience = 10s;

// `url` with a statement timeout, so that a lock a broken server never
// releases fails the test instead of hanging it.
std::string Impatient(const std::string& url) {
  return url + "?options=-c%20statement_timeout%3D10000";
}

std::string DatabaseName(const std::string& url) { return url.substr(url.rfind('/') + 1); }

// Waits until the backend `pid` is blocked on a lock (pg_stat_activity);
// false after kPatience.
bool WaitsForLock(pqxx::connection& observer, int pid) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    pqxx::nontransaction tx(observer);
    const auto row = tx.exec_params1(
        "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", pid);
    if (row[0].as<int>() == 1) return true;
    std::this_thread::sleep_for(2ms);
  }
  return false;
}

std::set<int> Claim(pqxx::transaction_base& tx) {
  std::set<int> ids;
  for (const auto& row :
       tx.exec("SELECT id FROM jobs ORDER BY id LIMIT 2 FOR UPDATE SKIP LOCKED")) {
    ids.insert(row[0].as<int>());
  }
  return ids;
}

TEST_CASE("a PostgreSQL test database takes tables and rows over TCP and over its socket") {
  PostgresServer& pg = PostgresServer::Shared();
  const std::string url = pg.NewDatabase();
  CHECK(url.rfind("postgresql://postgres:", 0) == 0);
  CHECK(url.find("@127.0.0.1:" + std::to_string(pg.port()) + "/") != std::string::npos);

  pqxx::connection tcp(url);
  pqxx::work tx(tcp);
  tx.exec0("CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)");
  tx.exec_params0("INSERT INTO notes VALUES ($1, $2)", 1, "备案 ✓");
  tx.commit();

  pqxx::connection socket("host=" + pg.socket_dir().string() + " port=" +
                          std::to_string(pg.port()) + " user=postgres dbname=" + DatabaseName(url));
  pqxx::nontransaction read(socket);
  CHECK(read.exec1("SELECT body FROM notes WHERE id = 1")[0].as<std::string>() == "备案 ✓");
  CHECK(read.exec1("SHOW listen_addresses")[0].as<std::string>() == "127.0.0.1");
  CHECK(read.exec1("SHOW fsync")[0].as<std::string>() == "off");
  CHECK(read.exec1("SHOW max_connections")[0].as<int>() >= 100);
  CHECK(read.exec1("SHOW server_version_num")[0].as<int>() >= 150000);
}

TEST_CASE("PostgreSQL: INSERT ... ON CONFLICT DO NOTHING from two connections stores a row once") {
  const std::string url = PostgresServer::Shared().NewDatabase();
  pqxx::connection a(Impatient(url)), b(Impatient(url)), observer(url);
  pqxx::nontransaction(a).exec0("CREATE TABLE seen (id text PRIMARY KEY, first text NOT NULL)");
  const std::string insert = "INSERT INTO seen VALUES ($1, $2) ON CONFLICT DO NOTHING";

  pqxx::work first(a);
  CHECK(first.exec_params(insert, "m1", "a").affected_rows() == 1);
  // b's insert of the same key waits for a's transaction, then does nothing.
  const int b_pid = b.backendpid();
  auto second = std::async(std::launch::async, [&] {
    pqxx::work tx(b);
    const auto rows = tx.exec_params(insert, "m1", "b").affected_rows();
    tx.commit();
    return rows;
  });
  REQUIRE(WaitsForLock(observer, b_pid));
  CHECK(second.wait_for(0s) == std::future_status::timeout);
  first.commit();
  REQUIRE(second.wait_for(kPatience) == std::future_status::ready);
  CHECK(second.get() == 0);

  pqxx::nontransaction check(observer);
  CHECK(check.exec_params(insert, "m1", "c").affected_rows() == 0);
  const auto rows = check.exec("SELECT first FROM seen");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0].as<std::string>() == "a");
}

TEST_CASE(
    "PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED in two transactions claims different rows") {
  const std::string url = PostgresServer::Shared().NewDatabase();
  pqxx::connection a(Impatient(url)), b(Impatient(url)), c(Impatient(url));
  pqxx::nontransaction(a).exec0(
      "CREATE TABLE jobs (id integer PRIMARY KEY); INSERT INTO jobs SELECT generate_series(1, 4)");

  pqxx::work first(a), second(b);
  CHECK(Claim(first) == std::set{1, 2});
  CHECK(Claim(second) == std::set{3, 4});
  {
    pqxx::work third(c);
    CHECK(Claim(third).empty());
    // The rows are really locked: without SKIP LOCKED a claim cannot have them.
    CHECK_THROWS_AS(third.exec("SELECT id FROM jobs WHERE id = 1 FOR UPDATE NOWAIT"),
                    pqxx::sql_error);
  }
  first.abort();
  pqxx::work third(c);
  CHECK(Claim(third) == std::set{1, 2});
}

TEST_CASE("PostgreSQL: pg_advisory_xact_lock holds a second connection until the first commits") {
  const std::string url = PostgresServer::Shared().NewDatabase();
  pqxx::connection a(Impatient(url)), b(Impatient(url)), observer(url);

  pqxx::work holder(a);
  holder.exec("SELECT pg_advisory_xact_lock(23)");
  const int b_pid = b.backendpid();
  auto waiter = std::async(std::launch::async, [&] {
    pqxx::work tx(b);
    tx.exec("SELECT pg_advisory_xact_lock(23)");
    const bool other_key_free = tx.exec1("SELECT pg_try_advisory_xact_lock(24)")[0].as<bool>();
    tx.commit();
    return other_key_free;
  });
  REQUIRE(WaitsForLock(observer, b_pid));
  CHECK(waiter.wait_for(0s) == std::future_status::timeout);
  {
    pqxx::work probe(observer);
    CHECK_FALSE(probe.exec1("SELECT pg_try_advisory_xact_lock(23)")[0].as<bool>());
  }
  holder.commit();
  REQUIRE(waiter.wait_for(kPatience) == std::future_status::ready);
  CHECK(waiter.get());
  pqxx::work after(observer);
  CHECK(after.exec1("SELECT pg_try_advisory_xact_lock(23)")[0].as<bool>());
}

TEST_CASE("two PostgreSQL test databases do not see each other's tables") {
  PostgresServer& pg = PostgresServer::Shared();
  const std::string one = pg.NewDatabase();
  const std::string two = pg.NewDatabase();
  REQUIRE(one != two);
  pqxx::connection c1(one), c2(two);
  pqxx::nontransaction t1(c1), t2(c2);
  t1.exec0("CREATE TABLE t (v text); INSERT INTO t VALUES ('one')");
  CHECK(t2.exec1("SELECT to_regclass('t') IS NULL")[0].as<bool>());
  t2.exec0("CREATE TABLE t (v text)");
  CHECK(t1.exec1("SELECT count(*) FROM t")[0].as<int>() == 1);
  CHECK(t2.exec1("SELECT count(*) FROM t")[0].as<int>() == 0);
  CHECK(t1.exec1("SELECT current_database()")[0].as<std::string>() == DatabaseName(one));
  CHECK(t2.exec1("SELECT current_database()")[0].as<std::string>() == DatabaseName(two));
}

TEST_CASE("a PostgreSQL test server leaves no process and no folder behind") {
  std::filesystem::path dir;
  std::string url;
  {
    PostgresServer own;
    dir = own.socket_dir();
    url = own.url();
    CHECK(url != PostgresServer::Shared().url());
    pqxx::connection c(url);
    CHECK(pqxx::nontransaction(c).exec1("SELECT 1")[0].as<int>() == 1);
  }
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK_THROWS_AS(pqxx::connection{url}, pqxx::broken_connection);
}

// The child starts a server, reports its folder and URL, and is killed with
// SIGKILL: no destructor runs, and the watchdog must still clean up.
TEST_CASE("a PostgreSQL test server does not outlive a killed test process") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    try {
      PostgresServer server;
      const std::string report = server.socket_dir().string() + "\n" + server.url() + "\n";
      if (::write(fds[1], report.data(), report.size()) < 0) ::_exit(2);
      ::kill(::getpid(), SIGKILL);
    } catch (...) {
    }
    ::_exit(1);
  }
  ::close(fds[1]);
  std::string report;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) report.append(buf, n);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  const auto newline = report.find('\n');
  REQUIRE(newline != std::string::npos);
  const std::filesystem::path dir = report.substr(0, newline);
  const std::string url = report.substr(newline + 1, report.size() - newline - 2);

  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (std::filesystem::exists(dir) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  CHECK_FALSE(std::filesystem::exists(dir));
  CHECK_THROWS_AS(pqxx::connection{url}, pqxx::broken_connection);
}

TEST_CASE("a missing PostgreSQL is an error that says what to install, not a skip") {
  const char* old = std::getenv("BEIAN_PG_BINDIR");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  ::setenv("BEIAN_PG_BINDIR", "/nonexistent/postgresql/bin", 1);
  std::string message;
  try {
    PostgresServer server;
  } catch (const test::PostgresServerError& e) {
    message = e.what();
  }
  saved ? ::setenv("BEIAN_PG_BINDIR", saved->c_str(), 1) : ::unsetenv("BEIAN_PG_BINDIR");
  CHECK(message.find("BEIAN_PG_BINDIR=/nonexistent/postgresql/bin holds no initdb") !=
        std::string::npos);
}

}  // namespace
}  // namespace beian
