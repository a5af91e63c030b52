#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/outbox_store.h"

namespace beian {

class Database;

// Replies waiting to be delivered through a platform API; they survive a
// restart. Thread-safety: safe from any thread. Methods throw StorageError.
class SqliteOutboxStore final : public OutboxStore {
 public:
  explicit SqliteOutboxStore(Database& db) : db_(db) {}

  std::int64_t Add(const std::string& platform, const std::string& payload,
                   std::int64_t now) override;
  std::vector<OutboxItem> Claim(std::int64_t now, int limit, std::int64_t lease_seconds) override;
  void MarkSent(std::int64_t id) override;
  // Schedules another attempt at `next_at`, or gives up ('failed') when `give_up`.
  void MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
                  bool give_up) override;
  // Counts by status ("pending", "sent", "failed").
  std::int64_t Count(const std::string& status) override;

 private:
  Database& db_;
};

}  // namespace beian
