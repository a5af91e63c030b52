#include "storage/postgres/pg_triage_store.h"

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

// A text[] literal: {"a","b"}, each element quoted, its " and \ escaped.
std::string TextArray(const std::vector<std::string>& items) {
  std::string out = "{";
  for (const std::string& item : items) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : item) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

#define BEIAN_ITEM_COLUMNS \
  "id, text, reason, status, count, answer, entry_id, staff, first_at, last_at, group_key"

TriageItem ReadItem(const pqxx::row& row) {
  TriageItem t;
  t.id = row[0].as<std::string>();
  t.text = row[1].as<std::string>();
  // A word no version wrote would be a hand edit: shown as a decline.
  t.reason = ParseTriageReason(row[2].as<std::string>()).value_or(TriageReason::kDeclined);
  t.status = row[3].as<std::string>();
  t.count = row[4].as<std::int64_t>();
  t.answer = row[5].as<std::string>();
  t.entry_id = row[6].as<std::string>();
  t.staff = row[7].as<std::string>();
  t.first_at = row[8].as<std::int64_t>();
  t.last_at = row[9].as<std::int64_t>();
  t.group_key = row[10].as<std::string>();
  return t;
}

}  // namespace

std::string PgTriageStore::Triage(const std::string& group_key, const std::string& text,
                                  TriageReason reason, const Asker& asker, std::int64_t now) {
  static constexpr const char* kItem =
      "INSERT INTO triage_items (id, group_key, text, reason, first_at, last_at) "
      "VALUES ($1, $2, $3, $4, $5, $5) "
      "ON CONFLICT (id) DO UPDATE SET last_at = EXCLUDED.last_at, status = 'open'";
  static constexpr const char* kAsker =
      "INSERT INTO triage_askers (item_id, platform, chat, user_id, at) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (item_id, platform, chat, user_id) "
      "DO UPDATE SET at = EXCLUDED.at, notified = 0";
  static constexpr const char* kCount =
      "UPDATE triage_items SET count = (SELECT COUNT(*) FROM triage_askers WHERE item_id = $1) "
      "WHERE id = $1";
  const std::string id = TriageItemId(group_key);
  db_.Transaction([&] {
    // The item's row stays locked until the commit: concurrent askers of one
    // item count one after the other.
    db_.Write("triage", kItem, id, T(group_key), T(text), std::string(Name(reason)), now);
    db_.Write("triage asker", kAsker, id, T(asker.platform), T(asker.chat), T(asker.user), now);
    db_.Write("triage count", kCount, id);
  });
  return id;
}

std::vector<TriageItem> PgTriageStore::Items(const std::string& status_filter, int limit) {
  static constexpr const char* kSql =
      "SELECT " BEIAN_ITEM_COLUMNS
      " FROM triage_items WHERE ($1 = '' OR status = $1) "
      "ORDER BY (status = 'open') DESC, count DESC, last_at DESC LIMIT $2";
  const pqxx::result r = db_.Exec("triage items", kSql, T(status_filter), limit);
  std::vector<TriageItem> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back(ReadItem(row));
  return out;
}

std::optional<TriageItem> PgTriageStore::Item(const std::string& id) {
  static constexpr const char* kSql =
      "SELECT " BEIAN_ITEM_COLUMNS " FROM triage_items WHERE id = $1";
  const pqxx::result r = db_.Exec("triage item", kSql, T(id));
  if (r.empty()) return std::nullopt;
  return ReadItem(r[0]);
}

std::vector<Asker> PgTriageStore::Askers(const std::string& id) {
  static constexpr const char* kSql =
      "SELECT platform, chat, user_id FROM triage_askers WHERE item_id = $1 ORDER BY at";
  const pqxx::result r = db_.Exec("askers", kSql, T(id));
  std::vector<Asker> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>()});
  }
  return out;
}

bool PgTriageStore::Resolve(const std::string& id, const std::string& status,
                            const std::string& answer, const std::string& entry_id,
                            const std::string& staff) {
  static constexpr const char* kSql =
      "UPDATE triage_items SET status = $1, answer = $2, entry_id = $3, staff = $4 WHERE id = $5";
  return db_.Exec("resolve", kSql, T(status), T(answer), T(entry_id), T(staff), T(id))
             .affected_rows() > 0;
}

const char* const kPgPendingCondition =
    "(EXISTS (SELECT 1 FROM triage_askers a JOIN triage_items i ON a.item_id = i.id "
    "WHERE a.platform = $1 AND a.chat = $2 AND a.user_id = $3 AND a.notified = 0 "
    "AND i.status = 'answered' AND i.answer <> '') "
    "OR EXISTS (SELECT 1 FROM tickets "
    "WHERE platform = $1 AND chat = $2 AND user_id = $3 AND status = 'open'))";

bool PgTriageStore::MayHavePending(const Asker& asker) const {
  static const std::string kSql = std::string("SELECT ") + kPgPendingCondition;
  return db_
      .Exec("find pending", kSql.c_str(), T(asker.platform), T(asker.chat), T(asker.user))[0][0]
      .as<bool>();
}

std::vector<StaffAnswerFor> PgTriageStore::TakeAnswersFor(const Asker& asker) {
  static constexpr const char* kFind =
      "SELECT i.id, i.text, i.answer, i.reason FROM triage_askers a "
      "JOIN triage_items i ON a.item_id = i.id "
      "WHERE a.platform = $1 AND a.chat = $2 AND a.user_id = $3 AND a.notified = 0 "
      "AND i.status = 'answered' AND i.answer <> ''";
  // Read first, alone: almost always there is nothing.
  const pqxx::result r =
      db_.Exec("find answers", kFind, T(asker.platform), T(asker.chat), T(asker.user));
  if (r.empty()) return {};
  std::vector<StaffAnswerFor> out;
  db_.Transaction([&] {
    for (const auto& row : r) {
      // Shown once, even if two turns race: only the one that marks it shows it.
      if (!MarkNotified(row[0].as<std::string>(), asker)) continue;
      const auto reason = ParseTriageReason(row[3].as<std::string>());
      out.push_back({reason.value_or(TriageReason::kDeclined), row[1].as<std::string>(),
                     row[2].as<std::string>()});
    }
  });
  return out;
}

bool PgTriageStore::MarkNotified(const std::string& id, const Asker& asker) {
  static constexpr const char* kSql =
      "UPDATE triage_askers SET notified = 1 "
      "WHERE item_id = $1 AND platform = $2 AND chat = $3 AND user_id = $4 AND notified = 0";
  return db_.Exec("mark answer delivered", kSql, T(id), T(asker.platform), T(asker.chat),
                  T(asker.user))
             .affected_rows() > 0;
}

void PgTriageStore::AddPhrasing(const std::string& id, const std::string& text,
                                const std::string& meaning, const std::vector<std::string>& words,
                                std::int64_t now) {
  static constexpr const char* kAdd =
      "INSERT INTO triage_phrasings (item_id, text, meaning, first_at) "
      "SELECT $1, $2, $3, $4 WHERE (SELECT COUNT(*) FROM triage_phrasings WHERE item_id = $1) < $5 "
      "OR EXISTS (SELECT 1 FROM triage_phrasings WHERE item_id = $1 AND text = $2) "
      "ON CONFLICT (item_id, text) DO UPDATE SET count = triage_phrasings.count + 1";
  static constexpr const char* kIndex =
      "INSERT INTO triage_words (word, item_id, at) VALUES ($1, $2, $3) "
      "ON CONFLICT (word, item_id) DO UPDATE SET at = excluded.at";
  db_.Transaction([&] {
    db_.Write("triage phrasing", kAdd, id, T(text), T(meaning), now, kMaxPhrasings);
    for (const std::string& w : words) db_.Write("triage word", kIndex, T(w), id, now);
  });
}

std::vector<OpenPhrasing> PgTriageStore::OpenByWords(const std::vector<std::string>& words,
                                                     int limit) {
  // Under each word its kLookupPerWord last asked items (an index scan
  // each), then the open ones' wordings, the most asked first.
  static constexpr const char* kSql =
      "SELECT i.group_key, p.meaning FROM (SELECT DISTINCT r.item_id FROM "
      "unnest($1::text[]) AS q(word) CROSS JOIN LATERAL (SELECT item_id FROM triage_words t "
      "WHERE t.word = q.word ORDER BY t.at DESC LIMIT $2) r) w "
      "JOIN triage_items i ON i.id = w.item_id "
      "JOIN triage_phrasings p ON p.item_id = i.id WHERE i.status = 'open' "
      "ORDER BY i.count DESC, i.last_at DESC LIMIT $3";
  if (words.empty()) return {};
  std::vector<std::string> w;
  for (std::size_t k = 0; k < std::min(words.size(), kMaxLookupWords); ++k)
    w.push_back(T(words[k]));
  const pqxx::result r = db_.Exec("triage by words", kSql, TextArray(w), kLookupPerWord, limit);
  std::vector<OpenPhrasing> out;
  out.reserve(r.size());
  for (const auto& row : r) out.push_back({row[0].as<std::string>(), row[1].as<std::string>()});
  return out;
}

std::vector<Phrasing> PgTriageStore::Phrasings(const std::string& id) {
  static constexpr const char* kSql =
      "SELECT text, meaning, count FROM triage_phrasings WHERE item_id = $1 "
      "ORDER BY count DESC, first_at";
  const pqxx::result r = db_.Exec("triage phrasings", kSql, id);
  std::vector<Phrasing> out;
  out.reserve(r.size());
  for (const auto& row : r) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::int64_t>()});
  }
  return out;
}

}  // namespace beian

#undef BEIAN_ITEM_COLUMNS
