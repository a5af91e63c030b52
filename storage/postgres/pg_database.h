#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/postgres/pg_connection_pool.h"
#include "storage/storage_error.h"
#include "storage/transactor.h"

namespace beian {

// A PostgreSQL database that any number of bot processes share (libpqxx).
// For the PostgreSQL stores in storage/postgres/ only: nothing else includes
// libpqxx.
//
// The schema is created and migrated on open (table schema_version, one row
// per migration applied; two processes starting at once migrate one after
// the other under an advisory lock).
//
// Connections: at most `max_connections` (at least 2), opened as needed, in
// two pools (PgConnectionPool): a quarter (at least one) for ExecAlone,
// the rest for everything else; a caller that finds none free waits up to
// `wait` and then fails.
//
// Transactions (READ COMMITTED): Transaction(work) runs `work` in one
// transaction on one pooled connection; every Exec on this thread while it
// runs (reads included) uses that transaction, so everything `work` writes
// commits or rolls back together. Round trips are saved where no answer is
// awaited: BEGIN and Locked's lock go with the first statement, and Write's
// statements with the next statement or the COMMIT (in one round trip with
// it: a read is then sent as SQL EXECUTE of its prepared statement). Outside any
// Transaction each Exec is one statement in autocommit mode: atomic by
// itself, one round trip.
//
// Thread-safety: any thread; a transaction belongs to the thread that began
// it. Every failure of the server or of SQL throws StorageError, whose
// message names what failed ("postgresql: save session: …").
class PgDatabase final : public Transactor {
 public:
  // Connects and migrates the schema. Throws StorageError when the server
  // cannot be reached or the schema is newer than this program's.
  PgDatabase(std::string url, std::size_t max_connections = 32,
             std::chrono::milliseconds wait = std::chrono::seconds(5));
  ~PgDatabase() override;
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  // Runs `work` atomically; a Transaction (or Locked) inside it joins it. An
  // exception from `work` rolls back and is rethrown. Throws StorageError
  // when BEGIN or COMMIT fails, or when a statement of `work` failed (the
  // server then rolls back everything) even if `work` caught it.
  void Transaction(const std::function<void()>& work) override;

  // Transaction(work) holding pg_advisory_xact_lock(64-bit FNV-1a of `key`)
  // from its start to its commit: one holder per key across every process
  // sharing the database. Inside an open Transaction it joins it and takes
  // the lock there.
  void Locked(std::string_view key, const std::function<void()>& work) override;

  // Runs `action` once the enclosing Transaction commits (never when it rolls
  // back); outside a Transaction, at once. An action that throws is ignored.
  void AfterCommit(std::function<void()> action) override;

  // Migrations applied (the highest version in schema_version).
  int schema_version();

  // For the stores: runs `sql` (a string literal: prepared once per
  // connection, named by its address) with `args` as $1, $2 … in this
  // thread's Transaction, or else on its own (autocommit). `what` names
  // the operation in the StorageError thrown on failure.
  template <typename... Args>
  pqxx::result Exec(const char* what, const char* sql, Args&&... args) {
    if (Scope* scope = Current(); scope != nullptr && Waiting(*scope)) {
      // BEGIN, the lock and the writes not sent yet go in the same round
      // trip (as EXECUTE of the prepared statement, its values quoted).
      return FlushWith(*scope, what, sql, {Quote(*scope, args)...});
    }
    pqxx::result out;
    Run(
        what, Join::kYes,
        [&](pqxx::transaction_base& tx, const std::string& name) {
          out = tx.exec_prepared(name, std::forward<Args>(args)...);
        },
        sql);
    return out;
  }

  // A write whose result the caller does not need: inside a Transaction it
  // is sent with the transaction's next statement or with its COMMIT (one
  // round trip for all such writes in a row; its values as quoted literals);
  // outside one, at once like Exec. A failure throws StorageError then:
  // from that statement, or from Transaction's commit ("what" names every
  // write of the batch).
  template <typename... Args>
  void Write(const char* what, const char* sql, const Args&... args) {
    Scope* scope = Current();
    if (scope == nullptr) {
      Exec(what, sql, args...);
      return;
    }
    Defer(*scope, what, Render(sql, {Quote(*scope, args)...}));
  }

  // Exec on its own (autocommit) on another connection, even inside a
  // Transaction on this thread: what it writes commits at once, whatever the
  // caller's transaction does (rate buckets). Its connections are a pool of
  // their own, so that threads holding transactions cannot starve it.
  template <typename... Args>
  pqxx::result ExecAlone(const char* what, const char* sql, Args&&... args) {
    pqxx::result out;
    Run(
        what, Join::kNo,
        [&](pqxx::transaction_base& tx, const std::string& name) {
          out = tx.exec_prepared(name, std::forward<Args>(args)...);
        },
        sql);
    return out;
  }

  // What a TEXT column accepts: valid UTF-8 without NUL bytes. Invalid bytes
  // become U+FFFD, NULs are dropped; valid text is returned unchanged.
  static std::string Text(std::string_view s);

 private:
  struct Scope;
  class ScopeGuard;
  enum class Join { kYes, kNo };
  using Statement = std::function<void(pqxx::transaction_base&, const std::string& name)>;

  // Runs `fn` with the prepared name of `sql` (nullptr: no statement to
  // prepare) in this thread's transaction (kYes, when there is one) or in one
  // of its own, turning libpqxx's failures into StorageError("what: …").
  void Run(const char* what, Join join, const Statement& fn, const char* sql);
  void RunIn(Scope& scope, const char* what, const Statement& fn, const char* sql);
  // This thread's open transaction on this database, if any.
  Scope* Current();
  // `sql` with $1, $2 … replaced by `literals`.
  static std::string Render(std::string_view sql, const std::vector<std::string>& literals);
  // A value as an SQL literal, escaped for the scope's connection.
  template <typename T>
  static std::string Quote(Scope& scope, const T& value) {
    return QuoteText(scope, pqxx::to_string(value));
  }
  static std::string QuoteText(Scope& scope, const std::string& text);
  // Adds a statement to the scope's batch; Flush sends the batch (if any)
  // in one round trip.
  static void Defer(Scope& scope, const char* what, std::string statement);
  static void Flush(Scope& scope);
  // Whether statements wait to be sent; FlushWith sends them with `sql`
  // (prepared, run by EXECUTE with `literals`) and returns its result.
  static bool Waiting(const Scope& scope);
  static pqxx::result FlushWith(Scope& scope, const char* what, const char* sql,
                                const std::vector<std::string>& literals);
  static pqxx::result SendBatch(Scope& scope);
  // Sends the batch with COMMIT; Rollback ends a transaction that failed.
  static void Commit(Scope& scope);
  static void Rollback(Scope& scope);
  void Migrate();

  PgConnectionPool pool_;        // transactions, and statements on their own
  PgConnectionPool alone_pool_;  // ExecAlone's statements
  // Every transaction open on this thread, innermost last (one per database).
  static thread_local std::vector<Scope*> scopes_;
};

}  // namespace beian
