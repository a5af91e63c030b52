#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "storage/processed_store.h"

namespace beian {

class Database;
class IdFilter;

// Replies already given, by (platform, message id): a retried delivery gets
// them again instead of a second turn.
// With `filter_window_seconds` > 0, the ids of the file (read once, here) and
// every id remembered since are kept in an IdFilter, and Find reads the file
// only for an id the filter may hold — almost only real retries. For a
// process that is the sole writer of message ids (`serve`, holding the serve
// lock); an id older than the window may be taken for a new one.
// Thread-safety: safe from any thread. Methods throw StorageError.
class SqliteProcessedStore final : public ProcessedStore {
 public:
  explicit SqliteProcessedStore(Database& db, std::int64_t filter_window_seconds = 0);
  ~SqliteProcessedStore();

  std::optional<std::string> Find(const std::string& platform,
                                  const std::string& message_id) override;
  // Keeps the first record when the id is already there.
  void Remember(const std::string& platform, const std::string& message_id,
                const std::string& replies, std::int64_t now) override;
  // Forgets records older than `max_age_seconds`; returns how many.
  std::int64_t Prune(std::int64_t now, std::int64_t max_age_seconds) override;

 private:
  Database& db_;
  std::unique_ptr<IdFilter> filter_;  // null without a filter
};

}  // namespace beian
