#pragma once

#include "storage/message_log.h"

namespace beian {

class PgDatabase;

// MessageLog on PostgreSQL (table `messages`), as SqliteMessageLog behaves:
// History newest first by insertion, statistics over `at >= since`, days in
// China time (UTC+8). Every call joins this thread's Transaction (reads
// included: inside one they see its uncommitted writes).
// Thread-safety: any thread. Every method throws StorageError.
class PgMessageLog : public MessageLog {
 public:
  explicit PgMessageLog(PgDatabase& db) : db_(db) {}

  void Log(const LoggedMessage& m) override;
  std::vector<LoggedMessage> History(const std::string& platform, const std::string& chat,
                                     const std::string& user, int limit,
                                     std::int64_t since = 0) override;
  std::int64_t PurgeLog(std::int64_t now, std::int64_t max_age_seconds) override;
  std::vector<std::pair<std::string, std::int64_t>> OutcomeCounts(std::int64_t since) override;
  std::vector<std::pair<std::string, std::int64_t>> TopEntries(std::int64_t since,
                                                               int limit) override;
  std::vector<std::pair<std::string, std::int64_t>> PlatformCounts(std::int64_t since) override;
  std::vector<DayCount> DailyOutcomes(std::int64_t since) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
