#include "storage/sqlite/sqlite_message_log.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/store_lock.h"

namespace beian {
namespace {

using store_lock::Locked;
using store_lock::Unlocked;

std::vector<std::pair<std::string, std::int64_t>> Pairs(SQLite::Statement& q) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return out;
}

}  // namespace

void SqliteMessageLog::Log(const LoggedMessage& m) {
  Locked(db_, "log message", [&] {
    auto q = db_.Prepared(
        "INSERT INTO messages (at, platform, chat, user, text, outcome, entry_id, score) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, static_cast<int64_t>(m.at));
    q->bind(2, m.platform);
    q->bind(3, m.chat);
    q->bind(4, m.user);
    q->bindNoCopy(5, m.text);  // outlives the exec; rebound on every use
    q->bind(6, std::string(Name(m.outcome)));
    q->bind(7, m.entry_id);
    q->bind(8, m.score);
    q->exec();
  });
}

std::vector<LoggedMessage> SqliteMessageLog::History(const std::string& platform,
                                                     const std::string& chat,
                                                     const std::string& user, int limit,
                                                     std::int64_t since) {
  return Unlocked("history", [&] {
    auto reader = db_.Read();
    auto q =
        since > 0
            ? reader.Prepared(
                  "SELECT at, platform, chat, user, text, outcome, entry_id, score FROM messages "
                  "WHERE platform = ? AND chat = ? AND user = ? AND at >= ? ORDER BY id DESC LIMIT "
                  "?")
            : reader.Prepared(
                  "SELECT at, platform, chat, user, text, outcome, entry_id, score FROM messages "
                  "WHERE platform = ? AND chat = ? AND user = ? ORDER BY id DESC LIMIT ?");
    q->bind(1, platform);
    q->bind(2, chat);
    q->bind(3, user);
    if (since > 0) q->bind(4, static_cast<int64_t>(since));
    q->bind(since > 0 ? 5 : 4, limit);
    std::vector<LoggedMessage> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getInt64(), q->getColumn(1).getString(),
                     q->getColumn(2).getString(), q->getColumn(3).getString(),
                     q->getColumn(4).getString(),
                     ParseOutcome(q->getColumn(5).getString()).value_or(Outcome::kIgnored),
                     q->getColumn(6).getString(), q->getColumn(7).getDouble()});
    }
    return out;
  });
}

std::int64_t SqliteMessageLog::PurgeLog(std::int64_t now, std::int64_t max_age_seconds) {
  return Locked(db_, "purge log", [&] {
    auto q = db_.Prepared("DELETE FROM messages WHERE at < ?");
    q->bind(1, static_cast<int64_t>(now - max_age_seconds));
    return static_cast<std::int64_t>(q->exec());
  });
}

std::vector<std::pair<std::string, std::int64_t>> SqliteMessageLog::OutcomeCounts(
    std::int64_t since) {
  return Locked(db_, "outcome counts", [&] {
    auto q = db_.Prepared(
        "SELECT outcome, COUNT(*) FROM messages WHERE at >= ? GROUP BY outcome ORDER BY 2 DESC");
    q->bind(1, static_cast<int64_t>(since));
    return Pairs(*q);
  });
}

std::vector<std::pair<std::string, std::int64_t>> SqliteMessageLog::TopEntries(std::int64_t since,
                                                                               int limit) {
  return Locked(db_, "top entries", [&] {
    auto q = db_.Prepared(
        "SELECT entry_id, COUNT(*) FROM messages WHERE at >= ? AND entry_id != '' AND outcome = "
        "'answer' "
        "GROUP BY entry_id ORDER BY 2 DESC LIMIT ?");
    q->bind(1, static_cast<int64_t>(since));
    q->bind(2, limit);
    return Pairs(*q);
  });
}

std::vector<std::pair<std::string, std::int64_t>> SqliteMessageLog::PlatformCounts(
    std::int64_t since) {
  return Locked(db_, "platform counts", [&] {
    auto q = db_.Prepared(
        "SELECT platform, COUNT(*) FROM messages WHERE at >= ? GROUP BY platform ORDER BY 2 DESC");
    q->bind(1, static_cast<int64_t>(since));
    return Pairs(*q);
  });
}

std::vector<DayCount> SqliteMessageLog::DailyOutcomes(std::int64_t since) {
  return Locked(db_, "daily outcomes", [&] {
    auto q = db_.Prepared(
        "SELECT date(at + 8 * 3600, 'unixepoch') AS day, outcome, COUNT(*) FROM messages WHERE at "
        ">= ? "
        "GROUP BY day, outcome ORDER BY day, outcome");
    q->bind(1, static_cast<int64_t>(since));
    std::vector<DayCount> out;
    while (q->executeStep()) {
      out.push_back(
          {q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getInt64()});
    }
    return out;
  });
}

}  // namespace beian
