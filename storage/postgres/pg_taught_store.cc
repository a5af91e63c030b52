#include "storage/postgres/pg_taught_store.h"

#include "storage/postgres/pg_database.h"
#include "storage/teaching_json.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

}  // namespace

void PgTaughtStore::Bump() {
  static constexpr const char* kSql =
      "UPDATE meta SET value = value + 1 WHERE key = 'kb_generation'";
  db_.Exec("bump kb generation", kSql);
}

bool PgTaughtStore::Teach(const std::string& entry_id, const std::string& alias,
                          const std::string& staff, std::int64_t now) {
  static constexpr const char* kSql =
      "INSERT INTO learned_aliases (entry_id, alias, staff, at) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (entry_id, alias) DO NOTHING";
  bool added = false;
  db_.Transaction([&] {
    added = db_.Exec("teach", kSql, T(entry_id), T(alias), T(staff), now).affected_rows() > 0;
    if (added) Bump();
  });
  return added;
}

std::vector<std::pair<std::string, std::string>> PgTaughtStore::LearnedAliases() {
  // Byte order (COLLATE "C") as SQLite sorts.
  static constexpr const char* kSql =
      "SELECT entry_id, alias FROM learned_aliases ORDER BY at, alias COLLATE \"C\"";
  const pqxx::result r = db_.Exec("learned aliases", kSql);
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(r.size());
  for (const auto& row : r) out.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
  return out;
}

bool PgTaughtStore::AddEntry(const LearnedEntry& entry) {
  static constexpr const char* kSql =
      "INSERT INTO learned_entries (id, entry, item_id, staff, at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (id) DO NOTHING";
  bool added = false;
  db_.Transaction([&] {
    added = db_.Exec("add entry", kSql, T(entry.id), T(entry.json), T(entry.item_id),
                     T(entry.staff), entry.at)
                .affected_rows() > 0;
    if (added) Bump();
  });
  return added;
}

std::vector<LearnedEntry> PgTaughtStore::LearnedEntries() {
  static constexpr const char* kSql =
      "SELECT id, entry, item_id, staff, at FROM learned_entries ORDER BY at, id COLLATE \"C\"";
  const pqxx::result r = db_.Exec("learned entries", kSql);
  std::vector<LearnedEntry> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), row[4].as<std::int64_t>()});
  }
  return out;
}

std::int64_t PgTaughtStore::KbGeneration() {
  static constexpr const char* kSql = "SELECT value FROM meta WHERE key = 'kb_generation'";
  const pqxx::result r = db_.Exec("kb generation", kSql);
  return r.empty() ? 0 : r[0][0].as<std::int64_t>();
}

namespace {

std::vector<Teaching> ReadTeachings(const pqxx::result& r) {
  std::vector<Teaching> out;
  for (const auto& row : r) {
    out.push_back({row[0].as<std::int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
                   row[3].as<std::string>(), row[4].as<std::int64_t>(),
                   ParsePhrasings(row[5].as<std::string>()), row[6].as<std::int64_t>() != 0});
  }
  return out;
}

}  // namespace

bool PgTaughtStore::Forget(const std::string& entry_id, const std::string& alias) {
  static constexpr const char* kSql =
      "DELETE FROM learned_aliases WHERE entry_id = $1 AND alias = $2";
  bool removed = false;
  db_.Transaction([&] {
    removed = db_.Exec("forget alias", kSql, T(entry_id), T(alias)).affected_rows() > 0;
    if (removed) Bump();
  });
  return removed;
}

std::int64_t PgTaughtStore::RecordTeaching(const Teaching& t) {
  static constexpr const char* kSql =
      "INSERT INTO teachings (item_id, entry_id, staff, at, phrasings) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id";
  return db_
      .Exec("record teaching", kSql, T(t.item_id), T(t.entry_id), T(t.staff), t.at,
            T(PhrasingsJson(t.phrasings)))[0][0]
      .as<std::int64_t>();
}

std::vector<Teaching> PgTaughtStore::Teachings(int limit) {
  static constexpr const char* kSql =
      "SELECT id, item_id, entry_id, staff, at, phrasings, undone FROM teachings "
      "ORDER BY id DESC LIMIT $1";
  return ReadTeachings(db_.Exec("teachings", kSql, limit));
}

std::optional<Teaching> PgTaughtStore::FindTeaching(std::int64_t id) {
  static constexpr const char* kSql =
      "SELECT id, item_id, entry_id, staff, at, phrasings, undone FROM teachings WHERE id = $1";
  auto found = ReadTeachings(db_.Exec("teaching", kSql, id));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

bool PgTaughtStore::MarkUndone(std::int64_t id) {
  static constexpr const char* kSql =
      "UPDATE teachings SET undone = 1 WHERE id = $1 AND undone = 0";
  return db_.Exec("undo teaching", kSql, id).affected_rows() > 0;
}

}  // namespace beian
