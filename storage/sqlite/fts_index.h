#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace beian {

// An in-memory SQLite FTS5 index with tokenize='trigram': what a team would
// build instead of the knowledge matcher. `bench lookup` times it on the same
// texts and queries for comparison.
// Thread-safety: none; use from one thread.
class FtsIndex {
 public:
  // Throws StorageError when SQLite lacks FTS5.
  FtsIndex();
  ~FtsIndex();
  FtsIndex(const FtsIndex&) = delete;
  FtsIndex& operator=(const FtsIndex&) = delete;

  // Adds a document; `doc` is returned by Search. Throws StorageError.
  void Add(std::int64_t doc, const std::string& text);

  // The best `k` documents by FTS5's bm25 for any trigram of `query` (an OR
  // of its trigrams; queries shorter than three characters find nothing).
  std::vector<std::int64_t> Search(const std::string& query, size_t k);

 private:
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Statement> insert_;
  std::unique_ptr<SQLite::Statement> search_;
};

}  // namespace beian
