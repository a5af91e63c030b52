#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace beian {

class Database;

// Replies already given, by (platform, message id): a retried delivery gets
// them again instead of a second turn.
// Thread-safety: safe from any thread. Methods throw StorageError.
class ProcessedStore {
 public:
  explicit ProcessedStore(Database& db) : db_(db) {}

  std::optional<std::string> Find(const std::string& platform, const std::string& message_id);
  // Keeps the first record when the id is already there.
  void Remember(const std::string& platform, const std::string& message_id, const std::string& replies,
                std::int64_t now);
  // Forgets records older than `max_age_seconds`; returns how many.
  std::int64_t Prune(std::int64_t now, std::int64_t max_age_seconds);

 private:
  Database& db_;
};

}  // namespace beian
