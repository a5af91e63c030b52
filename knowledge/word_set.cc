#include "knowledge/word_set.h"

namespace beian {

WordSet::WordSet(const std::vector<std::u32string>& words) {
  for (const std::u32string& w : words) Add(w);
}

void WordSet::Add(const std::u32string& word) { words_.Add(word, 0); }

bool WordSet::ContainsAny(std::u32string_view text) const {
  for (size_t i = 0; i < text.size(); ++i) {
    if (words_.Each(text, i, [](size_t, std::uint32_t) { return true; })) return true;
  }
  return false;
}

}  // namespace beian
