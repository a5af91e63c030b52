#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace beian {

// The characters that start some word of a table, one bit per code point
// modulo 2^16: most characters of a text start none, and this answers them
// without a hash lookup (a collision only costs the lookup).
class FirstChars {
 public:
  void Add(char32_t c) {
    const char32_t low = c & 0xFFFF;
    bits_[low >> 6] |= std::uint64_t{1} << (low & 63);
  }
  bool MayStart(char32_t c) const {
    const char32_t low = c & 0xFFFF;
    return ((bits_[low >> 6] >> (low & 63)) & 1) != 0;
  }

 private:
  std::vector<std::uint64_t> bits_ = std::vector<std::uint64_t>(0x10000 / 64, 0);
};

// A set of words a text is scanned for in one pass: the words grouped by
// their first character behind FirstChars, so that most positions cost one
// bit test (as in SynonymTable).
// Thread-safety: immutable after the Add calls; ContainsAny may run
// concurrently.
class WordSet {
 public:
  WordSet() = default;
  explicit WordSet(const std::vector<std::u32string>& words);
  void Add(const std::u32string& word);  // an empty word is ignored

  // Whether some word occurs in `text`.
  bool ContainsAny(std::u32string_view text) const;
  bool empty() const { return by_first_.empty(); }

 private:
  std::unordered_map<char32_t, std::vector<std::u32string>> by_first_;
  FirstChars first_;
};

}  // namespace beian
