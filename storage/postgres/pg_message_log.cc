#include "storage/postgres/pg_message_log.h"

#include <limits>

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

std::vector<std::pair<std::string, std::int64_t>> Pairs(const pqxx::result& r) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  out.reserve(r.size());
  for (const auto& row : r) out.emplace_back(row[0].as<std::string>(), row[1].as<std::int64_t>());
  return out;
}

}  // namespace

void PgMessageLog::Log(const LoggedMessage& m) {
  static constexpr const char* kSql =
      "INSERT INTO messages (at, platform, chat, user_id, text, outcome, entry_id, score) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
  db_.Write("log message", kSql, m.at, T(m.platform), T(m.chat), T(m.user), T(m.text),
            std::string(Name(m.outcome)), T(m.entry_id), m.score);
}

std::vector<LoggedMessage> PgMessageLog::History(const std::string& platform,
                                                 const std::string& chat, const std::string& user,
                                                 int limit, std::int64_t since) {
  // Without `since`, `at >= the smallest time`: one statement serves both.
  static constexpr const char* kSql =
      "SELECT at, platform, chat, user_id, text, outcome, entry_id, score FROM messages "
      "WHERE platform = $1 AND chat = $2 AND user_id = $3 AND at >= $4 "
      "ORDER BY id DESC LIMIT $5";
  const pqxx::result r =
      db_.Exec("history", kSql, T(platform), T(chat), T(user),
               since > 0 ? since : std::numeric_limits<std::int64_t>::min(), limit);
  std::vector<LoggedMessage> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), row[4].as<std::string>(),
                   ParseOutcome(row[5].as<std::string>()).value_or(Outcome::kIgnored),
                   row[6].as<std::string>(), row[7].as<double>()});
  }
  return out;
}

std::int64_t PgMessageLog::PurgeLog(std::int64_t now, std::int64_t max_age_seconds) {
  static constexpr const char* kSql = "DELETE FROM messages WHERE at < $1";
  return static_cast<std::int64_t>(
      db_.Exec("purge log", kSql, now - max_age_seconds).affected_rows());
}

std::vector<std::pair<std::string, std::int64_t>> PgMessageLog::OutcomeCounts(std::int64_t since) {
  static constexpr const char* kSql =
      "SELECT outcome, COUNT(*) FROM messages WHERE at >= $1 GROUP BY outcome ORDER BY 2 DESC";
  return Pairs(db_.Exec("outcome counts", kSql, since));
}

std::vector<std::pair<std::string, std::int64_t>> PgMessageLog::TopEntries(std::int64_t since,
                                                                           int limit) {
  static constexpr const char* kSql =
      "SELECT entry_id, COUNT(*) FROM messages "
      "WHERE at >= $1 AND entry_id <> '' AND outcome = 'answer' "
      "GROUP BY entry_id ORDER BY 2 DESC LIMIT $2";
  return Pairs(db_.Exec("top entries", kSql, since, limit));
}

std::vector<std::pair<std::string, std::int64_t>> PgMessageLog::PlatformCounts(std::int64_t since) {
  static constexpr const char* kSql =
      "SELECT platform, COUNT(*) FROM messages WHERE at >= $1 GROUP BY platform ORDER BY 2 DESC";
  return Pairs(db_.Exec("platform counts", kSql, since));
}

std::vector<DayCount> PgMessageLog::DailyOutcomes(std::int64_t since) {
  // SQLite's date(at + 8 * 3600, 'unixepoch'); byte order (COLLATE "C") as SQLite sorts.
  static constexpr const char* kSql =
      "SELECT to_char(to_timestamp(at + 8 * 3600) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, "
      "outcome, COUNT(*) FROM messages WHERE at >= $1 "
      "GROUP BY day, outcome ORDER BY day, outcome COLLATE \"C\"";
  const pqxx::result r = db_.Exec("daily outcomes", kSql, since);
  std::vector<DayCount> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>()});
  }
  return out;
}

}  // namespace beian
