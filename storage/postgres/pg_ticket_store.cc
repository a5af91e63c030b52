#include "storage/postgres/pg_ticket_store.h"

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

}  // namespace

std::int64_t PgTicketStore::OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since) {
  static constexpr const char* kExpire =
      "UPDATE tickets SET status = 'closed', closed_at = $1 "
      "WHERE platform = $2 AND chat = $3 AND user_id = $4 AND status = 'open' AND opened_at < $5";
  static constexpr const char* kOpen =
      "INSERT INTO tickets (platform, chat, user_id, opened_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id";
  if (auto open = OpenTicketFor(asker, since)) return *open;
  std::int64_t id = 0;
  db_.Transaction([&] {
    db_.Exec("expire tickets", kExpire, now, T(asker.platform), T(asker.chat), T(asker.user),
             since);
    id = db_.Exec("open ticket", kOpen, T(asker.platform), T(asker.chat), T(asker.user), now)[0][0]
             .as<std::int64_t>();
  });
  return id;
}

std::optional<std::int64_t> PgTicketStore::OpenTicketFor(const Asker& asker, std::int64_t since) {
  static constexpr const char* kSql =
      "SELECT id FROM tickets WHERE platform = $1 AND chat = $2 AND user_id = $3 "
      "AND status = 'open' AND opened_at >= $4 ORDER BY id DESC LIMIT 1";
  const pqxx::result r =
      db_.Exec("find ticket", kSql, T(asker.platform), T(asker.chat), T(asker.user), since);
  if (r.empty()) return std::nullopt;
  return r[0][0].as<std::int64_t>();
}

bool PgTicketStore::CloseTicket(std::int64_t id, std::int64_t now) {
  static constexpr const char* kSql =
      "UPDATE tickets SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'";
  return db_.Exec("close ticket", kSql, now, id).affected_rows() > 0;
}

std::vector<std::pair<std::int64_t, Asker>> PgTicketStore::OpenTickets() {
  static constexpr const char* kSql =
      "SELECT id, platform, chat, user_id FROM tickets WHERE status = 'open' ORDER BY id";
  const pqxx::result r = db_.Exec("open tickets", kSql);
  std::vector<std::pair<std::int64_t, Asker>> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.emplace_back(
        row[0].as<std::int64_t>(),
        Asker{row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>()});
  }
  return out;
}

}  // namespace beian
