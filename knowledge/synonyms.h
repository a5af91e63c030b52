#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/word_trie.h"

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
  // The same, reading only the variants whose canonical form `keep` accepts:
  // a variant refused hides no shorter one that starts inside it.
  std::u32string Apply(std::u32string_view text,
                       const std::function<bool(std::u32string_view canonical)>& keep) const;

  size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    std::u32string canonical;
    bool ascii_front;  // the variant starts with an ASCII letter or digit
    bool ascii_back;   // … or ends with one
    bool joins;        // a Latin word put in Chinese: it joins the Chinese beside it
  };
  WordTrie variants_;  // variant → its rule
  std::vector<Rule> rules_;
};

}  // namespace beian
