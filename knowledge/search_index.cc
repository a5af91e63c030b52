#include "knowledge/search_index.h"

#include <algorithm>
#include <cmath>

#include "knowledge/normalizer.h"

namespace beian {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kUnigramWeight = 0.25;
// How the two signals blend: the best single phrasing counts a little more
// than the whole entry's evidence.
constexpr double kTextShare = 0.55;
constexpr size_t kCandidatePool = 40;

constexpr TermId kUnigramTag = TermId{1} << 62;
constexpr TermId kBigramTag = TermId{2} << 62;
constexpr TermId kWordTag = TermId{3} << 62;
constexpr TermId kTagMask = TermId{3} << 62;

TermId WordTerm(std::u32string_view word) {
  TermId h = 1469598103934665603ull;  // FNV-1a
  for (char32_t c : word) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return kWordTag | (h & ~kTagMask);
}

}  // namespace

TermType TypeOf(TermId term) {
  switch (term & kTagMask) {
    case kUnigramTag: return TermType::kUnigram;
    case kBigramTag: return TermType::kBigram;
    default: return TermType::kWord;
  }
}

std::vector<TermId> ExtractTerms(std::u32string_view text) {
  std::vector<TermId> out;
  out.reserve(text.size() * 2);
  size_t i = 0;
  while (i < text.size()) {
    const char32_t c = text[i];
    if (c == Normalizer::kSeparator) {
      ++i;
      continue;
    }
    if (IsCjk(c)) {
      out.push_back(kUnigramTag | c);
      if (i + 1 < text.size() && IsCjk(text[i + 1])) {
        out.push_back(kBigramTag | (TermId{c} << 21) | text[i + 1]);
      }
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && text[j] != Normalizer::kSeparator && !IsCjk(text[j])) ++j;
    out.push_back(WordTerm(text.substr(i, j - i)));
    i = j;
  }
  return out;
}

void SearchIndex::AddText(std::uint32_t doc, std::u32string_view text, double weight,
                          bool short_text) {
  if (docs_.size() <= doc) docs_.resize(doc + 1);
  std::vector<TermId> terms = ExtractTerms(text);
  for (TermId t : terms) {
    auto& list = postings_[t];
    if (!list.empty() && list.back().doc == doc) {
      list.back().tf += static_cast<float>(weight);
    } else {
      list.push_back({doc, static_cast<float>(weight)});
    }
    docs_[doc].length += weight;
  }
  if (short_text && !terms.empty()) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    docs_[doc].texts.push_back({std::move(terms), 0});
  }
}

void SearchIndex::Finish() {
  const double n = static_cast<double>(docs_.size());
  double total = 0;
  for (const auto& d : docs_) total += d.length;
  avg_length_ = n > 0 && total > 0 ? total / n : 1;
  oov_idf_ = std::log(1 + (n + 0.5) / 0.5);
  for (const auto& [term, list] : postings_) {
    const double df = static_cast<double>(list.size());
    idf_[term] = std::log(1 + (n - df + 0.5) / (df + 0.5));
  }
  for (auto& d : docs_) {
    for (auto& t : d.texts) {
      t.mass = 0;
      for (TermId term : t.terms) t.mass += Weight(term);
    }
  }
}

double SearchIndex::Weight(TermId term) const {
  const auto it = idf_.find(term);
  const double idf = it == idf_.end() ? oov_idf_ : it->second;
  return TypeOf(term) == TermType::kUnigram ? kUnigramWeight * idf : idf;
}

std::vector<SearchIndex::Hit> SearchIndex::Search(std::u32string_view query, size_t k) const {
  std::vector<TermId> terms = ExtractTerms(query);
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  if (terms.empty() || docs_.empty()) return {};

  double query_mass = 0;
  std::vector<double> weights(terms.size());
  std::vector<double> bm25(docs_.size(), 0.0);
  std::vector<double> evidence(docs_.size(), 0.0);
  std::vector<std::uint32_t> touched;
  for (size_t i = 0; i < terms.size(); ++i) {
    const TermId t = terms[i];
    const double w = weights[i] = Weight(t);
    query_mass += w;
    const auto it = postings_.find(t);
    if (it == postings_.end()) continue;
    for (const Posting& p : it->second) {
      const double tf = p.tf;
      const double norm = kK1 * (1 - kB + kB * docs_[p.doc].length / avg_length_);
      if (bm25[p.doc] == 0) touched.push_back(p.doc);
      bm25[p.doc] += w * tf * (kK1 + 1) / (tf + norm);
      if (TypeOf(t) != TermType::kUnigram) evidence[p.doc] += w;
    }
  }

  // Only the best BM25 candidates are compared phrase by phrase: the Dice
  // walk is the costly part and a document far behind on BM25 never wins.
  std::vector<Hit> hits;
  hits.reserve(touched.size());
  for (std::uint32_t doc : touched) {
    Hit h;
    h.doc = doc;
    h.bm25 = std::min(1.0, bm25[doc] / query_mass);
    h.evidence = evidence[doc];
    hits.push_back(h);
  }
  const size_t pool = std::min(hits.size(), std::max(k, kCandidatePool));
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(pool), hits.end(),
                    [](const Hit& x, const Hit& y) {
                      if (x.bm25 != y.bm25) return x.bm25 > y.bm25;
                      return x.doc < y.doc;
                    });
  hits.resize(pool);
  for (Hit& h : hits) {
    for (const ShortText& st : docs_[h.doc].texts) {
      double overlap = 0;
      // Both sorted: a merge walk.
      auto a = terms.begin();
      auto b = st.terms.begin();
      while (a != terms.end() && b != st.terms.end()) {
        if (*a < *b) {
          ++a;
        } else if (*b < *a) {
          ++b;
        } else {
          overlap += weights[static_cast<size_t>(a - terms.begin())];
          ++a;
          ++b;
        }
      }
      h.best_text = std::max(h.best_text, 2 * overlap / (query_mass + st.mass));
    }
    h.score = kTextShare * h.best_text + (1 - kTextShare) * h.bm25;
  }
  const size_t keep = std::min(k, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(),
                    [](const Hit& x, const Hit& y) {
                      if (x.score != y.score) return x.score > y.score;
                      return x.doc < y.doc;
                    });
  hits.resize(keep);
  return hits;
}

}  // namespace beian
