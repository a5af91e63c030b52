#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace beian {

class Matcher;
struct Lexicon;

// What a question asks, as the triage queue compares questions: the words of
// the matcher's search form (glossary, synonyms and homophones applied,
// Traditional folded, filler dropped), split by ICU's dictionary word
// breaker between the domain's own words, and the parts of the form it names.
struct Meaning {
  std::vector<std::u32string> words;  // sorted, unique
  std::vector<int> sections;          // in the order the text first names them
  // The entry the matcher takes it to be about (its best match, when that
  // scores at least kTopicScore), or empty.
  std::string topic;

  // "2,4|word word …|topic": what TriageStore keeps of a wording; Parse
  // reads it back.
  std::string Serialize() const;
  static Meaning Parse(std::string_view text);
};

// Reads meanings and compares them. Words weigh by how rare they are among
// the knowledge base's entries (a word every entry uses, such as 备案, says
// little; one no entry uses, such as 加急, says most), single characters
// half as much.
// Thread-safety: immutable after construction; Read and Similarity may run
// concurrently (each thread keeps its own ICU word breaker).
class MeaningReader {
 public:
  // `matcher` must outlive the reader. Throws std::runtime_error when ICU's
  // word breaker cannot be created (its data missing).
  explicit MeaningReader(const Matcher& matcher);
  ~MeaningReader();
  MeaningReader(const MeaningReader&) = delete;
  MeaningReader& operator=(const MeaningReader&) = delete;

  Meaning Read(std::string_view text) const;

  // 0..1, 1 for the same words: the weighted Dice overlap of the two word
  // sets, raised by kSameTopicBonus when the matcher takes both to be about
  // one entry and scaled by kOtherTopicFactor when about two different
  // ones. 0 when both name parts of the form and the parts differ (主体负责人
  // 手机号 and 小程序负责人手机号 ask about different people).
  double Similarity(const Meaning& a, const Meaning& b) const;

  static constexpr double kTopicScore = 0.35;
  static constexpr double kSameTopicBonus = 0.2;
  static constexpr double kOtherTopicFactor = 0.5;
  static constexpr double kSubstitutedWeight = 2.0;
  static constexpr double kSubstitutedFactor = 0.6;

  // A word's weight (see the class comment).
  double Weight(std::u32string_view word) const;

 private:
  void LoadWords(const Lexicon& lexicon);
  // The words of a search form: the domain's words (synonyms' canonical
  // forms, section words, domain anchors, error cues) where they occur,
  // ICU's words between them; Lexicon::question_words left out.
  std::vector<std::u32string> Words(std::u32string_view form) const;
  static std::vector<std::u32string> BreakWords(std::u32string_view text);  // ICU alone

  const Matcher& matcher_;
  std::unordered_set<std::u32string> vocabulary_, question_words_;
  std::size_t longest_word_ = 0;
  std::unordered_map<std::u32string, double> idf_;
  double unknown_ = 1;  // the weight of a word no entry uses
};

}  // namespace beian
