#pragma once

#include "storage/processed_store.h"

namespace beian {

class PgDatabase;

// ProcessedStore on PostgreSQL (table `processed_messages`), shared by every
// instance: Remember is INSERT … ON CONFLICT DO NOTHING inside the turn's
// transaction, so a delivery that reaches two instances at once is kept
// once (the conversation's advisory lock makes the second turn wait for the
// first and then find its replies). No in-memory filter: another instance
// may have remembered any id. Every call joins this thread's Transaction.
// Thread-safety: any thread. Every method throws StorageError.
class PgProcessedStore : public ProcessedStore {
 public:
  explicit PgProcessedStore(PgDatabase& db) : db_(db) {}

  std::optional<std::string> Find(const std::string& platform,
                                  const std::string& message_id) override;
  void Remember(const std::string& platform, const std::string& message_id,
                const std::string& replies, std::int64_t now) override;
  std::int64_t Prune(std::int64_t now, std::int64_t max_age_seconds) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
