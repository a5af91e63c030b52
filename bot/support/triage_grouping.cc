#include "bot/support/triage_grouping.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "storage/triage_store.h"

namespace beian {
namespace {

// The question's words, weightiest first.
std::vector<std::pair<double, const std::u32string*>> ByWeight(const MeaningReader& reader,
                                                               const Meaning& m) {
  std::vector<std::pair<double, const std::u32string*>> out;
  for (const auto& w : m.words) out.emplace_back(reader.Weight(w), &w);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  return out;
}

}  // namespace

const GroupCandidate* ChooseGroup(const MeaningReader& reader, const Meaning& question,
                                  const std::vector<GroupCandidate>& candidates, double threshold) {
  struct Item {
    const GroupCandidate* first;
    double sum = 0;
    int wordings = 0;
  };
  std::vector<Item> items;  // in the order the candidates list them
  std::unordered_map<std::string_view, std::size_t> index;
  for (const GroupCandidate& c : candidates) {
    const auto [it, added] = index.try_emplace(c.group_key, items.size());
    if (added) items.push_back({&c});
    Item& item = items[it->second];
    item.sum += reader.Similarity(question, c.meaning);
    ++item.wordings;
  }
  const GroupCandidate* best = nullptr;
  double best_mean = threshold;
  for (const Item& item : items) {
    const double mean = item.sum / item.wordings;
    if (mean > best_mean || (best == nullptr && mean >= best_mean)) {
      best = item.first;
      best_mean = mean;
    }
  }
  return best;
}

std::vector<std::string> LookupWords(const MeaningReader& reader, const Meaning& question,
                                     double threshold) {
  const auto words = ByWeight(reader, question);
  double left = 0;
  for (const auto& [weight, word] : words) left += weight;
  const double needed = left * threshold / (2 - threshold);
  std::vector<std::string> out;
  for (const auto& [weight, word] : words) {
    if (left < needed || out.size() == TriageStore::kMaxLookupWords) break;
    out.push_back(EncodeUtf8(*word));
    left -= weight;
  }
  return out;
}

GroupedQuestion GroupQuestion(const Matcher& matcher, TriageStore& triage,
                              const std::string& text) {
  const MeaningReader& reader = matcher.Meanings();
  GroupedQuestion out{"", reader.Read(text), {}};
  for (const auto& [weight, word] : ByWeight(reader, out.meaning)) {
    if (out.words.size() == kIndexedWords) break;
    out.words.push_back(EncodeUtf8(*word));
  }
  std::vector<GroupCandidate> candidates;
  for (OpenPhrasing& p : triage.OpenByWords(LookupWords(reader, out.meaning), kTriageCompare)) {
    candidates.push_back({std::move(p.group_key), Meaning::Parse(p.meaning)});
  }
  const GroupCandidate* joined = ChooseGroup(reader, out.meaning, candidates);
  out.group_key =
      joined != nullptr ? joined->group_key : "q:" + EncodeUtf8(matcher.SearchForm(text));
  return out;
}

}  // namespace beian
