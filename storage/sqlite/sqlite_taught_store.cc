#include "storage/sqlite/sqlite_taught_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/store_lock.h"
#include "storage/teaching_json.h"

namespace beian {

using store_lock::Locked;

bool SqliteTaughtStore::Teach(const std::string& entry_id, const std::string& alias,
                              const std::string& staff, std::int64_t now) {
  bool added = false;
  db_.Transaction([&] {
    Locked(db_, "teach", [&] {
      auto q = db_.Prepared(
          "INSERT OR IGNORE INTO learned_aliases (entry_id, alias, staff, at) VALUES (?, ?, ?, ?)");
      q->bind(1, entry_id);
      q->bind(2, alias);
      q->bind(3, staff);
      q->bind(4, static_cast<int64_t>(now));
      added = q->exec() > 0;
      if (added)
        db_.Prepared("UPDATE meta SET value = value + 1 WHERE key = 'kb_generation'")->exec();
    });
  });
  return added;
}

std::vector<std::pair<std::string, std::string>> SqliteTaughtStore::LearnedAliases() {
  return Locked(db_, "learned aliases", [&] {
    auto q = db_.Prepared("SELECT entry_id, alias FROM learned_aliases ORDER BY at, alias");
    std::vector<std::pair<std::string, std::string>> out;
    while (q->executeStep())
      out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
    return out;
  });
}

bool SqliteTaughtStore::AddEntry(const LearnedEntry& entry) {
  bool added = false;
  db_.Transaction([&] {
    Locked(db_, "add entry", [&] {
      auto q = db_.Prepared(
          "INSERT OR IGNORE INTO learned_entries (id, entry, item_id, staff, at) VALUES (?, ?, ?, "
          "?, ?)");
      q->bind(1, entry.id);
      q->bind(2, entry.json);
      q->bind(3, entry.item_id);
      q->bind(4, entry.staff);
      q->bind(5, static_cast<int64_t>(entry.at));
      added = q->exec() > 0;
      if (added)
        db_.Prepared("UPDATE meta SET value = value + 1 WHERE key = 'kb_generation'")->exec();
    });
  });
  return added;
}

std::vector<LearnedEntry> SqliteTaughtStore::LearnedEntries() {
  return Locked(db_, "learned entries", [&] {
    auto q =
        db_.Prepared("SELECT id, entry, item_id, staff, at FROM learned_entries ORDER BY at, id");
    std::vector<LearnedEntry> out;
    while (q->executeStep()) {
      out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString(),
                     q->getColumn(2).getString(), q->getColumn(3).getString(),
                     q->getColumn(4).getInt64()});
    }
    return out;
  });
}

std::int64_t SqliteTaughtStore::KbGeneration() {
  return Locked(db_, "kb generation", [&] {
    auto q = db_.Prepared("SELECT value FROM meta WHERE key = 'kb_generation'");
    return q->executeStep() ? q->getColumn(0).getInt64() : std::int64_t{0};
  });
}

namespace {

Teaching ReadTeaching(SQLite::Statement& q) {
  Teaching t{q.getColumn(0).getInt64(),     q.getColumn(1).getString(), q.getColumn(2).getString(),
             q.getColumn(3).getString(),    q.getColumn(4).getInt64(),  {},
             q.getColumn(6).getInt64() != 0};
  t.phrasings = ParsePhrasings(q.getColumn(5).getString());
  return t;
}

}  // namespace

bool SqliteTaughtStore::Forget(const std::string& entry_id, const std::string& alias) {
  bool removed = false;
  db_.Transaction([&] {
    Locked(db_, "forget alias", [&] {
      auto q = db_.Prepared("DELETE FROM learned_aliases WHERE entry_id = ? AND alias = ?");
      q->bind(1, entry_id);
      q->bind(2, alias);
      removed = q->exec() > 0;
      if (removed)
        db_.Prepared("UPDATE meta SET value = value + 1 WHERE key = 'kb_generation'")->exec();
    });
  });
  return removed;
}

std::int64_t SqliteTaughtStore::RecordTeaching(const Teaching& t) {
  return Locked(db_, "record teaching", [&] {
    auto q = db_.Prepared(
        "INSERT INTO teachings (item_id, entry_id, staff, at, phrasings) VALUES (?, ?, ?, ?, ?)");
    q->bind(1, t.item_id);
    q->bind(2, t.entry_id);
    q->bind(3, t.staff);
    q->bind(4, static_cast<int64_t>(t.at));
    q->bind(5, PhrasingsJson(t.phrasings));
    q->exec();
    return static_cast<std::int64_t>(db_.connection().getLastInsertRowid());
  });
}

std::vector<Teaching> SqliteTaughtStore::Teachings(int limit) {
  return Locked(db_, "teachings", [&] {
    auto q = db_.Prepared(
        "SELECT id, item_id, entry_id, staff, at, phrasings, undone FROM teachings "
        "ORDER BY id DESC LIMIT ?");
    q->bind(1, limit);
    std::vector<Teaching> out;
    while (q->executeStep()) out.push_back(ReadTeaching(*q));
    return out;
  });
}

std::optional<Teaching> SqliteTaughtStore::FindTeaching(std::int64_t id) {
  return Locked(db_, "teaching", [&]() -> std::optional<Teaching> {
    auto q = db_.Prepared(
        "SELECT id, item_id, entry_id, staff, at, phrasings, undone FROM teachings WHERE id = ?");
    q->bind(1, static_cast<int64_t>(id));
    if (!q->executeStep()) return std::nullopt;
    return ReadTeaching(*q);
  });
}

bool SqliteTaughtStore::MarkUndone(std::int64_t id) {
  return Locked(db_, "undo teaching", [&] {
    auto q = db_.Prepared("UPDATE teachings SET undone = 1 WHERE id = ? AND undone = 0");
    q->bind(1, static_cast<int64_t>(id));
    return q->exec() > 0;
  });
}

}  // namespace beian
