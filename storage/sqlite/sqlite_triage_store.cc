#include "storage/sqlite/sqlite_triage_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/store_lock.h"

namespace beian {
namespace {

using store_lock::Locked;
using store_lock::Unlocked;

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

}  // namespace

bool SqliteTriageStore::MayHavePending(const Asker& asker) const {
  return pending_ == nullptr || pending_->MayHave(asker);
}

std::string SqliteTriageStore::Triage(const std::string& group_key, const std::string& text,
                                      TriageReason reason, const Asker& asker, std::int64_t now) {
  if (pending_ != nullptr)
    pending_->Add(asker);  // before the write: never a moment when it is missing
  const std::string id = TriageItemId(group_key);
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

std::vector<TriageItem> SqliteTriageStore::Items(const std::string& status_filter, int limit) {
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

std::optional<TriageItem> SqliteTriageStore::Item(const std::string& id) {
  return Locked(db_, "triage item", [&]() -> std::optional<TriageItem> {
    SQLite::Statement q(db_.connection(),
                        std::string("SELECT ") + kItemColumns + " FROM triage_items WHERE id = ?");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return ReadItem(q);
  });
}

std::vector<Asker> SqliteTriageStore::Askers(const std::string& id) {
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

bool SqliteTriageStore::Resolve(const std::string& id, const std::string& status,
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

std::vector<StaffAnswerFor> SqliteTriageStore::TakeAnswersFor(const Asker& asker) {
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

bool SqliteTriageStore::MarkNotified(const std::string& id, const Asker& asker) {
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

namespace {

// `words` padded or cut to TriageStore::kMaxLookupWords (a repeat changes nothing).
std::vector<std::string> LookupWords(const std::vector<std::string>& words) {
  std::vector<std::string> out(
      words.begin(), words.begin() + static_cast<std::ptrdiff_t>(
                                         std::min(words.size(), TriageStore::kMaxLookupWords)));
  while (!out.empty() && out.size() < TriageStore::kMaxLookupWords) out.push_back(out.front());
  return out;
}

// The wordings of the open items among the ?9 last asked under each of the
// words ?1 … ?8, the most asked first, at most ?10.
std::string OpenByWordsSql() {
  std::string recent;
  for (std::size_t k = 1; k <= TriageStore::kMaxLookupWords; ++k) {
    if (k > 1) recent += " UNION ";
    recent += "SELECT item_id FROM (SELECT item_id FROM triage_words WHERE word = ?" +
              std::to_string(k) + " ORDER BY at DESC LIMIT ?9)";
  }
  return "SELECT i.group_key, p.meaning FROM (" + recent +
         ") w JOIN triage_items i ON i.id = w.item_id "
         "JOIN triage_phrasings p ON p.item_id = i.id WHERE i.status = 'open' "
         "ORDER BY i.count DESC, i.last_at DESC LIMIT ?10";
}

}  // namespace

void SqliteTriageStore::AddPhrasing(const std::string& id, const std::string& text,
                                    const std::string& meaning,
                                    const std::vector<std::string>& words, std::int64_t now) {
  db_.Transaction([&] {
    Locked(db_, "triage phrasing", [&] {
      auto add = db_.Prepared(
          "INSERT INTO triage_phrasings (item_id, text, meaning, first_at) "
          "SELECT ?1, ?2, ?3, ?4 WHERE (SELECT COUNT(*) FROM triage_phrasings WHERE item_id = ?1) "
          "< ?5 OR EXISTS (SELECT 1 FROM triage_phrasings WHERE item_id = ?1 AND text = ?2) "
          "ON CONFLICT (item_id, text) DO UPDATE SET count = count + 1");
      add->bind(1, id);
      add->bind(2, text);
      add->bind(3, meaning);
      add->bind(4, static_cast<int64_t>(now));
      add->bind(5, kMaxPhrasings);
      add->exec();
      auto index = db_.Prepared(
          "INSERT INTO triage_words (word, item_id, at) VALUES (?, ?, ?) "
          "ON CONFLICT (word, item_id) DO UPDATE SET at = excluded.at");
      for (const std::string& w : words) {
        index->reset();
        index->bind(1, w);
        index->bind(2, id);
        index->bind(3, static_cast<int64_t>(now));
        index->exec();
      }
    });
  });
}

std::vector<OpenPhrasing> SqliteTriageStore::OpenByWords(const std::vector<std::string>& words,
                                                         int limit) {
  const std::vector<std::string> lookup = LookupWords(words);
  if (lookup.empty()) return {};
  return Locked(db_, "triage by words", [&] {
    static const std::string kSql = OpenByWordsSql();
    auto q = db_.Prepared(kSql.c_str());  // lives as long as the process
    for (std::size_t k = 0; k < lookup.size(); ++k) q->bind(static_cast<int>(k + 1), lookup[k]);
    q->bind(static_cast<int>(kMaxLookupWords + 1), kLookupPerWord);
    q->bind(static_cast<int>(kMaxLookupWords + 2), limit);
    std::vector<OpenPhrasing> out;
    while (q->executeStep())
      out.push_back({q->getColumn(0).getString(), q->getColumn(1).getString()});
    return out;
  });
}

std::vector<Phrasing> SqliteTriageStore::Phrasings(const std::string& id) {
  return Locked(db_, "triage phrasings", [&] {
    auto q = db_.Prepared(
        "SELECT text, meaning, count FROM triage_phrasings WHERE item_id = ? "
        "ORDER BY count DESC, first_at");
    q->bind(1, id);
    std::vector<Phrasing> out;
    while (q->executeStep()) {
      out.push_back(
          {q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getInt64()});
    }
    return out;
  });
}

}  // namespace beian
