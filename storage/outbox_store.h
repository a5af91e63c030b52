#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beian {

struct OutboxItem {
  std::int64_t id = 0;
  std::string platform;  // which sender delivers it
  std::string payload;   // JSON the sender understands (recipient + text)
  int attempts = 0;
};

// Replies waiting to be delivered through a platform API (table `outbox`);
// they survive a restart, and any number of processes may deliver them.
// Thread-safety: any thread. Methods throw StorageError.
class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  virtual std::int64_t Add(const std::string& platform, const std::string& payload,
                           std::int64_t now) = 0;
  // Claims up to `limit` pending items due at `now`, oldest first: each is
  // due again only at `now + lease_seconds`, so no other claimer takes it
  // meanwhile (PostgreSQL: FOR UPDATE SKIP LOCKED) and a claimer that dies
  // before MarkSent/MarkFailed leaves it to be claimed again after the lease.
  virtual std::vector<OutboxItem> Claim(std::int64_t now, int limit,
                                        std::int64_t lease_seconds) = 0;
  virtual void MarkSent(std::int64_t id) = 0;
  // Schedules another attempt at `next_at`, or gives up ('failed') when `give_up`.
  virtual void MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
                          bool give_up) = 0;
  // Counts by status ("pending", "sent", "failed").
  virtual std::int64_t Count(const std::string& status) = 0;
};

}  // namespace beian
