#pragma once

#include <string>
#include <vector>

#include "knowledge/meaning.h"

namespace beian {

class Matcher;
class TriageStore;

// A new question joins the open item whose wordings mean, on average, the
// most nearly the same, at a mean MeaningReader::Similarity >= kSameMeaning.
// The mean and not the best single wording: one look-alike wording must not
// pull a question into an item the rest of whose wordings ask something else.
inline constexpr double kSameMeaning = 0.5;
// At most this many open wordings are compared with a new question.
inline constexpr int kTriageCompare = 500;
// An item is indexed under at most this many words of each wording (its
// weightiest).
inline constexpr std::size_t kIndexedWords = 16;

// An open item's wording as grouping sees it.
struct GroupCandidate {
  std::string group_key;
  Meaning meaning;
};

// A wording of the item `question` joins, or nullptr for a question of its
// own. An item is the candidates sharing a group_key; the item joined is the
// one whose wordings' mean similarity is highest, at >= `threshold` (the
// earlier listed on a tie).
const GroupCandidate* ChooseGroup(const MeaningReader& reader, const Meaning& question,
                                  const std::vector<GroupCandidate>& candidates,
                                  double threshold = kSameMeaning);

// The words to look an item up by so that every wording similar enough to
// join must share one of them: the weightiest first, until those left weigh
// too little to reach `threshold` alone (Dice >= t needs a shared weight of
// at least t / (2 - t) of the question's). At most
// TriageStore::kMaxLookupWords.
std::vector<std::string> LookupWords(const MeaningReader& reader, const Meaning& question,
                                     double threshold = kSameMeaning);

// A question the bot declined or was unsure of, placed in the queue.
struct GroupedQuestion {
  std::string group_key;  // an open item's, or "q:<search form>" for a new one
  Meaning meaning;
  std::vector<std::string> words;  // to index its wording under (kIndexedWords)
};

// Finds the open item `text` joins (TriageStore::OpenByWords, then
// ChooseGroup). Reads on the write connection: inside a Transaction, sees
// its writes. Throws StorageError.
GroupedQuestion GroupQuestion(const Matcher& matcher, TriageStore& triage, const std::string& text);

}  // namespace beian
