#include "storage/support_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>

#include "storage/database.h"
#include "storage/id_filter.h"
#include "storage/storage_error.h"

namespace beian {
namespace {

// Runs `f` under the connection's lock, turning SQLite failures into StorageError.
template <typename F>
auto Locked(Database& db, const char* what, F f) {
  std::lock_guard lock(db.mutex());
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string(what) + ": " + e.what());
  }
}

// Runs a read on a read connection, turning SQLite failures into StorageError.
template <typename F>
auto Unlocked(const char* what, F f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string(what) + ": " + e.what());
  }
}

// Short, stable id for a group key: "t" + 7 hex characters of its hash.
std::string ItemId(const std::string& key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a: stable across runs and builds
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  std::string id = "t";
  for (int i = 0; i < 7; ++i) id.push_back(kHex[(h >> (4 * i)) & 0xF]);
  return id;
}

TriageItem ReadItem(SQLite::Statement& q) {
  TriageItem t;
  t.id = q.getColumn(0).getString();
  t.text = q.getColumn(1).getString();
  // A word no version wrote would be a hand edit: shown as a decline.
  t.reason = ParseTriageReason(q.getColumn(2).getString()).value_or(TriageReason::kDeclined);
  t.status = q.getColumn(3).getString();
  t.count = q.getColumn(4).getInt64();
  t.answer = q.getColumn(5).getString();
  t.entry_id = q.getColumn(6).getString();
  t.staff = q.getColumn(7).getString();
  t.first_at = q.getColumn(8).getInt64();
  t.last_at = q.getColumn(9).getInt64();
  t.group_key = q.getColumn(10).getString();
  return t;
}

constexpr const char* kItemColumns =
    "id, text, reason, status, count, answer, entry_id, staff, first_at, last_at, group_key";

std::vector<std::pair<std::string, std::int64_t>> Pairs(SQLite::Statement& q) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
  return out;
}

}  // namespace

void SupportStore::Log(const LoggedMessage& m) {
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

std::vector<LoggedMessage> SupportStore::History(const std::string& platform,
                                                 const std::string& chat, const std::string& user,
                                                 int limit, std::int64_t since) {
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

std::int64_t SupportStore::PurgeLog(std::int64_t now, std::int64_t max_age_seconds) {
  return Locked(db_, "purge log", [&] {
    auto q = db_.Prepared("DELETE FROM messages WHERE at < ?");
    q->bind(1, static_cast<int64_t>(now - max_age_seconds));
    return static_cast<std::int64_t>(q->exec());
  });
}

namespace {

// 2^20 bits (2 × 128 KiB): "maybe" for fewer than 1 in 100 others while up
// to ~100,000 people have questions waiting.
constexpr std::size_t kAskerBits = std::size_t{1} << 20;
constexpr std::int64_t kForever = std::int64_t{1} << 60;  // the filter never rotates

std::string AskerKey(const Asker& a) { return a.platform + '\x1f' + a.chat + '\x1f' + a.user; }

}  // namespace

SupportStore::SupportStore(Database& db, bool track_askers) : db_(db) {
  if (!track_askers) return;
  askers_ = std::make_unique<IdFilter>(kAskerBits, kForever);
  Unlocked("read askers", [&] {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT platform, chat, user FROM triage_askers WHERE notified = 0 "
        "UNION SELECT platform, chat, user FROM tickets WHERE status = 'open'");
    while (q->executeStep()) {
      askers_->Add(AskerKey({q->getColumn(0).getString(), q->getColumn(1).getString(),
                             q->getColumn(2).getString()}),
                   0);
    }
  });
}

SupportStore::~SupportStore() = default;

bool SupportStore::MayHavePending(const Asker& asker) const {
  return !askers_ || askers_->MaybeContains(AskerKey(asker));
}

std::string SupportStore::Triage(const std::string& group_key, const std::string& text,
                                 TriageReason reason, const Asker& asker, std::int64_t now) {
  if (askers_)
    askers_->Add(AskerKey(asker), 0);  // before the write: never a moment when it is missing
  const std::string id = ItemId(group_key);
  db_.Transaction([&] {
    Locked(db_, "triage", [&] {
      auto item = db_.Prepared(
          "INSERT INTO triage_items (id, group_key, text, reason, first_at, last_at) VALUES (?, ?, "
          "?, ?, ?, ?) "
          "ON CONFLICT (id) DO UPDATE SET last_at = excluded.last_at, status = 'open'");
      item->bind(1, id);
      item->bind(2, group_key);
      item->bind(3, text);
      item->bind(4, std::string(Name(reason)));
      item->bind(5, static_cast<int64_t>(now));
      item->bind(6, static_cast<int64_t>(now));
      item->exec();
      auto who = db_.Prepared(
          "INSERT INTO triage_askers (item_id, platform, chat, user, at) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT DO UPDATE SET at = excluded.at, notified = 0");
      who->bind(1, id);
      who->bind(2, asker.platform);
      who->bind(3, asker.chat);
      who->bind(4, asker.user);
      who->bind(5, static_cast<int64_t>(now));
      who->exec();
      auto count = db_.Prepared(
          "UPDATE triage_items SET count = (SELECT COUNT(*) FROM triage_askers WHERE item_id = ?) "
          "WHERE id = ?");
      count->bind(1, id);
      count->bind(2, id);
      count->exec();
    });
  });
  return id;
}

std::vector<TriageItem> SupportStore::Items(const std::string& status_filter, int limit) {
  return Locked(db_, "triage items", [&] {
    const std::string sql = std::string("SELECT ") + kItemColumns +
                            " FROM triage_items WHERE (? = '' OR status = ?) "
                            "ORDER BY (status = 'open') DESC, count DESC, last_at DESC LIMIT ?";
    SQLite::Statement q(db_.connection(), sql);
    q.bind(1, status_filter);
    q.bind(2, status_filter);
    q.bind(3, limit);
    std::vector<TriageItem> out;
    while (q.executeStep()) out.push_back(ReadItem(q));
    return out;
  });
}

std::optional<TriageItem> SupportStore::Item(const std::string& id) {
  return Locked(db_, "triage item", [&]() -> std::optional<TriageItem> {
    SQLite::Statement q(db_.connection(),
                        std::string("SELECT ") + kItemColumns + " FROM triage_items WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return ReadItem(q);
  });
}

std::vector<Asker> SupportStore::Askers(const std::string& id) {
  return Locked(db_, "askers", [&] {
    auto q = db_.Prepared(
        "SELECT platform, chat, user FROM triage_askers WHERE item_id = ? ORDER BY at");
    q->bind(1, id);
    std::vector<Asker> out;
    while (q->executeStep()) {
      out.push_back(
          {q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
    return out;
  });
}

bool SupportStore::Resolve(const std::string& id, const std::string& status,
                           const std::string& answer, const std::string& entry_id,
                           const std::string& staff) {
  return Locked(db_, "resolve", [&] {
    auto q = db_.Prepared(
        "UPDATE triage_items SET status = ?, answer = ?, entry_id = ?, staff = ? WHERE id = ?");
    q->bind(1, status);
    q->bind(2, answer);
    q->bind(3, entry_id);
    q->bind(4, staff);
    q->bind(5, id);
    return q->exec() > 0;
  });
}

std::vector<StaffAnswerFor> SupportStore::TakeAnswersFor(const Asker& asker) {
  // Read first, without a transaction: almost always there is nothing.
  std::vector<std::pair<std::string, StaffAnswerFor>> found;  // item id, answer
  Unlocked("find answers", [&] {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT i.id, i.text, i.answer, i.reason FROM triage_askers a JOIN triage_items i ON "
        "a.item_id = "
        "i.id "
        "WHERE a.platform = ? AND a.chat = ? AND a.user = ? AND a.notified = 0 AND i.status = "
        "'answered' "
        "AND i.answer != ''");
    q->bind(1, asker.platform);
    q->bind(2, asker.chat);
    q->bind(3, asker.user);
    while (q->executeStep()) {
      const auto reason = ParseTriageReason(q->getColumn(3).getString());
      found.emplace_back(q->getColumn(0).getString(),
                         StaffAnswerFor{reason.value_or(TriageReason::kDeclined),
                                        q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
  });
  if (found.empty()) return {};
  std::vector<StaffAnswerFor> out;
  db_.Transaction([&] {
    for (const auto& [id, answer] : found) {
      if (MarkNotified(id, asker)) out.push_back(answer);  // shown once, even if two turns race
    }
  });
  return out;
}

bool SupportStore::MarkNotified(const std::string& id, const Asker& asker) {
  return Locked(db_, "mark answer delivered", [&] {
    auto mark = db_.Prepared(
        "UPDATE triage_askers SET notified = 1 "
        "WHERE item_id = ? AND platform = ? AND chat = ? AND user = ? AND notified = 0");
    mark->bind(1, id);
    mark->bind(2, asker.platform);
    mark->bind(3, asker.chat);
    mark->bind(4, asker.user);
    return mark->exec() > 0;
  });
}

std::int64_t SupportStore::OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since) {
  if (askers_) askers_->Add(AskerKey(asker), 0);
  if (auto open = OpenTicketFor(asker, since)) return *open;
  return Locked(db_, "open ticket", [&] {
    auto expire = db_.Prepared(
        "UPDATE tickets SET status = 'closed', closed_at = ? "
        "WHERE platform = ? AND chat = ? AND user = ? AND status = 'open' AND opened_at < ?");
    expire->bind(1, static_cast<int64_t>(now));
    expire->bind(2, asker.platform);
    expire->bind(3, asker.chat);
    expire->bind(4, asker.user);
    expire->bind(5, static_cast<int64_t>(since));
    expire->exec();
    auto q =
        db_.Prepared("INSERT INTO tickets (platform, chat, user, opened_at) VALUES (?, ?, ?, ?)");
    q->bind(1, asker.platform);
    q->bind(2, asker.chat);
    q->bind(3, asker.user);
    q->bind(4, static_cast<int64_t>(now));
    q->exec();
    return static_cast<std::int64_t>(db_.connection().getLastInsertRowid());
  });
}

std::optional<std::int64_t> SupportStore::OpenTicketFor(const Asker& asker, std::int64_t since) {
  return Unlocked("find ticket", [&]() -> std::optional<std::int64_t> {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT id FROM tickets WHERE platform = ? AND chat = ? AND user = ? AND status = 'open' "
        "AND opened_at >= ? "
        "ORDER BY id DESC LIMIT 1");
    q->bind(1, asker.platform);
    q->bind(2, asker.chat);
    q->bind(3, asker.user);
    q->bind(4, static_cast<int64_t>(since));
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

bool SupportStore::CloseTicket(std::int64_t id, std::int64_t now) {
  return Locked(db_, "close ticket", [&] {
    auto q = db_.Prepared(
        "UPDATE tickets SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'");
    q->bind(1, static_cast<int64_t>(now));
    q->bind(2, static_cast<int64_t>(id));
    return q->exec() > 0;
  });
}

std::vector<std::pair<std::int64_t, Asker>> SupportStore::OpenTickets() {
  return Locked(db_, "open tickets", [&] {
    auto q = db_.Prepared(
        "SELECT id, platform, chat, user FROM tickets WHERE status = 'open' ORDER BY id");
    std::vector<std::pair<std::int64_t, Asker>> out;
    while (q->executeStep()) {
      out.emplace_back(q->getColumn(0).getInt64(),
                       Asker{q->getColumn(1).getString(), q->getColumn(2).getString(),
                             q->getColumn(3).getString()});
    }
    return out;
  });
}

bool SupportStore::Teach(const std::string& entry_id, const std::string& alias,
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

std::vector<std::pair<std::string, std::string>> SupportStore::LearnedAliases() {
  return Locked(db_, "learned aliases", [&] {
    auto q = db_.Prepared("SELECT entry_id, alias FROM learned_aliases ORDER BY at, alias");
    std::vector<std::pair<std::string, std::string>> out;
    while (q->executeStep())
      out.emplace_back(q->getColumn(0).getString(), q->getColumn(1).getString());
    return out;
  });
}

bool SupportStore::AddEntry(const LearnedEntry& entry) {
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

std::vector<LearnedEntry> SupportStore::LearnedEntries() {
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

std::int64_t SupportStore::KbGeneration() {
  return Locked(db_, "kb generation", [&] {
    auto q = db_.Prepared("SELECT value FROM meta WHERE key = 'kb_generation'");
    return q->executeStep() ? q->getColumn(0).getInt64() : std::int64_t{0};
  });
}

std::vector<std::pair<std::string, std::int64_t>> SupportStore::OutcomeCounts(std::int64_t since) {
  return Locked(db_, "outcome counts", [&] {
    auto q = db_.Prepared(
        "SELECT outcome, COUNT(*) FROM messages WHERE at >= ? GROUP BY outcome ORDER BY 2 DESC");
    q->bind(1, static_cast<int64_t>(since));
    return Pairs(*q);
  });
}

std::vector<std::pair<std::string, std::int64_t>> SupportStore::TopEntries(std::int64_t since,
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

std::vector<std::pair<std::string, std::int64_t>> SupportStore::PlatformCounts(std::int64_t since) {
  return Locked(db_, "platform counts", [&] {
    auto q = db_.Prepared(
        "SELECT platform, COUNT(*) FROM messages WHERE at >= ? GROUP BY platform ORDER BY 2 DESC");
    q->bind(1, static_cast<int64_t>(since));
    return Pairs(*q);
  });
}

std::vector<DayCount> SupportStore::DailyOutcomes(std::int64_t since) {
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
