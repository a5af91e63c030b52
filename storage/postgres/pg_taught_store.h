#pragma once

#include "storage/taught_store.h"

namespace beian {

class PgDatabase;

// TaughtStore on PostgreSQL (tables `learned_aliases`, `learned_entries`,
// the `kb_generation` row of `meta`), as SqliteTaughtStore behaves: a
// teaching that adds something bumps the generation in the same
// transaction, so an instance that sees the new generation sees what was
// taught. Every call joins this thread's Transaction (reads included).
// Thread-safety: any thread. Every method throws StorageError.
class PgTaughtStore : public TaughtStore {
 public:
  explicit PgTaughtStore(PgDatabase& db) : db_(db) {}

  bool Teach(const std::string& entry_id, const std::string& alias, const std::string& staff,
             std::int64_t now) override;
  std::vector<std::pair<std::string, std::string>> LearnedAliases() override;
  bool AddEntry(const LearnedEntry& entry) override;
  std::vector<LearnedEntry> LearnedEntries() override;
  std::int64_t KbGeneration() override;
  bool Forget(const std::string& entry_id, const std::string& alias) override;
  std::int64_t RecordTeaching(const Teaching& t) override;
  std::vector<Teaching> Teachings(int limit) override;
  std::optional<Teaching> FindTeaching(std::int64_t id) override;
  bool MarkUndone(std::int64_t id) override;

 private:
  // Bumps kb_generation (inside the caller's transaction).
  void Bump();
  PgDatabase& db_;
};

}  // namespace beian
