#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace beian {

// Replies already given, by (platform, delivery key): a retried delivery
// gets them again instead of a second turn (table `processed`).
// Thread-safety: any thread. Every method throws StorageError; writes join
// the caller's Transaction when there is one.
class ProcessedStore {
 public:
  virtual ~ProcessedStore() = default;

  virtual std::optional<std::string> Find(const std::string& platform,
                                          const std::string& message_id) = 0;
  // Keeps the first record when the id is already there (ON CONFLICT DO NOTHING).
  virtual void Remember(const std::string& platform, const std::string& message_id,
                        const std::string& replies, std::int64_t now) = 0;
  // Forgets records older than `max_age_seconds`; returns how many.
  virtual std::int64_t Prune(std::int64_t now, std::int64_t max_age_seconds) = 0;
};

}  // namespace beian
