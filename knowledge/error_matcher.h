#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace beian {

// Finds the platform's error messages inside pasted text, even with a real
// value where the template says XX, extra words around them, brackets and
// punctuation missing, or a typo or two.
//
// Patterns are compact text (normalized, synonyms applied, separators
// removed) in which kWildcard stands for the template's variable part
// ("该主体已在XX完成备案" → "该主体已在*完成备案"). Matching is an approximate
// substring search (Sellers' edit-distance algorithm) in which a wildcard
// absorbs any run of characters at no cost.
// Thread-safety: build with Add on one thread; Find is const and may then run
// concurrently (its scratch space is per thread).
class ErrorMatcher {
 public:
  static constexpr char32_t kWildcard = U'\uE000';

  struct Hit {
    std::uint32_t owner = 0;  // what Add was given
    double similarity = 0;    // 1 − edits / literal characters of the pattern
    std::uint32_t begin = 0;  // span in the compact text, [begin, end)
    std::uint32_t end = 0;
    bool partial = false;  // matched one clause of a longer message
  };

  // Adds a pattern. `partial` marks one clause of a longer message: it needs
  // a higher similarity and ranks below a whole-message hit. Patterns with
  // fewer than kMinLiteral literal characters are ignored.
  void Add(std::uint32_t owner, std::u32string_view pattern, bool partial);

  // Every pattern found in `text` (compact form) with at least the required
  // similarity, one hit per pattern, best first.
  std::vector<Hit> Find(std::u32string_view text) const;

  static constexpr size_t kMinLiteral = 5;
  static constexpr double kMinWhole = 0.8;
  static constexpr double kMinPartial = 0.86;

 private:
  struct Pattern {
    std::uint32_t owner;
    std::u32string text;
    size_t literal;            // characters other than kWildcard
    size_t max_edits;          // the edits the required similarity allows
    std::uint32_t min_shared;  // bigrams a text must share before it is aligned
    bool partial;
  };

  std::vector<Pattern> patterns_;
  // Literal bigram → patterns holding it: a pattern is aligned only when the
  // text shares enough of its bigrams to be within the allowed edits.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_bigram_;
};

}  // namespace beian
