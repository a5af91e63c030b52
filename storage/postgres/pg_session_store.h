#pragma once

#include "storage/session_store.h"

namespace beian {

class PgDatabase;

// SessionStore on PostgreSQL (table `sessions`), for several processes at
// once: no cache — every Load reads the row, so a turn sees what any
// instance committed (the conversation's advisory lock, see PgDatabase::Locked,
// keeps two turns of one conversation apart). The payload given to Save is
// dropped. Every call joins this thread's Transaction (reads included).
// Thread-safety: any thread. Every method throws StorageError.
class PgSessionStore : public SessionStore {
 public:
  explicit PgSessionStore(PgDatabase& db) : db_(db) {}

  using SessionStore::Save;
  std::optional<SessionRecord> Load(const SessionKey& key) override;
  void Save(const SessionKey& key, const std::string& state, std::int64_t now,
            std::shared_ptr<const SessionPayload> parsed) override;
  bool Delete(const SessionKey& key) override;
  std::int64_t ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
