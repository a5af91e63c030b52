#include "storage/postgres/pg_outbox_store.h"

#include <algorithm>

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

}  // namespace

std::int64_t PgOutboxStore::Add(const std::string& platform, const std::string& payload,
                                std::int64_t now) {
  static constexpr const char* kSql =
      "INSERT INTO outbox (platform, payload, next_at, created_at) VALUES ($1, $2, $3, $3) "
      "RETURNING id";
  return db_.Exec("outbox add", kSql, T(platform), T(payload), now)[0][0].as<std::int64_t>();
}

std::vector<OutboxItem> PgOutboxStore::Claim(std::int64_t now, int limit,
                                             std::int64_t lease_seconds) {
  static constexpr const char* kSql =
      "UPDATE outbox SET next_at = $1 WHERE id IN (SELECT id FROM outbox "
      "WHERE status = 'pending' AND next_at <= $2 ORDER BY id LIMIT $3 "
      "FOR UPDATE SKIP LOCKED) "
      "RETURNING id, platform, payload, attempts";
  const pqxx::result r = db_.Exec("outbox claim", kSql, now + lease_seconds, now, limit);
  std::vector<OutboxItem> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   static_cast<int>(row[3].as<std::int64_t>())});
  }
  std::sort(out.begin(), out.end(),
            [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
  return out;
}

void PgOutboxStore::MarkSent(std::int64_t id) {
  static constexpr const char* kSql =
      "UPDATE outbox SET status = 'sent', attempts = attempts + 1 WHERE id = $1";
  db_.Exec("outbox sent", kSql, id);
}

void PgOutboxStore::MarkFailed(std::int64_t id, const std::string& error, std::int64_t next_at,
                               bool give_up) {
  static constexpr const char* kSql =
      "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_at = $2, status = $3 "
      "WHERE id = $4";
  // The first 300 bytes, as SQLite keeps (Text mends a character cut in two).
  db_.Exec("outbox failed", kSql, T(std::string_view(error).substr(0, 300)), next_at,
           std::string(give_up ? "failed" : "pending"), id);
}

std::int64_t PgOutboxStore::Count(const std::string& status) {
  static constexpr const char* kSql = "SELECT COUNT(*) FROM outbox WHERE status = $1";
  return db_.Exec("outbox count", kSql, T(status))[0][0].as<std::int64_t>();
}

}  // namespace beian
