#include "storage/session_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/database.h"
#include "storage/storage_error.h"

namespace beian {

std::optional<SessionRecord> SessionStore::Load(const SessionKey& key) {
  try {
    auto reader = db_.Read();
    auto q = reader.Prepared("SELECT state, created_at, updated_at FROM sessions "
                        "WHERE platform = ? AND chat = ? AND user = ?");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    if (!q->executeStep()) return std::nullopt;
    return SessionRecord{q->getColumn(0).getString(), q->getColumn(1).getInt64(), q->getColumn(2).getInt64()};
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("load session: ") + e.what());
  }
}

void SessionStore::Save(const SessionKey& key, const std::string& state, std::int64_t now) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("INSERT INTO sessions (platform, chat, user, state, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT (platform, chat, user) DO UPDATE SET state = excluded.state, "
                        "updated_at = excluded.updated_at");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    q->bind(4, state);
    q->bind(5, static_cast<int64_t>(now));
    q->bind(6, static_cast<int64_t>(now));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("save session: ") + e.what());
  }
}

bool SessionStore::Delete(const SessionKey& key) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("DELETE FROM sessions WHERE platform = ? AND chat = ? AND user = ?");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    return q->exec() > 0;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("delete session: ") + e.what());
  }
}

std::int64_t SessionStore::ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("DELETE FROM sessions WHERE updated_at < ?");
    q->bind(1, static_cast<int64_t>(now - max_idle_seconds));
    return q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("expire sessions: ") + e.what());
  }
}

}  // namespace beian
