#include "storage/sqlite/sqlite_processed_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/id_filter.h"
#include "storage/storage_error.h"

namespace beian {
namespace {

// 2^22 bits a generation (2 × 512 KiB): a "maybe" for fewer than 1 in 1,000
// new ids while up to ~250,000 ids arrive in a window (48 hours), fewer
// than 1 in 5 at a million (a "maybe" costs one indexed read).
constexpr std::size_t kFilterBits = std::size_t{1} << 22;

std::string FilterKey(const std::string& platform, const std::string& message_id) {
  return platform + '\x1f' + message_id;
}

}  // namespace

SqliteProcessedStore::SqliteProcessedStore(Database& db, std::int64_t filter_window_seconds)
    : db_(db) {
  if (filter_window_seconds <= 0) return;
  filter_ = std::make_unique<IdFilter>(kFilterBits, filter_window_seconds);
  try {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT platform, message_id, created_at FROM processed_messages ORDER BY id");
    while (q->executeStep()) {
      filter_->Add(FilterKey(q->getColumn(0).getString(), q->getColumn(1).getString()),
                   q->getColumn(2).getInt64());
    }
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("read processed message ids: ") + e.what());
  }
}

SqliteProcessedStore::~SqliteProcessedStore() = default;

std::optional<std::string> SqliteProcessedStore::Find(const std::string& platform,
                                                      const std::string& message_id) {
  if (filter_ && !filter_->MaybeContains(FilterKey(platform, message_id))) return std::nullopt;
  try {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT replies FROM processed_messages WHERE platform = ? AND message_id = ?");
    q->bind(1, platform);
    q->bind(2, message_id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("find processed message: ") + e.what());
  }
}

void SqliteProcessedStore::Remember(const std::string& platform, const std::string& message_id,
                                    const std::string& replies, std::int64_t now) {
  // Before the commit: should it roll back, the filter only answers "maybe" once too often.
  if (filter_) filter_->Add(FilterKey(platform, message_id), now);
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared(
        "INSERT OR IGNORE INTO processed_messages (platform, message_id, replies, created_at) "
        "VALUES (?, ?, ?, ?)");
    q->bind(1, platform);
    q->bind(2, message_id);
    q->bindNoCopy(3, replies);  // outlives the exec; rebound on every use
    q->bind(4, static_cast<int64_t>(now));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("remember processed message: ") + e.what());
  }
}

std::int64_t SqliteProcessedStore::Prune(std::int64_t now, std::int64_t max_age_seconds) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("DELETE FROM processed_messages WHERE created_at < ?");
    q->bind(1, static_cast<int64_t>(now - max_age_seconds));
    return q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("prune processed messages: ") + e.what());
  }
}

}  // namespace beian
