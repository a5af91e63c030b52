#include "knowledge/word_set.h"

namespace beian {

WordSet::WordSet(const std::vector<std::u32string>& words) {
  for (const std::u32string& w : words) Add(w);
}

void WordSet::Add(const std::u32string& word) {
  if (word.empty()) return;
  const char32_t low = word.front() & 0xFFFF;
  first_[low >> 6] |= std::uint64_t{1} << (low & 63);
  by_first_[word.front()].push_back(word);
}

bool WordSet::ContainsAny(std::u32string_view text) const {
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t low = text[i] & 0xFFFF;
    if (((first_[low >> 6] >> (low & 63)) & 1) == 0) continue;
    const auto it = by_first_.find(text[i]);
    if (it == by_first_.end()) continue;
    for (const std::u32string& w : it->second) {
      if (text.substr(i, w.size()) == w) return true;
    }
  }
  return false;
}

}  // namespace beian
