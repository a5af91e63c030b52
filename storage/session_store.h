#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace beian {

// Who a conversation belongs to: one walkthrough per user per chat per platform.
struct SessionKey {
  std::string platform;
  std::string chat;
  std::string user;
};

// What a caller keeps beside a saved state in a cache: the state already
// parsed, so that the next turn of the conversation skips parsing it.
struct SessionPayload {
  virtual ~SessionPayload() = default;
};

struct SessionRecord {
  std::string state;            // the dialog state as JSON (never raw ID or phone numbers)
  std::int64_t created_at = 0;  // seconds since the epoch
  std::int64_t updated_at = 0;
  // The payload saved with `state`, while a cache holds it; null otherwise.
  std::shared_ptr<const SessionPayload> parsed;
};

// Saved conversation state, keyed by SessionKey (table `sessions`).
// Implementations: SqliteSessionStore (with an optional cache, for the sole
// server of a file), PgSessionStore (no cache: other instances write too).
// Thread-safety: any thread. Every method throws StorageError; writes join
// the caller's Transaction when there is one.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual std::optional<SessionRecord> Load(const SessionKey& key) = 0;
  // Inserts or replaces; created_at is kept from the first save. `parsed`
  // may be kept beside the state by a cache (once the transaction commits).
  virtual void Save(const SessionKey& key, const std::string& state, std::int64_t now,
                    std::shared_ptr<const SessionPayload> parsed) = 0;
  void Save(const SessionKey& key, const std::string& state, std::int64_t now) {
    Save(key, state, now, nullptr);
  }
  virtual bool Delete(const SessionKey& key) = 0;
  // Deletes sessions not updated for `max_idle_seconds`; returns how many.
  virtual std::int64_t ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) = 0;
};

}  // namespace beian
