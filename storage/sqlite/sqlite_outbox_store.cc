#include "storage/sqlite/sqlite_outbox_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "storage/sqlite/database.h"
#include "storage/storage_error.h"

namespace beian {

std::int64_t SqliteOutboxStore::Add(const std::string& platform, const std::string& payload,
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

std::vector<OutboxItem> SqliteOutboxStore::Claim(std::int64_t now, int limit,
                                                 std::int64_t lease_seconds) {
  std::lock_guard lock(db_.mutex());
  try {
    // One statement, so the claim is whole even outside a Transaction.
    auto q = db_.Prepared(
        "UPDATE outbox SET next_at = ? WHERE id IN (SELECT id FROM outbox "
        "WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT ?) "
        "RETURNING id, platform, payload, attempts");
    q->bind(1, static_cast<int64_t>(now + lease_seconds));
    q->bind(2, static_cast<int64_t>(now));
    q->bind(3, limit);
    std::vector<OutboxItem> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                     q->getColumn(2).getString(), q->getColumn(3).getInt()});
    }
    std::sort(out.begin(), out.end(),
              [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
    return out;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("outbox claim: ") + e.what());
  }
}

void SqliteOutboxStore::MarkSent(std::int64_t id) {
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

void SqliteOutboxStore::MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
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

std::int64_t SqliteOutboxStore::Count(const std::string& status) {
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
