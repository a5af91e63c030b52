#pragma once

#include "storage/outbox_store.h"

namespace beian {

class PgDatabase;

// OutboxStore on PostgreSQL (table `outbox`), for any number of senders in
// any number of processes: Claim moves the claimed items' next_at to the end
// of their lease in one statement over rows locked FOR UPDATE SKIP LOCKED,
// so two claimers never take the same item, and an item whose claimer died
// is due again once its lease ends. Every call joins this thread's
// Transaction (a Claim inside one holds its rows until the commit).
// Thread-safety: any thread. Every method throws StorageError.
class PgOutboxStore : public OutboxStore {
 public:
  explicit PgOutboxStore(PgDatabase& db) : db_(db) {}

  std::int64_t Add(const std::string& platform, const std::string& payload,
                   std::int64_t now) override;
  std::vector<OutboxItem> Claim(std::int64_t now, int limit, std::int64_t lease_seconds) override;
  void MarkSent(std::int64_t id) override;
  void MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
                  bool give_up) override;
  std::int64_t Count(const std::string& status) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
