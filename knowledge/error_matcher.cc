#include "knowledge/error_matcher.h"

#include <algorithm>
#include <unordered_set>

namespace beian {
namespace {

std::uint64_t Bigram(char32_t a, char32_t b) { return (std::uint64_t{a} << 32) | b; }

std::vector<std::uint64_t> LiteralBigrams(std::u32string_view s) {
  std::vector<std::uint64_t> out;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == ErrorMatcher::kWildcard || s[i + 1] == ErrorMatcher::kWildcard) continue;
    out.push_back(Bigram(s[i], s[i + 1]));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct Alignment {
  size_t cost;
  size_t begin;
  size_t end;
};

// Best approximate occurrence of `p` anywhere in `t` (semi-global edit
// distance), one column of the DP matrix at a time, with Ukkonen's cut-off:
// only costs up to `max_edits` matter, so each column stops at the first row
// below which every cost must exceed it. Returns a cost of max_edits + 1 when
// nothing is close enough.
Alignment Align(std::u32string_view p, std::u32string_view t, size_t max_edits) {
  const size_t m = p.size();
  const size_t inf = max_edits + 1;
  // Per-thread columns: no allocation per call once they have grown. Rows
  // past `computed` hold stale values and are read as `inf`.
  thread_local std::vector<size_t> cost, next, start, next_start;
  if (cost.size() < m + 1) {
    cost.resize(m + 1);
    next.resize(m + 1);
    start.resize(m + 1);
    next_start.resize(m + 1);
  }
  // Before any text: every literal pattern character is missing.
  cost[0] = 0;
  start[0] = 0;
  size_t computed = 0;
  for (size_t j = 1; j <= m; ++j) {
    const size_t c = cost[j - 1] + (p[j - 1] == ErrorMatcher::kWildcard ? 0 : 1);
    if (c >= inf) break;
    cost[j] = c;
    start[j] = 0;
    computed = j;
  }
  Alignment best{inf, 0, 0};
  if (computed == m) best = {cost[m], 0, 0};

  for (size_t i = 0; i < t.size(); ++i) {
    auto prev = [&](size_t j) { return j <= computed ? cost[j] : inf; };
    next[0] = 0;
    next_start[0] = i + 1;
    size_t last = 0;
    for (size_t j = 1; j <= m; ++j) {
      size_t c;
      size_t s;
      if (p[j - 1] == ErrorMatcher::kWildcard) {
        // The wildcard swallows t[i], or matches nothing.
        if (prev(j) <= next[j - 1]) {
          c = prev(j);
          s = j <= computed ? start[j] : 0;
        } else {
          c = next[j - 1];
          s = next_start[j - 1];
        }
      } else {
        c = prev(j - 1) + (p[j - 1] == t[i] ? 0 : 1);
        s = j - 1 == 0 ? i : start[j - 1];  // row 0: the match starts at t[i]
        if (prev(j) + 1 < c) {              // t[i] is an extra character
          c = prev(j) + 1;
          s = start[j];
        }
        if (next[j - 1] + 1 < c) {  // p[j-1] is missing from the text
          c = next[j - 1] + 1;
          s = next_start[j - 1];
        }
      }
      next[j] = std::min(c, inf);
      next_start[j] = s;
      last = j;
      // Every row below is out of reach too: the previous column is `inf`
      // there and so is this one from here down.
      if (next[j] >= inf && j > computed) break;
    }
    std::swap(cost, next);
    std::swap(start, next_start);
    computed = last;
    if (computed == m && cost[m] < best.cost) best = {cost[m], start[m], i + 1};
  }
  return best;
}

}  // namespace

void ErrorMatcher::Add(std::uint32_t owner, std::u32string_view pattern, bool partial) {
  // Leading and trailing wildcards add nothing to a substring search.
  while (!pattern.empty() && pattern.front() == kWildcard) pattern.remove_prefix(1);
  while (!pattern.empty() && pattern.back() == kWildcard) pattern.remove_suffix(1);
  const size_t literal = static_cast<size_t>(
      std::count_if(pattern.begin(), pattern.end(), [](char32_t c) { return c != kWildcard; }));
  if (literal < kMinLiteral) return;
  for (const Pattern& p : patterns_) {
    if (p.owner == owner && p.text == pattern) return;
  }
  const auto bigrams = LiteralBigrams(pattern);
  const auto id = static_cast<std::uint32_t>(patterns_.size());
  // q-gram lemma: each edit destroys at most two bigrams, so a text within
  // the allowed edits still shares this many of the pattern's bigrams.
  const auto max_edits = static_cast<size_t>((1.0 - (partial ? kMinPartial : kMinWhole)) *
                                             static_cast<double>(literal));
  const size_t lost = 2 * max_edits;
  const auto min_shared =
      static_cast<std::uint32_t>(bigrams.size() > lost ? bigrams.size() - lost : 1);
  patterns_.push_back({owner, std::u32string(pattern), literal, min_shared, partial});
  for (std::uint64_t b : bigrams) by_bigram_[b].push_back(id);
}

std::vector<ErrorMatcher::Hit> ErrorMatcher::Find(std::u32string_view text) const {
  std::vector<Hit> hits;
  if (text.size() < kMinLiteral - 1) return hits;
  // Count the bigrams each pattern shares with the text (per-thread scratch).
  thread_local std::vector<std::uint32_t> shared;
  thread_local std::vector<std::uint32_t> touched;
  if (shared.size() < patterns_.size()) shared.assign(patterns_.size(), 0);
  for (std::uint64_t b : LiteralBigrams(text)) {
    const auto it = by_bigram_.find(b);
    if (it == by_bigram_.end()) continue;
    for (std::uint32_t id : it->second) {
      if (shared[id]++ == 0) touched.push_back(id);
    }
  }
  std::vector<std::uint32_t> candidates;
  for (std::uint32_t id : touched) {
    if (shared[id] >= patterns_[id].min_shared) candidates.push_back(id);
    shared[id] = 0;
  }
  touched.clear();
  for (std::uint32_t id : candidates) {
    const Pattern& p = patterns_[id];
    const double min = p.partial ? kMinPartial : kMinWhole;
    const auto max_edits = static_cast<size_t>((1.0 - min) * static_cast<double>(p.literal) + 1e-9);
    const Alignment a = Align(p.text, text, max_edits);
    const double similarity = 1.0 - static_cast<double>(a.cost) / static_cast<double>(p.literal);
    if (similarity < (p.partial ? kMinPartial : kMinWhole)) continue;
    hits.push_back({p.owner, similarity, static_cast<std::uint32_t>(a.begin),
                    static_cast<std::uint32_t>(a.end), p.partial});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    if (a.partial != b.partial) return !a.partial;
    if (a.owner != b.owner) return a.owner < b.owner;
    return a.begin < b.begin;
  });
  return hits;
}

}  // namespace beian
