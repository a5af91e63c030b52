#include "storage/sqlite/database.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <string_view>

#include "storage/storage_error.h"

namespace beian {
namespace {

// The database file owner-only before SQLite opens it: SQLite gives the WAL
// and shared-memory files it creates the database file's mode. A file made
// readable to others by an older version (or by hand) is narrowed, with a
// line in the log; so are its WAL and shared-memory files.
void MakePrivate(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::filesystem::path file = path.string() + suffix;
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || (st.st_mode & 0077) == 0) continue;
    if (::chmod(file.c_str(), 0600) == 0) {
      std::cerr << "storage: " << file.string()
                << " was readable by others; now owner-only (0600)\n";
    }
  }
}

}  // namespace

Database::Database(const std::filesystem::path& path, std::int64_t wal_reset_bytes,
                   std::chrono::milliseconds checkpoint_every)
    : path_(path), wal_reset_bytes_(wal_reset_bytes), checkpoint_every_(checkpoint_every) {
  try {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    MakePrivate(path);
    db_ = std::make_unique<SQLite::Database>(path.string(),
                                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->setBusyTimeout(5000);
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    // Up to 16 MB of pages kept (the default is 2 MB): grouping a question
    // reads a large queue's pages at random (100,000 open items are ~70 MB;
    // bench triage p99 11 → 2.6 ms). It grows only as pages are read.
    db_->exec("PRAGMA cache_size=-16384");
    // Deleted rows (purged logs, expired sessions) are overwritten, not just unlinked.
    db_->exec("PRAGMA secure_delete=ON");
    Migrate();
    db_->exec("PRAGMA wal_autocheckpoint=0");         // the checkpoint thread does it
    db_->exec("PRAGMA journal_size_limit=67108864");  // a restarted WAL is cut back to 64 MB
    page_size_ = db_->execAndGet("PRAGMA page_size").getInt64();
    UpdateWalCap();
    sqlite3_wal_hook(db_->getHandle(), &Database::OnWalCommit,
                     this);  // after wal_autocheckpoint, which sets its own
    checkpointer_ = std::thread([this] { Checkpoints(); });
  } catch (const SQLite::Exception& e) {
    throw StorageError("database " + path.string() + ": " + e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    throw StorageError("database " + path.string() + ": " + e.what());
  }
}

struct ReadConnection::Reader {
  std::unique_ptr<SQLite::Database> connection;
  StatementCache statements;
  ~Reader() { statements.clear(); }  // finalise before the connection closes
};

ReadConnection::ReadConnection(Database& db, std::unique_ptr<Reader> reader)
    : db_(&db), reader_(std::move(reader)) {}

ReadConnection::ReadConnection(ReadConnection&& other) noexcept
    : db_(other.db_), reader_(std::move(other.reader_)) {}

ReadConnection::~ReadConnection() {
  if (!reader_) return;
  // An idle reader keeps its connection, not its pages: the writer's next
  // commit would make them stale anyway.
  sqlite3_db_release_memory(reader_->connection->getHandle());
  std::lock_guard lock(db_->readers_mutex_);
  // A burst of reads (a cold start: every session read from the file) opens
  // a reader per busy thread; only kIdleReaders of them are kept.
  if (db_->readers_.size() < Database::kIdleReaders) db_->readers_.push_back(std::move(reader_));
}

namespace {
SQLite::Statement& Cached(StatementCache& cache, SQLite::Database& connection, const char* sql) {
  auto it = cache.find(std::string_view(sql));
  if (it == cache.end())
    it = cache.emplace(sql, std::make_unique<SQLite::Statement>(connection, sql)).first;
  return *it->second;
}
}  // namespace

ScopedStatement ReadConnection::Prepared(const char* sql) {
  return ScopedStatement(Cached(reader_->statements, *reader_->connection, sql));
}

std::size_t Database::idle_readers() {
  std::lock_guard lock(readers_mutex_);
  return readers_.size();
}

ReadConnection Database::Read() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto reader = std::move(readers_.back());
      readers_.pop_back();
      return ReadConnection(*this, std::move(reader));
    }
  }
  try {
    auto reader = std::make_unique<ReadConnection::Reader>();
    reader->connection = std::make_unique<SQLite::Database>(path_.string(), SQLite::OPEN_READONLY);
    reader->connection->setBusyTimeout(5000);
    // Every commit of the writer empties a reader's page cache, so a big
    // one only costs memory (2 MB each by default, one reader per busy thread).
    reader->connection->exec("PRAGMA cache_size=-128");
    return ReadConnection(*this, std::move(reader));
  } catch (const SQLite::Exception& e) {
    throw StorageError("read connection to " + path_.string() + ": " + e.what());
  }
}

namespace {
// fsync()s the database file through the connection's own file handle
// (opening another descriptor of the file and closing it would drop the
// process's POSIX locks on it, which SQLite relies on).
void SyncDatabaseFile(SQLite::Database& connection) {
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(connection.getHandle(), "main", SQLITE_FCNTL_FILE_POINTER, &file) ==
          SQLITE_OK &&
      file && file->pMethods) {
    file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
  }
}
}  // namespace

int Database::OnWalCommit(void* self, sqlite3*, const char*, int frames) {
  auto* db = static_cast<Database*>(self);
  if (frames * db->page_size_ > db->wal_cap_bytes_.load(std::memory_order_relaxed)) {
    db->wal_over_cap_.store(true, std::memory_order_relaxed);
  }
  return SQLITE_OK;
}

void Database::UpdateWalCap() {
  std::error_code error;
  const auto space =
      std::filesystem::space(path_.has_parent_path() ? path_.parent_path() : ".", error);
  if (error) return;
  const auto quarter = static_cast<std::int64_t>(space.available / 4);
  wal_cap_bytes_.store(std::clamp(quarter, kMinWalCapBytes, kMaxWalCapBytes),
                       std::memory_order_relaxed);
}

void Database::Checkpoints() {
  std::unique_ptr<SQLite::Database> connection;
  std::int64_t page_size = 4096;
  bool asked = false;  // the last round asked the next commit to empty the WAL
  std::int64_t resets_when_asked = 0;
  std::unique_lock lock(checkpoint_mutex_);
  while (!checkpoint_wake_.wait_for(lock, checkpoint_every_, [this] { return closing_; })) {
    lock.unlock();
    try {
      if (!connection) {
        connection = std::make_unique<SQLite::Database>(path_.string(), SQLite::OPEN_READWRITE);
        connection->setBusyTimeout(50);
        page_size = connection->execAndGet("PRAGMA page_size").getInt64();
      }
      // PASSIVE copies what it can without stopping anyone. At a quiet
      // moment the next write then starts the WAL afresh; a busy server has
      // no quiet moment (each batch adds pages while the copy runs), so the
      // committing thread finishes the copy between two batches (see Lead):
      // it copies only what came since this copy, and no write runs
      // meanwhile. A RESTART here would hold every writer back while it
      // copies and waits for readers: 5–15 ms each second, the p99 of
      // scripts/bench-http.
      SQLite::Statement passive(*connection, "PRAGMA wal_checkpoint(PASSIVE)");
      auto copy = [&] {  // returns the bytes in the WAL (its frames, copied or not)
        const std::int64_t frames = passive.executeStep() ? passive.getColumn(1).getInt64() : 0;
        passive.reset();
        return frames * page_size;
      };
      // A PASSIVE copy that stops short of the WAL's end leaves the pages it
      // wrote to the database file unsynced, and the checkpoint that finally
      // completes fsyncs them all: ~10 ms under load, with every writer
      // waiting for it. Synced here after each copy, that leaves ~1–2 ms.
      std::int64_t bytes = copy();
      if (bytes > 0) SyncDatabaseFile(*connection);
      // Once more: what the batches added during the first copy (its fsync
      // included), so that the committing thread has little left.
      if (bytes > wal_reset_bytes_) {
        bytes = copy();
        if (bytes > 0) SyncDatabaseFile(*connection);
      }
      UpdateWalCap();
      const std::int64_t resets = wal_resets_.load(std::memory_order_relaxed);
      const bool stuck = asked && resets == resets_when_asked && bytes > 4 * wal_reset_bytes_;
      if (bytes > wal_cap_bytes_.load(std::memory_order_relaxed)) {
        // Over its cap (the disk is filling, or no commit came to do it):
        // folded back and cut to nothing, writers held back meanwhile.
        connection->exec("PRAGMA wal_checkpoint(TRUNCATE)");
        asked = false;
      } else if (stuck || bytes > 16 * wal_reset_bytes_) {
        // Asked a second ago, and no commit has emptied it since (none
        // came), or readers keep old pages in use: a RESTART forces it,
        // writers held back meanwhile.
        connection->exec("PRAGMA wal_checkpoint(RESTART)");
        asked = false;
      } else if (bytes > wal_reset_bytes_) {
        resets_when_asked = resets;
        asked = true;
        reset_wal_.store(true, std::memory_order_relaxed);
      } else {
        asked = false;
      }
    } catch (const SQLite::Exception&) {
      connection.reset();  // busy, or the disk is failing: try again in a second
    }
    lock.lock();
  }
}

Database::~Database() {
  {
    std::lock_guard lock(checkpoint_mutex_);
    closing_ = true;
  }
  checkpoint_wake_.notify_all();
  if (checkpointer_.joinable()) checkpointer_.join();
  readers_.clear();
  statements_.clear();  // finalise statements before the connection closes
}

ScopedStatement::~ScopedStatement() {
  statement_.tryReset();  // never throws; every use binds all its parameters again
}

ScopedStatement Database::Prepared(const char* sql) {
  return ScopedStatement(Cached(statements_, *db_, sql));
}

namespace {
thread_local bool t_in_transaction = false;
thread_local std::vector<std::function<void()>>* t_after_commit =
    nullptr;  // of the work running now
}  // namespace

void Database::AfterCommit(std::function<void()> action) {
  if (t_after_commit != nullptr) {
    t_after_commit->push_back(std::move(action));
  } else {
    action();
  }
}

void Database::Transaction(const std::function<void()>& work) {
  if (t_in_transaction) {  // nested: part of the transaction already open
    work();
    return;
  }
  // Shared with the leader that commits it, which may still be waking us
  // when we return.
  const auto mine = std::make_shared<Pending>();
  mine->work = &work;
  {
    std::lock_guard queue_lock(queue_mutex_);
    queue_.push_back(mine);
    if (!leader_active_) {
      leader_active_ = true;
      mine->state.store(Pending::kLead, std::memory_order_relaxed);
    }
  }
  // Wait until a leader has committed our work, or made us the next leader.
  // A waiter waits on its own word (std::atomic::wait: a few yields, then a
  // futex), so waking it takes no lock. A bare futex, without the yields,
  // switched threads less often but left a core idle more often: fewer
  // messages a second in scripts/bench-http.
  int state;
  while ((state = mine->state.load(std::memory_order_acquire)) == Pending::kQueued) {
    mine->state.wait(Pending::kQueued, std::memory_order_acquire);
  }
  if (state == Pending::kLead) Lead();
  if (mine->error) std::rethrow_exception(mine->error);
}

// Runs each queued work in its own savepoint of one SQLite transaction and
// commits it; then, in commit order, the after-commit actions of the work
// that was kept. Returns the commit's failure (each work's own is in its
// Pending). Called by the leader, holding mutex_.
std::exception_ptr Database::CommitBatch(const std::deque<std::shared_ptr<Pending>>& batch) {
  std::exception_ptr commit_error;
  t_in_transaction = true;
  try {
    SQLite::Transaction tx(*db_);
    for (const auto& p : batch) {
      Prepared("SAVEPOINT work")->exec();
      t_after_commit = &p->after_commit;
      try {
        (*p->work)();
        Prepared("RELEASE work")->exec();
      } catch (...) {
        p->error = std::current_exception();
        p->after_commit.clear();
        Prepared("ROLLBACK TO work")->exec();
        Prepared("RELEASE work")->exec();
      }
      t_after_commit = nullptr;
    }
    tx.commit();
  } catch (const SQLite::Exception& e) {
    commit_error = std::make_exception_ptr(StorageError(std::string("transaction: ") + e.what()));
  } catch (...) {
    commit_error = std::current_exception();
  }
  t_in_transaction = false;
  t_after_commit = nullptr;
  for (const auto& p : batch) {
    if (commit_error || p->error) continue;
    for (auto& action : p->after_commit) {
      try {
        action();  // still under the lock: in commit order
      } catch (...) {
        // The work is committed whatever an in-memory copy does; each
        // action handles its own failure (see AfterCommit).
      }
    }
  }
  return commit_error;
}

// After a batch (`failed`: its commit failed): truncates the WAL when it is
// over its cap, or finishes the copy the checkpoint thread asked for.
// Called by the leader, holding mutex_.
void Database::TrimWal(bool failed) {
  // A full disk: try to give WAL space back.
  if (failed) wal_over_cap_.store(true, std::memory_order_relaxed);
  if (wal_over_cap_.exchange(false, std::memory_order_relaxed)) {
    try {
      // Writers wait meanwhile: it gives readers 50 ms, not the 5-s busy
      // timeout; the checkpoint thread tries again within a second.
      sqlite3_busy_timeout(db_->getHandle(), 50);
      Prepared("PRAGMA wal_checkpoint(TRUNCATE)")->executeStep();
    } catch (const SQLite::Exception&) {
      // Readers past the 50 ms, or no room to copy: the checkpoint thread retries.
    }
    sqlite3_busy_timeout(db_->getHandle(), 5000);  // as the constructor set it
  } else if (reset_wal_.exchange(false, std::memory_order_relaxed)) {
    try {
      // No write runs meanwhile, so the copy completes and the next
      // transaction starts the WAL afresh (unless a reader still uses it).
      auto checkpoint = Prepared("PRAGMA wal_checkpoint(PASSIVE)");
      if (checkpoint->executeStep() &&
          checkpoint->getColumn(1).getInt64() == checkpoint->getColumn(2).getInt64()) {
        wal_resets_.fetch_add(1, std::memory_order_relaxed);
      }
    } catch (const SQLite::Exception&) {
      // Busy (another checkpoint runs) or failing: the checkpoint thread asks again.
    }
  }
}

void Database::Lead() {
  // Let the threads that are ready to run queue their work first: one
  // yield makes batches larger, so fewer commits write the WAL, and the
  // p99 of scripts/bench-http halved (60–220 ms → 30–36 ms).
  std::this_thread::yield();
  std::deque<std::shared_ptr<Pending>> batch;
  {
    std::lock_guard queue_lock(queue_mutex_);
    batch.swap(queue_);  // our own work is one of them
  }
  std::exception_ptr commit_error;
  {
    std::lock_guard db_lock(mutex_);
    commit_error = CommitBatch(batch);
    TrimWal(commit_error != nullptr);
  }
  std::shared_ptr<Pending> next;
  {
    std::lock_guard queue_lock(queue_mutex_);
    if (queue_.empty()) {
      leader_active_ = false;
    } else {
      next = queue_.front();  // leads the next batch
    }
  }
  for (const auto& p : batch) {
    if (commit_error) p->error = commit_error;
    p->state.store(Pending::kDone, std::memory_order_release);
    p->state.notify_one();
  }
  if (next) {
    next->state.store(Pending::kLead, std::memory_order_release);
    next->state.notify_one();
  }
}

void Database::Locked(std::string_view key, const std::function<void()>& work) {
  std::lock_guard lock(turn_locks_[std::hash<std::string_view>{}(key) % kTurnLocks]);
  work();
}

}  // namespace beian
