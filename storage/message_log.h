#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/outcome.h"

namespace beian {

// One handled message as support staff see it (text already masked).
struct LoggedMessage {
  std::int64_t at = 0;
  std::string platform, chat, user, text;
  Outcome outcome = Outcome::kDeclined;
  std::string entry_id;  // best match, may be empty
  double score = 0;
};

// Messages of one day (China time) by outcome, for the statistics charts.
struct DayCount {
  std::string day;  // "2026-11-26"
  std::string outcome;
  std::int64_t count = 0;
};

// The message log (table `messages`): every handled message, masked, with
// its outcome and best match; and the statistics staff read from it.
// Thread-safety: any thread. Every method throws StorageError.
class MessageLog {
 public:
  virtual ~MessageLog() = default;

  // Joins the caller's Transaction when there is one.
  virtual void Log(const LoggedMessage& m) = 0;
  // This user's last `limit` messages, newest first; with `since`, only those
  // logged at or after it (found through the time index: without it, a user
  // with no recent message costs a scan of the whole log). Reads what is
  // committed.
  virtual std::vector<LoggedMessage> History(const std::string& platform, const std::string& chat,
                                             const std::string& user, int limit,
                                             std::int64_t since = 0) = 0;
  // Deletes log rows older than `max_age_seconds`; returns how many.
  virtual std::int64_t PurgeLog(std::int64_t now, std::int64_t max_age_seconds) = 0;

  // Counts for `triage stats` and the admin statistics: outcome → messages
  // since `since`, most first.
  virtual std::vector<std::pair<std::string, std::int64_t>> OutcomeCounts(std::int64_t since) = 0;
  // Entries answered most since `since` (entry id → answers), at most `limit`.
  virtual std::vector<std::pair<std::string, std::int64_t>> TopEntries(std::int64_t since,
                                                                       int limit) = 0;
  // Platform → messages since `since`, most first.
  virtual std::vector<std::pair<std::string, std::int64_t>> PlatformCounts(std::int64_t since) = 0;
  // Per day in China time (UTC+8) and outcome, oldest first.
  virtual std::vector<DayCount> DailyOutcomes(std::int64_t since) = 0;
};

}  // namespace beian
