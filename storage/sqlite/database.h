#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/transactor.h"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

struct sqlite3;

namespace beian {

// A cached prepared statement lent for one use: reset when it goes out of
// scope, so that no read stays open on the connection.
class ScopedStatement {
 public:
  explicit ScopedStatement(SQLite::Statement& statement) : statement_(statement) {}
  ~ScopedStatement();
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  SQLite::Statement* operator->() { return &statement_; }
  SQLite::Statement& operator*() { return statement_; }

 private:
  SQLite::Statement& statement_;
};

class Database;

// Prepared statements of one connection by their SQL, looked up without
// copying the SQL into a std::string each time.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};
using StatementCache =
    std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>, SqlHash, std::equal_to<>>;

// A read-only connection lent from the database's pool for one use: in WAL
// mode readers never wait for the writer, so the reads of many turns run
// while a batch is being committed. Sees everything committed before each
// statement starts (not the uncommitted writes of an open Transaction).
class ReadConnection {
 public:
  ReadConnection(ReadConnection&& other) noexcept;
  ReadConnection& operator=(ReadConnection&&) = delete;
  ~ReadConnection();  // gives the connection back
  // The cached prepared statement for `sql` on this connection.
  ScopedStatement Prepared(const char* sql);

 private:
  friend class Database;
  struct Reader;
  ReadConnection(Database& db, std::unique_ptr<Reader> reader);
  Database* db_;
  std::unique_ptr<Reader> reader_;
};

// One SQLite database file (default ./beian-bot.db), opened in WAL mode with
// a busy timeout, its schema migrated to the newest version on open
// (PRAGMA user_version counts the migrations applied). The WAL is copied back
// into the database (checkpointed) by a background thread once a second (by default), on
// its own connection, which also fsyncs what it copied, so that no
// committing request waits for the copy and its fsync. Under constant writes
// the WAL never empties by itself: once it holds `wal_reset_bytes`, the next
// commit copies the little the background copy left (1–2 ms, between two
// batches) and the WAL starts afresh.
// The WAL never takes the disk: past a cap — a quarter of the space left on
// the file system, between 4 and 256 MB, measured once a second — the next
// commit runs a TRUNCATE checkpoint (writers wait; it waits for readers at
// most the busy timeout, then is retried), so that the database file, not
// the WAL, gets the space. On a full disk every write fails (StorageError)
// and the checkpoints go on trying: once space comes back, the next second's
// copy empties the WAL and writes succeed again, without a restart. The
// database file and the files SQLite makes beside it are created 0600.
// Thread-safety: the stores serialise every use of the connection with
// mutex(); the object itself is not copied or moved.
class Database final : public Transactor {
 public:
  static constexpr std::int64_t kWalResetBytes = 32 << 20;
  static constexpr std::int64_t kMinWalCapBytes = 4 << 20, kMaxWalCapBytes = 256 << 20;
  // Creates the file (and its folder) when missing. Throws StorageError when
  // it cannot be opened or migrated. `checkpoint_every`: how often the
  // checkpoint thread runs (tests shorten it instead of waiting seconds).
  explicit Database(const std::filesystem::path& path,
                    std::int64_t wal_reset_bytes = kWalResetBytes,
                    std::chrono::milliseconds checkpoint_every = std::chrono::seconds(1));
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::filesystem::path& path() const { return path_; }
  int schema_version();

  // Runs `work` atomically: the stores' writes inside it are committed
  // together, or rolled back together when `work` throws (the exception is
  // rethrown here). Returns once they are committed. Under load, the work of
  // many threads shares one SQLite transaction (group commit: each caller's
  // work in its own savepoint), so a busy server writes the disk once per
  // batch instead of once per message. A Transaction inside `work` joins it.
  // Throws StorageError when the commit fails.
  void Transaction(const std::function<void()>& work) override;

  // Runs `work` holding one of kTurnLocks in-process locks, chosen by `key`:
  // one file has one server (ServeLock), so that is all it takes.
  void Locked(std::string_view key, const std::function<void()>& work) override;

  // Runs `action` once the work of the Transaction it is called in has been
  // committed (not at all when that work rolls back); outside a Transaction,
  // at once. For in-memory copies of what was written (the stores' caches).
  // An action that throws is ignored: it must leave its copy safe first
  // (e.g. forget the entry rather than keep an old one).
  void AfterCommit(std::function<void()> action) override;

  // A read-only connection for one read (stores use it for their lookups).
  // A burst of reads opens one per thread; once they are given back, at most
  // idle_readers() == kIdleReaders stay open, without their page caches.
  ReadConnection Read();
  std::size_t idle_readers();

  // For the stores in storage/ only.
  SQLite::Database& connection() { return *db_; }
  std::recursive_mutex& mutex() { return mutex_; }
  // The prepared statement for `sql`, kept for reuse (parsing SQL is most of
  // a small query's cost); bind every parameter. Hold mutex() while using it.
  ScopedStatement Prepared(const char* sql);

 private:
  void Migrate();

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
  std::recursive_mutex mutex_;
  StatementCache statements_;
  friend class ReadConnection;
  std::mutex readers_mutex_;
  static constexpr std::size_t kIdleReaders = 16;
  std::vector<std::unique_ptr<ReadConnection::Reader>>
      readers_;  // idle read connections, at most kIdleReaders

  void Checkpoints();  // the checkpoint thread's loop
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool closing_ = false;
  std::thread checkpointer_;
  const std::int64_t wal_reset_bytes_;
  const std::chrono::milliseconds checkpoint_every_;
  std::atomic<bool> reset_wal_{
      false};  // set by the checkpoint thread, done by the next commit (see Lead)
  std::atomic<std::int64_t> wal_resets_{0};  // commits that copied the whole WAL back
  // The WAL's cap (see the class comment), set by the checkpoint thread; a
  // commit that leaves more frames than it allows sets wal_over_cap_, and the
  // leader then truncates the WAL.
  std::atomic<std::int64_t> wal_cap_bytes_{kMaxWalCapBytes};
  std::atomic<bool> wal_over_cap_{false};
  std::int64_t page_size_ = 4096;
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int frames);
  void UpdateWalCap();

  struct Pending {
    enum : int { kQueued, kDone, kLead };
    const std::function<void()>* work = nullptr;
    std::exception_ptr error;
    std::atomic<int> state{kQueued};
    std::vector<std::function<void()>> after_commit;
  };
  void Lead();  // commits the queued work as one batch, then wakes its owners
  std::exception_ptr CommitBatch(const std::deque<std::shared_ptr<Pending>>& batch);
  void TrimWal(bool failed);
  std::mutex queue_mutex_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool leader_active_ = false;

  static constexpr std::size_t kTurnLocks = 4096;
  std::array<std::mutex, kTurnLocks> turn_locks_;
};

}  // namespace beian
