#pragma once

#include <filesystem>
#include <memory>

#include "storage/memory_rate_buckets.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/pending_askers.h"
#include "storage/sqlite/serve_lock.h"
#include "storage/sqlite/sqlite_message_log.h"
#include "storage/sqlite/sqlite_outbox_store.h"
#include "storage/sqlite/sqlite_processed_store.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/sqlite/sqlite_taught_store.h"
#include "storage/sqlite/sqlite_ticket_store.h"
#include "storage/sqlite/sqlite_triage_store.h"
#include "storage/storage.h"

namespace beian {

// The embedded backend: one SQLite file (Database), its stores, and rate
// buckets in memory. With `options.sole_server` it holds the file's
// ServeLock and keeps serve's caches (session cache of
// `session_cache_bytes`, message-id filter of `dedup_window_seconds`,
// PendingAskers). The constructor throws StorageError.
class SqliteStorage final : public Storage {
 public:
  SqliteStorage(const std::filesystem::path& path, const StorageOptions& options);

  std::string_view backend() const override { return "sqlite"; }
  Transactor& transactor() override { return db_; }
  SessionStore& sessions() override { return sessions_; }
  ProcessedStore& processed() override { return processed_; }
  MessageLog& log() override { return log_; }
  TriageStore& triage() override { return triage_; }
  TicketStore& tickets() override { return tickets_; }
  TaughtStore& taught() override { return taught_; }
  OutboxStore& outbox() override { return outbox_; }
  RateBuckets& rate_buckets() override { return buckets_; }
  TurnReader& turn_reader() override { return turn_reader_; }
  int schema_version() override { return db_.schema_version(); }

  Database& database() { return db_; }  // for tests and tools that read the file

 private:
  std::unique_ptr<ServeLock> lock_;  // taken before the file is opened, released last
  Database db_;
  std::unique_ptr<PendingAskers> pending_;
  SqliteSessionStore sessions_;
  SqliteProcessedStore processed_;
  SqliteMessageLog log_;
  SqliteTriageStore triage_;
  SqliteTicketStore tickets_;
  SqliteTaughtStore taught_;
  SqliteOutboxStore outbox_;
  MemoryRateBuckets buckets_;
  StoreTurnReader turn_reader_{sessions_, &processed_, &triage_};
};

}  // namespace beian
