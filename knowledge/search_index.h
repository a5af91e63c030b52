#pragma once

#include <cstdint>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// A term of the index: one CJK character, two adjacent CJK characters, or
// one run of other letters/digits (an ASCII word such as "jpg" or "2m").
using TermId = std::uint64_t;

enum class TermType { kUnigram, kBigram, kWord };

TermType TypeOf(TermId term);

// Splits normalized text (Normalizer::Normalize output, after synonyms) into
// terms, in order, repeats kept. Bigrams never cross a separator.
std::vector<TermId> ExtractTerms(std::u32string_view text);

// Ranked retrieval over documents made of weighted texts: BM25 over
// character unigrams and bigrams (unigrams count less), plus, for each
// document, the best Dice overlap between the query and one of its short
// texts (aliases, titles). Both are normalised to about 0..1.
// Both are computed from posting lists, so a query costs in proportion to
// how often its terms occur, not to the number of documents; terms found in
// more than half the documents (小程序, 备案 …) say almost nothing and are
// left out of the postings walk.
// Thread-safety: build with AddText/Finish on one thread; Search is const and
// may then run concurrently (its scratch space is per thread).
class SearchIndex {
 public:
  struct Hit {
    std::uint32_t doc = 0;
    double bm25 = 0;       // BM25 / the query's ideal BM25: ~ weighted coverage
    double best_text = 0;  // best Dice overlap with one short text of the doc
    double score = 0;      // the blend used for ranking
    double evidence = 0;   // summed weight of the bigrams and words shared with the query
  };

  // Adds `text` to document `doc` (documents are 0..n-1). A `short_text` is
  // also compared on its own with the query (aliases, titles, error texts).
  void AddText(std::uint32_t doc, std::u32string_view text, double weight, bool short_text);

  // Computes idf, term weights and BM25 parts. Call once after the last AddText.
  void Finish();

  // Returns up to k documents, best first. Documents with no term in common
  // with the query are not returned. Terms of the query that also occur in
  // `focus` (part of the query: the sentences that ask) weigh three times as
  // much in both signals; `evidence` stays unweighted.
  std::vector<Hit> Search(std::u32string_view query, size_t k,
                          std::u32string_view focus = {}) const;

  size_t doc_count() const { return doc_length_.size(); }

 private:
  struct Posting {
    std::uint32_t doc;
    float value;  // weighted tf while building; the BM25 part after Finish
  };
  // A term while building. Its lists take their memory from build_memory_,
  // which hands back the memory of all of them at once when Finish is done.
  struct Term {
    Term(TermId term, std::pmr::memory_resource* memory) : id(term), docs(memory), texts(memory) {}
    TermId id;
    float weight = 0;     // type weight × idf
    bool common = false;  // in more than half the documents
    std::pmr::vector<Posting> docs;
    std::pmr::vector<std::uint32_t> texts;  // short texts holding the term
  };

  // After Finish, a term is what a query's walk reads first: its slot in an
  // open-addressing table at most half full, so a term the index lacks, or
  // a common one, costs one probe; the others add their span of postings_
  // and term_texts_.
  struct Slot {
    TermId id = 0;
    float weight = 0;
    std::uint32_t span : 31 = 0;  // index + 1 into spans_; 0: an empty slot
    std::uint32_t common : 1 = 0;
  };
  struct Span {
    std::uint32_t postings_begin, postings_end, texts_begin, texts_end;
  };
  const Slot* FindSlot(TermId id) const;  // nullptr when the index lacks the term
  Term& BuildTerm(TermId id);             // the term while building, added when new
  void WeighTerms();                      // idf, common terms, BM25 parts of the postings
  void Flatten();                         // terms_ into slots_, spans_, postings_ and term_texts_

  // While building (emptied by Finish): the terms in order of first use, and
  // an open-addressing table (at most half full) of index + 1 into them.
  std::vector<Term> terms_;
  std::vector<std::uint32_t> build_slots_;
  static std::unique_ptr<std::pmr::monotonic_buffer_resource> NewBuildMemory();
  std::unique_ptr<std::pmr::monotonic_buffer_resource> build_memory_ = NewBuildMemory();
  std::vector<Slot> slots_;
  std::vector<Span> spans_;
  std::vector<Posting> postings_;          // every term's, one after another
  std::vector<std::uint32_t> term_texts_;  // likewise
  std::vector<double> doc_length_;
  std::vector<std::uint32_t> text_doc_;             // short text → its document
  std::vector<float> text_mass_;                    // short text → summed term weights
  std::vector<std::vector<TermId>> pending_texts_;  // terms per short text until Finish
  float oov_weight_ = 1;
};

}  // namespace beian
