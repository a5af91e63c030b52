#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/message_log.h"
#include "storage/outcome.h"

namespace beian {

class Database;

// The message log (table `messages`): every handled message, masked, with
// its outcome and best match; and the statistics staff read from it.
// Thread-safety: safe from any thread. Every method throws StorageError.
class SqliteMessageLog final : public MessageLog {
 public:
  explicit SqliteMessageLog(Database& db) : db_(db) {}

  // Joins the caller's Database::Transaction when there is one.
  void Log(const LoggedMessage& m) override;
  // This user's last `limit` messages, newest first; with `since`, only those
  // logged at or after it (found through the time index: without it, a user
  // with no recent message costs a scan of the whole log). Reads what is
  // committed (a read connection).
  std::vector<LoggedMessage> History(const std::string& platform, const std::string& chat,
                                     const std::string& user, int limit,
                                     std::int64_t since = 0) override;
  // Deletes log rows older than `max_age_seconds`; returns how many.
  std::int64_t PurgeLog(std::int64_t now, std::int64_t max_age_seconds) override;

  // Counts for `triage stats` and the admin statistics: outcome → messages
  // since `since`, most first.
  std::vector<std::pair<std::string, std::int64_t>> OutcomeCounts(std::int64_t since) override;
  // Entries answered most since `since` (entry id → answers), at most `limit`.
  std::vector<std::pair<std::string, std::int64_t>> TopEntries(std::int64_t since,
                                                               int limit) override;
  // Platform → messages since `since`, most first.
  std::vector<std::pair<std::string, std::int64_t>> PlatformCounts(std::int64_t since) override;
  // Per day in China time (UTC+8) and outcome, oldest first.
  std::vector<DayCount> DailyOutcomes(std::int64_t since) override;

 private:
  Database& db_;
};

}  // namespace beian
