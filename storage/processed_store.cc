#include "storage/processed_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/storage_error.h"

namespace beian {

std::optional<std::string> ProcessedStore::Find(const std::string& platform, const std::string& message_id) {
  try {
    auto reader = db_.Read();
    auto q = reader.Prepared("SELECT replies FROM processed_messages WHERE platform = ? AND message_id = ?");
    q->bind(1, platform);
    q->bind(2, message_id);
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("find processed message: ") + e.what());
  }
}

void ProcessedStore::Remember(const std::string& platform, const std::string& message_id,
                              const std::string& replies, std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("INSERT OR IGNORE INTO processed_messages (platform, message_id, replies, created_at) "
                        "VALUES (?, ?, ?, ?)");
    q->bind(1, platform);
    q->bind(2, message_id);
    q->bind(3, replies);
    q->bind(4, static_cast<int64_t>(now));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("remember processed message: ") + e.what());
  }
}

std::int64_t ProcessedStore::Prune(std::int64_t now, std::int64_t max_age_seconds) {
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
