#include "storage/postgres/pg_session_store.h"

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

}  // namespace

std::optional<SessionRecord> PgSessionStore::Load(const SessionKey& key) {
  static constexpr const char* kSql =
      "SELECT state, created_at, updated_at FROM sessions "
      "WHERE platform = $1 AND chat = $2 AND user_id = $3";
  const pqxx::result r = db_.Exec("load session", kSql, T(key.platform), T(key.chat), T(key.user));
  if (r.empty()) return std::nullopt;
  return SessionRecord{r[0][0].as<std::string>(), r[0][1].as<std::int64_t>(),
                       r[0][2].as<std::int64_t>(), nullptr};
}

void PgSessionStore::Save(const SessionKey& key, const std::string& state, std::int64_t now,
                          std::shared_ptr<const SessionPayload> /*parsed*/) {
  static constexpr const char* kSql =
      "INSERT INTO sessions (platform, chat, user_id, state, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (platform, chat, user_id) "
      "DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at";
  db_.Write("save session", kSql, T(key.platform), T(key.chat), T(key.user), T(state), now);
}

bool PgSessionStore::Delete(const SessionKey& key) {
  static constexpr const char* kSql =
      "DELETE FROM sessions WHERE platform = $1 AND chat = $2 AND user_id = $3";
  return db_.Exec("delete session", kSql, T(key.platform), T(key.chat), T(key.user))
             .affected_rows() > 0;
}

std::int64_t PgSessionStore::ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) {
  static constexpr const char* kSql = "DELETE FROM sessions WHERE updated_at < $1";
  return static_cast<std::int64_t>(
      db_.Exec("expire sessions", kSql, now - max_idle_seconds).affected_rows());
}

}  // namespace beian
