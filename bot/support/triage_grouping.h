#pragma once

#include <string>
#include <string_view>

namespace beian {

class Matcher;
class TriageStore;

// Two questions whose normalised bigrams overlap this much are one triage
// item; the newest kTriageCompare open items are compared.
inline constexpr double kSameQuestion = 0.75;
inline constexpr int kTriageCompare = 300;

// Dice overlap of the two texts' character bigrams (1 = same bigrams);
// bigrams across a Normalizer::kSeparator do not count. Two texts too short
// for a bigram overlap 1 when equal, else 0.
double BigramDice(std::u32string_view a, std::u32string_view b);

// The group key of a question the bot declined or was unsure of: compared
// in the matcher's normalised form (case, width, Traditional, synonyms and
// filler folded), it joins the open "q:" item whose wording it nearly
// repeats (BigramDice >= kSameQuestion, among the kTriageCompare open items
// TriageStore::Items lists first), else gets its own key "q:<form>".
// Reads on the write connection: inside a Transaction, sees its writes.
// Throws StorageError.
std::string QuestionGroupKey(const Matcher& matcher, TriageStore& triage, const std::string& text);

}  // namespace beian
