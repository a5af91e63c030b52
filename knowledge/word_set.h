#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "knowledge/word_trie.h"

namespace beian {

// A set of words a text is scanned for in one pass (a trie: one probe per
// position where no word starts).
// Thread-safety: immutable after the Add calls; ContainsAny may run
// concurrently.
class WordSet {
 public:
  WordSet() = default;
  explicit WordSet(const std::vector<std::u32string>& words);
  void Add(const std::u32string& word);  // an empty word is ignored

  // Whether some word occurs in `text`.
  bool ContainsAny(std::u32string_view text) const;
  bool empty() const { return words_.empty(); }

 private:
  WordTrie words_;
};

}  // namespace beian
