#include "storage/postgres/pg_processed_store.h"

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

}  // namespace

std::optional<std::string> PgProcessedStore::Find(const std::string& platform,
                                                  const std::string& message_id) {
  static constexpr const char* kSql =
      "SELECT replies FROM processed_messages WHERE platform = $1 AND message_id = $2";
  const pqxx::result r = db_.Exec("find processed message", kSql, T(platform), T(message_id));
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::string>();
}

void PgProcessedStore::Remember(const std::string& platform, const std::string& message_id,
                                const std::string& replies, std::int64_t now) {
  static constexpr const char* kSql =
      "INSERT INTO processed_messages (platform, message_id, replies, created_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (platform, message_id) DO NOTHING";
  db_.Write("remember processed message", kSql, T(platform), T(message_id), T(replies), now);
}

std::int64_t PgProcessedStore::Prune(std::int64_t now, std::int64_t max_age_seconds) {
  static constexpr const char* kSql = "DELETE FROM processed_messages WHERE created_at < $1";
  return static_cast<std::int64_t>(
      db_.Exec("prune processed messages", kSql, now - max_age_seconds).affected_rows());
}

}  // namespace beian
