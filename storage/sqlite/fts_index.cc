#include "storage/sqlite/fts_index.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/storage_error.h"

namespace beian {
namespace {

// Splits UTF-8 into code points (as byte strings); invalid bytes are dropped.
std::vector<std::string> CodePoints(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
      ++i;
      continue;
    }
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// "abcd" → "\"abc\" OR \"bcd\"", skipping trigrams with quotes or spaces.
std::string TrigramQuery(const std::string& query) {
  const auto cps = CodePoints(query);
  std::string q;
  for (size_t i = 0; i + 3 <= cps.size(); ++i) {
    const std::string tri = cps[i] + cps[i + 1] + cps[i + 2];
    if (tri.find_first_of("\" \t\r\n") != std::string::npos) continue;
    if (!q.empty()) q += " OR ";
    q += "\"" + tri + "\"";
  }
  return q;
}

}  // namespace

FtsIndex::FtsIndex() {
  try {
    db_ = std::make_unique<SQLite::Database>(":memory:",
                                             SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db_->exec("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='trigram')");
    insert_ =
        std::make_unique<SQLite::Statement>(*db_, "INSERT INTO docs(rowid, body) VALUES (?, ?)");
    search_ = std::make_unique<SQLite::Statement>(
        *db_, "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?");
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("FTS5 index: ") + e.what());
  }
}

FtsIndex::~FtsIndex() = default;

void FtsIndex::Add(std::int64_t doc, const std::string& text) {
  try {
    insert_->reset();
    insert_->bind(1, static_cast<int64_t>(doc));
    insert_->bind(2, text);
    insert_->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("FTS5 insert: ") + e.what());
  }
}

std::vector<std::int64_t> FtsIndex::Search(const std::string& query, size_t k) {
  std::vector<std::int64_t> out;
  const std::string q = TrigramQuery(query);
  if (q.empty()) return out;
  try {
    search_->reset();
    search_->bind(1, q);
    search_->bind(2, static_cast<int64_t>(k));
    while (search_->executeStep()) out.push_back(search_->getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("FTS5 search: ") + e.what());
  }
  return out;
}

}  // namespace beian
