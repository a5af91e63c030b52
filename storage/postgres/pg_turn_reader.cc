#include "storage/postgres/pg_turn_reader.h"

#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_triage_store.h"

namespace beian {

TurnReads PgTurnReader::Read(const TurnQuery& q) {
  // $1 platform, $2 chat, $3 user, $4 message id. One row, whatever exists.
  static const std::string kSql =
      std::string("SELECT p.replies, ") + kPgPendingCondition +
      ", s.state, s.created_at, s.updated_at FROM (SELECT 1) AS one "
      "LEFT JOIN processed_messages p ON p.platform = $1 AND p.message_id = $4 "
      "LEFT JOIN sessions s ON s.platform = $1 AND s.chat = $2 AND s.user_id = $3";
  const SessionKey& c = q.conversation;
  const pqxx::result r =
      db_.Exec("read turn", kSql.c_str(), PgDatabase::Text(c.platform), PgDatabase::Text(c.chat),
               PgDatabase::Text(c.user), PgDatabase::Text(q.delivery));
  const pqxx::row row = r.at(0);
  TurnReads out;
  if (!q.delivery.empty() && !row[0].is_null()) out.replies = row[0].as<std::string>();
  out.pending = q.pending && row[1].as<bool>();
  if (!row[2].is_null()) {
    out.session = SessionRecord{row[2].as<std::string>(), row[3].as<std::int64_t>(),
                                row[4].as<std::int64_t>(), nullptr};
  }
  return out;
}

}  // namespace beian
