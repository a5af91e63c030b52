#include "knowledge/search_index.h"

#include <sys/mman.h>

#include <algorithm>
#include <cmath>

#include "knowledge/normalizer.h"
#include "knowledge/slot_hash.h"

namespace beian {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kUnigramWeight = 0.25;
// How the two signals blend: the best single phrasing counts a little more
// than the whole entry's evidence.
constexpr double kTextShare = 0.55;
// A term in more than this share of the documents is not walked: it says
// little about which document is meant. Unigrams weigh a quarter as much,
// so a lower share already makes them negligible.
constexpr double kCommonShare = 0.5;
constexpr double kCommonUnigramShare = 0.5;

// A term of the query's focus (the sentences that ask) weighs this many
// times as much as one only in the background around them.
constexpr float kFocusWeight = 3.0f;

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

void SortUnique(std::vector<TermId>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Memory straight from the system for the lists built by AddText: handed
// back whole by Finish, never mixed with pages of what lives on.
class PageResource : public std::pmr::memory_resource {
  void* do_allocate(size_t bytes, size_t) override {
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    return p;
  }
  void do_deallocate(void* p, size_t bytes, size_t) override { munmap(p, bytes); }
  bool do_is_equal(const memory_resource& other) const noexcept override { return this == &other; }
};

// Per-thread accumulators, sized to the largest index seen, so that a query
// allocates nothing proportional to the number of documents. A slot belongs
// to the current query when its stamp equals the query's.
struct DocSlot {
  float bm25;
  float evidence;
  float best_text;
  std::uint32_t stamp;
};
struct TextSlot {
  float overlap;
  std::uint32_t stamp;
};
struct Scratch {
  std::vector<DocSlot> docs;
  std::vector<TextSlot> texts;
  // The documents and texts the query touched: the first n of each list.
  std::vector<std::uint32_t> doc_list, text_list;
  size_t n_docs = 0, n_texts = 0;
  std::uint32_t stamp = 0;
  void Begin(size_t doc_count, size_t text_count) {
    if (docs.size() < doc_count) {
      docs.assign(doc_count, DocSlot{0, 0, 0, 0});
      doc_list.resize(doc_count);
    }
    if (texts.size() < text_count) {
      texts.assign(text_count, TextSlot{0, 0});
      text_list.resize(text_count);
    }
    if (++stamp == 0) {  // wrapped: forget every old stamp
      for (auto& d : docs) d.stamp = 0;
      for (auto& t : texts) t.stamp = 0;
      stamp = 1;
    }
    n_docs = 0;
    n_texts = 0;
  }
  // Adds a term's postings (weighed `w`, `evidence` a document) and its short
  // texts. Local copies of the pointers let the loops keep them in registers.
  template <typename Posting>
  void Add(std::span<const Posting> postings, std::span<const std::uint32_t> term_texts, float w,
           float evidence) {
    DocSlot* const slots = docs.data();
    std::uint32_t* const seen = doc_list.data();
    const std::uint32_t now = stamp;
    size_t n = n_docs;
    for (const auto& p : postings) {
      DocSlot& d = slots[p.doc];
      if (d.stamp != now) {
        d = DocSlot{0, 0, 0, now};
        seen[n++] = p.doc;
      }
      d.bm25 += w * p.value;
      d.evidence += evidence;
    }
    n_docs = n;
    TextSlot* const text_slots = texts.data();
    std::uint32_t* const seen_texts = text_list.data();
    size_t k = n_texts;
    for (std::uint32_t text : term_texts) {
      TextSlot& x = text_slots[text];
      if (x.stamp != now) {
        x = TextSlot{0, now};
        seen_texts[k++] = text;
      }
      x.overlap += w;
    }
    n_texts = k;
  }
};

}  // namespace

TermType TypeOf(TermId term) {
  switch (term & kTagMask) {
    case kUnigramTag:
      return TermType::kUnigram;
    case kBigramTag:
      return TermType::kBigram;
    default:
      return TermType::kWord;
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
  if (doc_length_.size() <= doc) doc_length_.resize(doc + 1, 0);
  std::vector<TermId> terms = ExtractTerms(text);
  for (TermId t : terms) {
    auto& list = BuildTerm(t).docs;
    if (!list.empty() && list.back().doc == doc) {
      list.back().value += static_cast<float>(weight);
    } else {
      list.push_back({doc, static_cast<float>(weight)});
    }
    doc_length_[doc] += weight;
  }
  if (short_text && !terms.empty()) {
    SortUnique(terms);
    const auto id = static_cast<std::uint32_t>(text_doc_.size());
    for (TermId t : terms) {
      if (TypeOf(t) != TermType::kUnigram) BuildTerm(t).texts.push_back(id);
    }
    text_doc_.push_back(doc);
    pending_texts_.push_back(std::move(terms));
  }
}

std::unique_ptr<std::pmr::monotonic_buffer_resource> SearchIndex::NewBuildMemory() {
  static PageResource pages;
  return std::make_unique<std::pmr::monotonic_buffer_resource>(size_t{1} << 16, &pages);
}

SearchIndex::Term& SearchIndex::BuildTerm(TermId id) {
  if (2 * (terms_.size() + 1) > build_slots_.size()) {
    build_slots_.assign(std::max<size_t>(64, 2 * build_slots_.size()), 0);
    const size_t mask = build_slots_.size() - 1;
    for (size_t i = 0; i < terms_.size(); ++i) {
      size_t s = SlotOf(terms_[i].id, mask);
      while (build_slots_[s] != 0) s = (s + 1) & mask;
      build_slots_[s] = static_cast<std::uint32_t>(i + 1);
    }
  }
  const size_t mask = build_slots_.size() - 1;
  size_t s = SlotOf(id, mask);
  for (; build_slots_[s] != 0; s = (s + 1) & mask) {
    if (terms_[build_slots_[s] - 1].id == id) return terms_[build_slots_[s] - 1];
  }
  build_slots_[s] = static_cast<std::uint32_t>(terms_.size() + 1);
  return terms_.emplace_back(id, build_memory_.get());
}

void SearchIndex::Finish() {
  WeighTerms();
  text_mass_.assign(pending_texts_.size(), 0);
  for (size_t i = 0; i < pending_texts_.size(); ++i) {
    for (TermId t : pending_texts_[i]) {
      if (TypeOf(t) != TermType::kUnigram) text_mass_[i] += BuildTerm(t).weight;
    }
  }
  std::vector<std::vector<TermId>>().swap(pending_texts_);
  Flatten();
}

void SearchIndex::WeighTerms() {
  const double n = static_cast<double>(doc_length_.size());
  double total = 0;
  for (double l : doc_length_) total += l;
  const double avg = n > 0 && total > 0 ? total / n : 1;
  oov_weight_ = static_cast<float>(0.5 * std::log(1 + (n + 0.5) / 0.5));
  for (Term& term : terms_) {
    const TermId id = term.id;
    const double df = static_cast<double>(term.docs.size());
    const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    term.weight = static_cast<float>(TypeOf(id) == TermType::kUnigram ? kUnigramWeight * idf : idf);
    term.common = df > (TypeOf(id) == TermType::kUnigram ? kCommonUnigramShare : kCommonShare) * n;
    for (Posting& p : term.docs) {
      const double tf = p.value;
      const double norm = kK1 * (1 - kB + kB * doc_length_[p.doc] / avg);
      p.value = static_cast<float>(tf * (kK1 + 1) / (tf + norm));
    }
  }
}

void SearchIndex::Flatten() {
  size_t size = 16;
  while (size < 2 * terms_.size()) size *= 2;
  slots_.assign(size, Slot{});
  spans_.reserve(terms_.size());
  size_t postings = 0, texts = 0;
  for (const Term& term : terms_) {
    postings += term.docs.size();
    texts += term.texts.size();
  }
  postings_.reserve(postings);
  term_texts_.reserve(texts);
  for (const Term& term : terms_) {
    size_t s = SlotOf(term.id, size - 1);
    while (slots_[s].span != 0) s = (s + 1) & (size - 1);
    const auto postings_begin = static_cast<std::uint32_t>(postings_.size());
    const auto texts_begin = static_cast<std::uint32_t>(term_texts_.size());
    postings_.insert(postings_.end(), term.docs.begin(), term.docs.end());
    term_texts_.insert(term_texts_.end(), term.texts.begin(), term.texts.end());
    spans_.push_back({postings_begin, static_cast<std::uint32_t>(postings_.size()), texts_begin,
                      static_cast<std::uint32_t>(term_texts_.size())});
    slots_[s].id = term.id;
    slots_[s].weight = term.weight;
    slots_[s].span = static_cast<std::uint32_t>(spans_.size());
    slots_[s].common = term.common;
  }
  // Assigning {} would keep the capacity: swap the memory out instead.
  std::vector<Term>().swap(terms_);
  std::vector<std::uint32_t>().swap(build_slots_);
  build_memory_->release();
}

const SearchIndex::Slot* SearchIndex::FindSlot(TermId id) const {
  if (slots_.empty()) return nullptr;
  const size_t mask = slots_.size() - 1;
  for (size_t s = SlotOf(id, mask);; s = (s + 1) & mask) {
    if (slots_[s].span == 0) return nullptr;
    if (slots_[s].id == id) return &slots_[s];
  }
}

std::vector<SearchIndex::Hit> SearchIndex::Search(std::u32string_view query, size_t k,
                                                  std::u32string_view focus) const {
  std::vector<TermId> terms = ExtractTerms(query);
  SortUnique(terms);
  if (terms.empty() || doc_length_.empty()) return {};
  std::vector<TermId> focus_terms = ExtractTerms(focus);
  SortUnique(focus_terms);

  thread_local Scratch s;
  s.Begin(doc_length_.size(), text_doc_.size());
  double query_mass = 0;               // every term: the BM25 ideal
  double phrase_mass = 0;              // bigrams and words: what Dice compares
  auto focused = focus_terms.begin();  // both lists are sorted: one merge walk
  for (TermId t : terms) {
    const bool unigram = TypeOf(t) == TermType::kUnigram;
    while (focused != focus_terms.end() && *focused < t) ++focused;
    const float boost = focused != focus_terms.end() && *focused == t ? kFocusWeight : 1.0f;
    const Slot* found = FindSlot(t);
    if (found == nullptr) {
      // An ASCII word the knowledge base never uses (and the glossary does
      // not know) is chatter in a Chinese message: it weighs as a character.
      const bool light = unigram || TypeOf(t) == TermType::kWord;
      query_mass += boost * (light ? kUnigramWeight * oov_weight_ : oov_weight_);
      if (!light) phrase_mass += boost * oov_weight_;
      continue;
    }
    const float w = boost * found->weight;
    query_mass += w;
    if (!unigram) phrase_mass += w;
    if (found->common) continue;
    const Span& span = spans_[found->span - 1];
    const std::span<const Posting> postings(postings_.data() + span.postings_begin,
                                            postings_.data() + span.postings_end);
    const std::span<const std::uint32_t> texts(term_texts_.data() + span.texts_begin,
                                               term_texts_.data() + span.texts_end);
    s.Add(postings, texts, w, unigram ? 0.0f : found->weight);
  }
  for (size_t i = 0; i < s.n_texts; ++i) {
    const std::uint32_t text = s.text_list[i];
    DocSlot& d = s.docs[text_doc_[text]];
    const auto dice =
        static_cast<float>(2 * s.texts[text].overlap / (phrase_mass + text_mass_[text]));
    d.best_text = std::max(d.best_text, dice);
  }

  std::vector<Hit> hits;
  hits.reserve(s.n_docs);
  for (size_t i = 0; i < s.n_docs; ++i) {
    const std::uint32_t doc = s.doc_list[i];
    const DocSlot& d = s.docs[doc];
    Hit h;
    h.doc = doc;
    h.bm25 = std::min(1.0, d.bm25 / query_mass);
    h.best_text = d.best_text;
    h.evidence = d.evidence;
    h.score = kTextShare * h.best_text + (1 - kTextShare) * h.bm25;
    hits.push_back(h);
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
