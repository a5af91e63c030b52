#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "storage/message_log.h"
#include "storage/outbox_store.h"
#include "storage/processed_store.h"
#include "storage/rate_buckets.h"
#include "storage/session_store.h"
#include "storage/taught_store.h"
#include "storage/ticket_store.h"
#include "storage/transactor.h"
#include "storage/triage_store.h"
#include "storage/turn_reader.h"

namespace beian {

struct StorageOptions {
  // `serve`: this process is the one server of the storage. A SQLite file is
  // then locked against a second server, and what only this process writes
  // is cached in memory (sessions, message ids, who has something pending).
  // PostgreSQL ignores it: other instances write too, so nothing is cached.
  bool sole_server = false;
  std::size_t session_cache_bytes = 0;    // with sole_server
  std::int64_t dedup_window_seconds = 0;  // the message-id filter's, with sole_server
  std::size_t max_connections = 32;       // PostgreSQL: this process's pool
};

// One backend's stores, which commit together through transactor().
// Thread-safety: as each store's.
class Storage {
 public:
  virtual ~Storage() = default;

  virtual std::string_view backend() const = 0;  // "sqlite" or "postgresql"
  virtual Transactor& transactor() = 0;
  virtual SessionStore& sessions() = 0;
  virtual ProcessedStore& processed() = 0;
  virtual MessageLog& log() = 0;
  virtual TriageStore& triage() = 0;
  virtual TicketStore& tickets() = 0;
  virtual TaughtStore& taught() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual RateBuckets& rate_buckets() = 0;
  virtual TurnReader& turn_reader() = 0;  // the reads of a turn's start, together
  virtual int schema_version() = 0;       // migrations applied (table schema_version)
};

// True for "postgresql://…" and "postgres://…" (libpq connection URIs).
bool IsPostgresUrl(std::string_view where);

// `where` as it may be shown or logged: a URL's password becomes "***"
// ("postgresql://bot:***@db/beian"); a file path is returned as it is.
std::string ShownStorage(std::string_view where);

// Opens (creating and migrating the schema) the storage at `where`: a
// PostgreSQL URL, or else the path of a SQLite file. Throws StorageError
// (also when a sole server finds the SQLite file served by another process).
std::unique_ptr<Storage> OpenStorage(const std::string& where, const StorageOptions& options = {});

}  // namespace beian
