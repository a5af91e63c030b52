#include "knowledge/synonyms.h"

#include "knowledge/normalizer.h"

namespace beian {
namespace {

bool AsciiWordChar(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'); }

// Whether s[space] is a separator and s[beyond], the character on its far
// side, Chinese.
bool SpaceBeforeChinese(std::u32string_view s, size_t space, size_t beyond) {
  return space < s.size() && s[space] == Normalizer::kSeparator && beyond < s.size() &&
         IsCjk(s[beyond]);
}

}  // namespace

void SynonymTable::Add(std::u32string variant, std::u32string canonical) {
  if (variant.empty()) return;
  if (!variants_.Add(variant, static_cast<std::uint32_t>(rules_.size()))) return;
  const bool joins = AsciiWordChar(variant.front()) && AsciiWordChar(variant.back()) &&
                     !canonical.empty() && IsCjk(canonical.front()) && IsCjk(canonical.back());
  rules_.push_back(
      {std::move(canonical), AsciiWordChar(variant.front()), AsciiWordChar(variant.back()), joins});
}

std::u32string SynonymTable::Apply(std::u32string_view text) const { return Apply(text, nullptr); }

std::u32string SynonymTable::Apply(
    std::u32string_view text,
    const std::function<bool(std::u32string_view canonical)>& keep) const {
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
      if (keep && !keep(r.canonical)) return false;
      length = n;
      hit = &r;
      return false;
    });
    if (hit == nullptr) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    // A Latin word put in Chinese joins the Chinese beside it: the spaces
    // were there only for the Latin word ("主体 fzr 的 name" → 主体负责人的姓名).
    if (hit->joins && out.size() >= 2 && SpaceBeforeChinese(out, out.size() - 1, out.size() - 2))
      out.pop_back();
    out += hit->canonical;
    i += length;
    if (hit->joins && SpaceBeforeChinese(text, i, i + 1)) ++i;
  }
  return out;
}

}  // namespace beian
