#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace beian {

// A set of words a text is scanned for in one pass: the words grouped by
// their first character, and a bitmap of the characters that start one, so
// that most positions cost one bit test (as in SynonymTable).
// Thread-safety: immutable after the Add calls; ContainsAny may run
// concurrently.
class WordSet {
 public:
  WordSet() = default;
  explicit WordSet(const std::vector<std::u32string>& words);
  void Add(const std::u32string& word);  // an empty word is ignored

  // Whether some word occurs in `text`.
  bool ContainsAny(std::u32string_view text) const;

 private:
  std::unordered_map<char32_t, std::vector<std::u32string>> by_first_;
  // One bit per code point modulo 2^16.
  std::vector<std::uint64_t> first_ = std::vector<std::uint64_t>(0x10000 / 64, 0);
};

}  // namespace beian
