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

// One cell of the DP matrix in one word: the cost of the best alignment of a
// pattern prefix ending here (high half), and where in the text it starts,
// stored as kLatest − start (low half). The smaller word is the better cell:
// lower cost first, then the later start (the tighter span). So each cell is
// three additions and a minimum, with no branch that depends on the text.
using Cell = std::uint64_t;
constexpr std::uint32_t kLatest = UINT32_MAX;
constexpr Cell kOneEdit = Cell{1} << 32;

Cell MakeCell(std::uint32_t cost, size_t start) {
  return (Cell{cost} << 32) | (kLatest - static_cast<std::uint32_t>(start));
}
std::uint32_t CostOf(Cell c) { return static_cast<std::uint32_t>(c >> 32); }
size_t StartOf(Cell c) { return kLatest - static_cast<std::uint32_t>(c); }

// Best approximate occurrence of `p` anywhere in `t` (semi-global edit
// distance), one column of the DP matrix at a time, with Ukkonen's cut-off:
// only costs up to `max_edits` matter, so each column stops at the first row
// below which every cost must exceed it. Returns a cost of max_edits + 1 when
// nothing is close enough.
Alignment Align(std::u32string_view p, std::u32string_view t, size_t max_edits) {
  const size_t m = p.size();
  const auto inf = static_cast<std::uint32_t>(max_edits + 1);
  const Cell out_of_reach = MakeCell(inf, 0);
  // Per row: the cost of a text character the pattern does not hold there
  // (none for a wildcard, which swallows it), and of taking the diagonal
  // (only a literal can: a wildcard matches nothing or swallows t[i]).
  thread_local std::vector<Cell> column, next, step, diagonal_bar;
  if (column.size() < m + 1) {
    column.resize(m + 1);
    next.resize(m + 1);
    step.resize(m + 1);
    diagonal_bar.resize(m + 1);
  }
  for (size_t j = 1; j <= m; ++j) {
    const bool wildcard = p[j - 1] == ErrorMatcher::kWildcard;
    step[j] = wildcard ? 0 : kOneEdit;
    diagonal_bar[j] = wildcard ? Cell{inf} << 32 : 0;
  }
  // Before any text: every literal pattern character is missing.
  column[0] = MakeCell(0, 0);
  size_t computed = 0;
  for (size_t j = 1; j <= m; ++j) {
    const Cell c = column[j - 1] + step[j];
    if (CostOf(c) >= inf) break;
    column[j] = c;
    computed = j;
  }
  Alignment best{inf, 0, 0};
  if (computed == m) best = {CostOf(column[m]), 0, 0};

  for (size_t i = 0; i < t.size(); ++i) {
    const char32_t ti = t[i];
    next[0] = MakeCell(0, i + 1);  // a match may start after t[i]
    Cell diagonal = column[0];     // previous column, row j − 1
    Cell above = next[0];          // this column, row j − 1
    size_t last = m;
    for (size_t j = 1; j <= m; ++j) {
      const Cell left = j <= computed ? column[j] : out_of_reach;  // previous column, row j
      const Cell match = diagonal + diagonal_bar[j] + (p[j - 1] == ti ? 0 : kOneEdit);
      const Cell c = std::min({match, left + step[j], above + step[j], out_of_reach});
      next[j] = c;
      diagonal = left;
      above = c;
      // Every row below is out of reach too: the previous column is out of
      // reach there and so is this one from here down.
      if (CostOf(c) >= inf && j > computed) {
        last = j;
        break;
      }
    }
    std::swap(column, next);
    computed = last;
    if (computed == m && CostOf(column[m]) < best.cost) {
      best = {CostOf(column[m]), StartOf(column[m]), i + 1};
    }
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
  // The edits the required similarity allows (the epsilon keeps 0.2 × 5 at 1).
  const auto max_edits = static_cast<size_t>(
      (1.0 - (partial ? kMinPartial : kMinWhole)) * static_cast<double>(literal) + 1e-9);
  // q-gram lemma: each edit destroys at most two bigrams, so a text within
  // the allowed edits still shares this many of the pattern's bigrams.
  const size_t lost = 2 * max_edits;
  const auto min_shared =
      static_cast<std::uint32_t>(bigrams.size() > lost ? bigrams.size() - lost : 1);
  patterns_.push_back({owner, std::u32string(pattern), literal, max_edits, min_shared, partial});
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
    const Alignment a = Align(p.text, text, p.max_edits);
    if (a.cost > p.max_edits) continue;
    const double similarity = 1.0 - static_cast<double>(a.cost) / static_cast<double>(p.literal);
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
