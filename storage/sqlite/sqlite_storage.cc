#include "storage/sqlite/sqlite_storage.h"

namespace beian {

SqliteStorage::SqliteStorage(const std::filesystem::path& path, const StorageOptions& o)
    : lock_(o.sole_server ? std::make_unique<ServeLock>(path) : nullptr),
      db_(path),
      pending_(o.sole_server ? std::make_unique<PendingAskers>(db_) : nullptr),
      sessions_(db_, o.sole_server ? o.session_cache_bytes : 0),
      processed_(db_, o.sole_server ? o.dedup_window_seconds : 0),
      log_(db_),
      triage_(db_, pending_.get()),
      tickets_(db_, pending_.get()),
      taught_(db_),
      outbox_(db_) {}

}  // namespace beian
