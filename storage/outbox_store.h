#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace beian {

class Database;

struct OutboxItem {
  std::int64_t id = 0;
  std::string platform;  // which sender delivers it
  std::string payload;   // JSON the sender understands (recipient + text)
  int attempts = 0;
};

// Replies waiting to be delivered through a platform API; they survive a
// restart. Thread-safety: safe from any thread. Methods throw StorageError.
class OutboxStore {
 public:
  explicit OutboxStore(Database& db) : db_(db) {}

  std::int64_t Add(const std::string& platform, const std::string& payload, std::int64_t now);
  // Pending items due at `now`, oldest first.
  std::vector<OutboxItem> Due(std::int64_t now, int limit);
  void MarkSent(std::int64_t id);
  // Schedules another attempt at `next_at`, or gives up ('failed') when `give_up`.
  void MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at, bool give_up);
  // Counts by status ("pending", "sent", "failed").
  std::int64_t Count(const std::string& status);

 private:
  Database& db_;
};

}  // namespace beian
