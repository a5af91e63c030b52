#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace beian {

// A knowledge-base entry staff wrote, kept as its knowledge-base JSON.
struct LearnedEntry {
  std::string id;       // faq.…
  std::string json;     // the entry in the format of knowledge/data/*.json
  std::string item_id;  // the triage item it answered, may be empty
  std::string staff;
  std::int64_t at = 0;
};

// Phrasings staff taught an entry in one step (from one triage item), kept
// so that the step can be listed and undone.
struct Teaching {
  std::int64_t id = 0;
  std::string item_id, entry_id, staff;
  std::int64_t at = 0;
  std::vector<std::string> phrasings;  // the aliases it added
  bool undone = false;
};

// What staff taught (tables `learned_aliases`, `learned_entries`,
// `teachings`, and the
// `kb_generation` counter in `meta`): phrasings added to existing entries
// and whole entries staff wrote. Every teaching that adds something bumps
// the generation; running processes reload their knowledge base when it
// moves (LiveKnowledge).
// Thread-safety: any thread. Every method throws StorageError;
// every write joins the caller's Transaction when there is one.
class TaughtStore {
 public:
  virtual ~TaughtStore() = default;

  // Adds `alias` to the entry `entry_id`; false when it was already there.
  virtual bool Teach(const std::string& entry_id, const std::string& alias,
                     const std::string& staff, std::int64_t now) = 0;
  virtual std::vector<std::pair<std::string, std::string>>
  LearnedAliases() = 0;  // (entry id, alias)
  // A new entry staff wrote; false when the id is taken.
  virtual bool AddEntry(const LearnedEntry& entry) = 0;
  virtual std::vector<LearnedEntry> LearnedEntries() = 0;  // oldest first
  virtual std::int64_t KbGeneration() = 0;

  // Removes `alias` from `entry_id`; false when it was not there.
  virtual bool Forget(const std::string& entry_id, const std::string& alias) = 0;
  // Records a teaching (its id is ignored); returns the id it gets.
  virtual std::int64_t RecordTeaching(const Teaching& t) = 0;
  virtual std::vector<Teaching> Teachings(int limit) = 0;  // newest first
  virtual std::optional<Teaching> FindTeaching(std::int64_t id) = 0;
  // Marks a teaching undone; false when it was undone already (or is unknown).
  virtual bool MarkUndone(std::int64_t id) = 0;
};

}  // namespace beian
