#include "storage/outbox_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/storage_error.h"

namespace beian {

std::int64_t OutboxStore::Add(const std::string& platform, const std::string& payload,
                              std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared(
        "INSERT INTO outbox (platform, payload, next_at, created_at) VALUES (?, ?, ?, ?)");
    q->bind(1, platform);
    q->bind(2, payload);
    q->bind(3, static_cast<int64_t>(now));
    q->bind(4, static_cast<int64_t>(now));
    q->exec();
    return db_.connection().getLastInsertRowid();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox add: ") + e.what());
  }
}

std::vector<OutboxItem> OutboxStore::Due(std::int64_t now, int limit) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared(
        "SELECT id, platform, payload, attempts FROM outbox "
        "WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT ?");
    q->bind(1, static_cast<int64_t>(now));
    q->bind(2, limit);
    std::vector<OutboxItem> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                     q->getColumn(2).getString(), q->getColumn(3).getInt()});
    }
    return out;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox due: ") + e.what());
  }
}

void OutboxStore::MarkSent(std::int64_t id) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q =
        db_.Prepared("UPDATE outbox SET status = 'sent', attempts = attempts + 1 WHERE id = ?");
    q->bind(1, static_cast<int64_t>(id));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox sent: ") + e.what());
  }
}

void OutboxStore::MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
                             bool give_up) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_at = ?, status = ? "
        "WHERE id = ?");
    q->bind(1, error.substr(0, 300));
    q->bind(2, static_cast<int64_t>(next_at));
    q->bind(3, give_up ? "failed" : "pending");
    q->bind(4, static_cast<int64_t>(id));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox failed: ") + e.what());
  }
}

std::int64_t OutboxStore::Count(const std::string& status) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("SELECT COUNT(*) FROM outbox WHERE status = ?");
    q->bind(1, status);
    q->executeStep();
    return q->getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox count: ") + e.what());
  }
}

}  // namespace beian
