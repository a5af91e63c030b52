#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/error_matcher.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/normalizer.h"
#include "knowledge/search_index.h"
#include "knowledge/synonyms.h"

namespace beian {

// How a match was found.
enum class MatchVia {
  kErrorText,  // the platform's error message was recognised in the text
  kSearch,     // ranked retrieval over titles, aliases and explanations
};

struct Match {
  const Entry* entry = nullptr;  // lives as long as the Matcher's knowledge base
  double score = 0;              // ≥ 1 for a recognised error text, else 0..1
  MatchVia via = MatchVia::kSearch;
};

// The answer to one message.
//   answered   the message is about the filing and matches[0] answers it
//   ambiguous  answered, but matches[0] and matches[1] are too close to pick
//              one: ask the user which they mean
//   errors     how many distinct error messages were recognised (they are
//              the first `errors` matches)
struct MatchResult {
  bool answered = false;
  bool ambiguous = false;
  size_t errors = 0;
  std::vector<Match> matches;  // best first, at most `top`
};

// Answers messages from a knowledge base: recognises pasted error messages
// (several per message), otherwise ranks entries by retrieval, and decides
// whether the best one is good enough to answer.
// Thread-safety: immutable after construction; Match may run concurrently.
class Matcher {
 public:
  // Builds the indexes. Throws NormalizerError when OpenCC data is missing.
  explicit Matcher(std::shared_ptr<const KnowledgeBase> kb);

  MatchResult Match(std::string_view text, size_t top = 5) const;

  const KnowledgeBase& kb() const { return *kb_; }

  // Normalized, synonym-rewritten form of `text`, separators kept, filler
  // dropped: what retrieval sees. For tests and debugging.
  std::u32string SearchForm(std::string_view text) const;

  // Score at which a retrieval match counts as an answer, and the share of
  // the top score within which the runner-up makes the result ambiguous.
  static constexpr double kAnswerThreshold = 0.33;
  static constexpr double kAmbiguityRatio = 0.9;

 private:
  std::u32string Canonical(std::string_view text) const;  // normalized + synonyms
  std::u32string Compact(std::u32string_view canonical) const;
  std::u32string DropFiller(std::u32string_view canonical) const;

  std::shared_ptr<const KnowledgeBase> kb_;
  Normalizer normalizer_;
  SynonymTable synonyms_;
  SynonymTable filler_;
  ErrorMatcher errors_;
  SearchIndex index_;
};

}  // namespace beian
