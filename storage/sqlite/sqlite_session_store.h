#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/session_store.h"

namespace beian {

class Database;

// Saved conversation state, keyed by SessionKey: the one cache of it.
// With a cache (`cache_bytes` > 0), Load answers from memory what this
// object last read or committed for a key — including "no session", and
// the payload given to Save — and reads the file only for keys it has not
// seen or has evicted (least recently used first, once the states held pass
// `cache_bytes`; a payload counts as three times its state's bytes). Only for a
// process that is the sole writer of the sessions it serves (`serve` holds
// the database's serve lock); another writer's changes would not be seen.
// Thread-safety: safe from any thread (uses the Database's mutex).
// Every method throws StorageError on an SQLite failure.
class SqliteSessionStore final : public SessionStore {
 public:
  explicit SqliteSessionStore(Database& db, std::size_t cache_bytes = 0);
  ~SqliteSessionStore();

  using SessionStore::Save;
  std::optional<SessionRecord> Load(const SessionKey& key) override;
  // Inserts or replaces; created_at is kept from the first save. `parsed`
  // is cached with the state once the transaction commits (without a cache
  // it is dropped).
  void Save(const SessionKey& key, const std::string& state, std::int64_t now,
            std::shared_ptr<const SessionPayload> parsed) override;
  bool Delete(const SessionKey& key) override;
  // Deletes sessions not updated for `max_idle_seconds`; returns how many.
  std::int64_t ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) override;

 private:
  std::optional<SessionRecord> LoadFromFile(const SessionKey& key);
  Database& db_;
  class Cache;
  std::unique_ptr<Cache> cache_;  // null without a cache
};

}  // namespace beian
