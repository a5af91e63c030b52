#include "knowledge/word_set.h"

namespace beian {

WordSet::WordSet(const std::vector<std::u32string>& words) {
  for (const std::u32string& w : words) Add(w);
}

void WordSet::Add(const std::u32string& word) {
  if (word.empty()) return;
  first_.Add(word.front());
  by_first_[word.front()].push_back(word);
}

bool WordSet::ContainsAny(std::u32string_view text) const {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!first_.MayStart(text[i])) continue;
    const auto it = by_first_.find(text[i]);
    if (it == by_first_.end()) continue;
    for (const std::u32string& w : it->second) {
      if (text.substr(i, w.size()) == w) return true;
    }
  }
  return false;
}

}  // namespace beian
