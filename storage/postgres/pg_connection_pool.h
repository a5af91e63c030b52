#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <unordered_set>
#include <vector>

namespace beian {

// One connection to the server, with the statements prepared on it. Its
// session is bounded (kSessionLimits): a statement runs at most 30 s, waits
// for a lock (a row's, a conversation's advisory lock) at most 10 s, and a
// transaction left idle is ended by the server after 60 s — a stuck
// instance or query fails with StorageError instead of holding the others.
struct PgConnection {
  static constexpr const char* kSessionLimits =
      "SET statement_timeout = '30s'; SET lock_timeout = '10s'; "
      "SET idle_in_transaction_session_timeout = '60s'";
  explicit PgConnection(const std::string& url);

  // The prepared statement's name for `sql` (a string literal: named by its
  // address), preparing it on this connection on first use.
  std::string NameFor(const char* sql);

  pqxx::connection connection;
  std::unordered_set<const char*> prepared;  // by the address of their SQL
  bool broken = false;  // failed in a way that leaves it unusable: never lent again
};

// Connections to one server, opened as needed, at most `max` at once. A
// caller that finds none free waits up to `wait`, then fails. A connection
// given back broken or closed is dropped; an idle one the server closed
// meanwhile (restart, failover, pg_terminate_backend) is replaced before it
// is lent, once the server's closing has reached this process (before that,
// its next use fails with StorageError and drops it).
// Thread-safety: any thread.
class PgConnectionPool {
 public:
  PgConnectionPool(std::string url, std::size_t max, std::chrono::milliseconds wait);

  // Throws StorageError when none is free within `wait` or connecting fails.
  std::unique_ptr<PgConnection> Take();
  void GiveBack(std::unique_ptr<PgConnection> c);

  // A connection taken for one use; given back however the use ends.
  class Lease {
   public:
    explicit Lease(PgConnectionPool& pool) : pool_(pool), c_(pool.Take()) {}
    ~Lease() { pool_.GiveBack(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConnection& operator*() { return *c_; }

   private:
    PgConnectionPool& pool_;
    std::unique_ptr<PgConnection> c_;
  };

 private:
  const std::string url_;
  const std::size_t max_;
  const std::chrono::milliseconds wait_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::size_t open_ = 0;
};

// Throws StorageError("postgresql: <what>: <e.what()>").
[[noreturn]] void ThrowPgError(const char* what, const std::exception& e);

}  // namespace beian
