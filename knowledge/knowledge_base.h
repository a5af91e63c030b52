#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/entry.h"

namespace beian {

// A group of words that mean the same thing in this domain (synonyms.json).
struct SynonymGroup {
  std::string canonical;
  std::vector<std::string> variants;
};

// One thing wrong with a knowledge-base folder: which file, which entry
// (empty when the problem is with the file itself) and what.
struct LoadProblem {
  std::string file;
  std::string entry_id;
  std::string message;

  std::string ToString() const;  // "host.json: entry 'field.host.name': missing 'title'"
};

// Thrown by LoadKnowledgeBase; what() lists every problem, one per line.
class KnowledgeBaseError : public std::runtime_error {
 public:
  explicit KnowledgeBaseError(std::vector<LoadProblem> problems);
  const std::vector<LoadProblem>& problems() const { return problems_; }

 private:
  std::vector<LoadProblem> problems_;
};

// The validated knowledge base: entries in file order (files sorted by name),
// synonym groups and filler phrases. Immutable; share it as
// std::shared_ptr<const KnowledgeBase> and swap it whole on reload.
class KnowledgeBase {
 public:
  KnowledgeBase(std::vector<Entry> entries, std::vector<SynonymGroup> synonyms,
                std::vector<std::string> filler);

  const std::vector<Entry>& entries() const { return entries_; }
  const std::vector<SynonymGroup>& synonyms() const { return synonyms_; }
  const std::vector<std::string>& filler() const { return filler_; }

  // Returns nullptr when no entry has this id. The pointer lives as long as
  // this object.
  const Entry* Find(std::string_view id) const;

 private:
  std::vector<Entry> entries_;
  std::vector<SynonymGroup> synonyms_;
  std::vector<std::string> filler_;
  std::unordered_map<std::string_view, size_t> by_id_;
};

struct ReadResult {
  std::optional<KnowledgeBase> kb;  // set when problems is empty
  std::vector<LoadProblem> problems;
};

// Reads and validates every *.json file of `dir` (format: docs/kb-format.md):
// JSON syntax, required keys and their types, unique ids, id prefix = kind,
// every catalogue id present, related ids exist, alias counts. Collects all
// problems instead of stopping at the first. Never throws for bad content.
ReadResult ReadKnowledgeBase(const std::filesystem::path& dir);

// Same, but throws KnowledgeBaseError when anything is wrong.
KnowledgeBase LoadKnowledgeBase(const std::filesystem::path& dir);

}  // namespace beian
