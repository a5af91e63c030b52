#include "knowledge/synonyms.h"

#include <algorithm>

namespace beian {
namespace {

bool AsciiWordChar(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'); }

}  // namespace

void SynonymTable::Add(std::u32string variant, std::u32string canonical) {
  if (variant.empty()) return;
  first_.Add(variant.front());
  auto& bucket = rules_[variant.front()];
  for (const Rule& r : bucket) {
    if (r.variant == variant) return;
  }
  bucket.push_back({std::move(variant), std::move(canonical)});
  std::stable_sort(bucket.begin(), bucket.end(), [](const Rule& a, const Rule& b) {
    return a.variant.size() > b.variant.size();
  });
  ++count_;
}

std::u32string SynonymTable::Apply(std::u32string_view text) const {
  std::u32string out;
  out.reserve(text.size() + 8);
  size_t i = 0;
  while (i < text.size()) {
    if (!first_.MayStart(text[i])) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    const auto it = rules_.find(text[i]);
    const Rule* hit = nullptr;
    if (it != rules_.end()) {
      for (const Rule& r : it->second) {
        if (text.substr(i, r.variant.size()) != r.variant) continue;
        // An ASCII word matches whole words only: "admin" is not in "administrator".
        const size_t end = i + r.variant.size();
        if ((AsciiWordChar(r.variant.front()) && i > 0 && AsciiWordChar(text[i - 1])) ||
            (AsciiWordChar(r.variant.back()) && end < text.size() && AsciiWordChar(text[end]))) {
          continue;
        }
        hit = &r;
        break;
      }
    }
    if (hit == nullptr) {
      out.push_back(text[i]);
      ++i;
      continue;
    }
    out += hit->canonical;
    i += hit->variant.size();
  }
  return out;
}

}  // namespace beian
