#include "storage/postgres/pg_taught_store.h"

#include "storage/postgres/pg_database.h"

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

}  // namespace beian
