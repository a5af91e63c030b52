#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "storage/taught_store.h"

namespace beian {

class Database;

// What staff taught (tables `learned_aliases`, `learned_entries`, and the
// `kb_generation` counter in `meta`): phrasings added to existing entries
// and whole entries staff wrote. Every teaching that adds something bumps
// the generation; running processes reload their knowledge base when it
// moves (LiveKnowledge).
// Thread-safety: safe from any thread. Every method throws StorageError;
// every write joins the caller's Database::Transaction when there is one.
class SqliteTaughtStore final : public TaughtStore {
 public:
  explicit SqliteTaughtStore(Database& db) : db_(db) {}

  // Adds `alias` to the entry `entry_id`; false when it was already there.
  bool Teach(const std::string& entry_id, const std::string& alias, const std::string& staff,
             std::int64_t now) override;
  std::vector<std::pair<std::string, std::string>> LearnedAliases() override;  // (entry id, alias)
  // A new entry staff wrote; false when the id is taken.
  bool AddEntry(const LearnedEntry& entry) override;
  std::vector<LearnedEntry> LearnedEntries() override;  // oldest first
  std::int64_t KbGeneration() override;
  bool Forget(const std::string& entry_id, const std::string& alias) override;
  std::int64_t RecordTeaching(const Teaching& t) override;
  std::vector<Teaching> Teachings(int limit) override;
  std::optional<Teaching> FindTeaching(std::int64_t id) override;
  bool MarkUndone(std::int64_t id) override;

 private:
  Database& db_;
};

}  // namespace beian
