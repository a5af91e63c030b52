#include "bot/support/triage_grouping.h"

#include <algorithm>
#include <iterator>
#include <vector>

#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "storage/triage_store.h"

namespace beian {

double BigramDice(std::u32string_view a, std::u32string_view b) {
  auto bigrams = [](std::u32string_view s) {
    std::vector<std::u32string_view> out;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i] != Normalizer::kSeparator && s[i + 1] != Normalizer::kSeparator)
        out.push_back(s.substr(i, 2));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  const auto x = bigrams(a), y = bigrams(b);
  if (x.empty() || y.empty()) return a == b ? 1.0 : 0.0;
  std::vector<std::u32string_view> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return 2.0 * static_cast<double>(both.size()) / static_cast<double>(x.size() + y.size());
}

std::string QuestionGroupKey(const Matcher& matcher, TriageStore& triage, const std::string& text) {
  const std::u32string form = matcher.SearchForm(text);
  for (const TriageItem& item : triage.Items("open", kTriageCompare)) {
    if (item.group_key.rfind("q:", 0) == 0 &&
        BigramDice(form, DecodeUtf8(std::string_view(item.group_key).substr(2))) >= kSameQuestion) {
      return item.group_key;
    }
  }
  return "q:" + EncodeUtf8(form);
}

}  // namespace beian
