#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/word_set.h"

namespace beian {

// Rewrites words to one canonical form, longest variant first, so that
// "法人" and "法定代表人" (or "应急电话" and "应急联系方式") index and match
// as the same word. A canonical form may be empty: the variant is then
// dropped (chat filler such as "请问").
// Thread-safety: immutable after the Add calls; Apply may run concurrently.
class SynonymTable {
 public:
  // Both strings are already normalized (Normalizer::Normalize). An empty
  // variant is ignored; a variant added twice keeps the first canonical form.
  void Add(std::u32string variant, std::u32string canonical);

  std::u32string Apply(std::u32string_view text) const;

  size_t size() const { return count_; }

 private:
  struct Rule {
    std::u32string variant;
    std::u32string canonical;
  };
  // First code point → rules starting with it, longest variant first.
  std::unordered_map<char32_t, std::vector<Rule>> rules_;
  FirstChars first_;  // the characters a rule may start with
  size_t count_ = 0;
};

}  // namespace beian
