#include "knowledge/synonyms.h"

namespace beian {
namespace {

bool AsciiWordChar(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'); }

}  // namespace

void SynonymTable::Add(std::u32string variant, std::u32string canonical) {
  if (variant.empty()) return;
  if (!variants_.Add(variant, static_cast<std::uint32_t>(rules_.size()))) return;
  rules_.push_back(
      {std::move(canonical), AsciiWordChar(variant.front()), AsciiWordChar(variant.back())});
}

std::u32string SynonymTable::Apply(std::u32string_view text) const {
  std::u32string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    // The longest variant starting here; an ASCII word matches whole words
    // only: "admin" is not in "administrator".
    size_t length = 0;
    const Rule* hit = nullptr;
    variants_.Each(text, i, [&](size_t n, std::uint32_t rule) {
      const Rule& r = rules_[rule];
      const size_t end = i + n;
      if ((r.ascii_front && i > 0 && AsciiWordChar(text[i - 1])) ||
          (r.ascii_back && end < text.size() && AsciiWordChar(text[end]))) {
        return false;
      }
      length = n;
      hit = &r;
      return false;
    });
    if (hit == nullptr) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    out += hit->canonical;
    i += length;
  }
  return out;
}

}  // namespace beian
