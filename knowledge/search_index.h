#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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
// Thread-safety: build with AddText/Finish on one thread; Search is const and
// may then run concurrently.
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

  // Computes document lengths and idf. Call once after the last AddText.
  void Finish();

  // Returns up to k documents, best first. Documents with no term in common
  // with the query are not returned.
  std::vector<Hit> Search(std::u32string_view query, size_t k) const;

  size_t doc_count() const { return docs_.size(); }

 private:
  struct Posting {
    std::uint32_t doc;
    float tf;  // weighted term frequency
  };
  struct ShortText {
    std::vector<TermId> terms;  // sorted, unique
    double mass = 0;            // sum of term weights
  };
  struct Doc {
    double length = 0;
    std::vector<ShortText> texts;
  };

  double Weight(TermId term) const;  // type weight × idf; OOV terms get the top idf

  std::unordered_map<TermId, std::vector<Posting>> postings_;
  std::unordered_map<TermId, double> idf_;
  std::vector<Doc> docs_;
  double avg_length_ = 1;
  double oov_idf_ = 1;
};

}  // namespace beian
