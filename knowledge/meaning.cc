#include "knowledge/meaning.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include "knowledge/knowledge_base.h"
#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"

namespace beian {
namespace {

// ICU's Chinese word breaker for this thread (a BreakIterator is not
// thread-safe); nullptr when ICU's data is missing.
icu::BreakIterator* ThreadBreaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> b(
        icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), status));
    return U_SUCCESS(status) ? std::move(b) : nullptr;
  }();
  return breaker.get();
}

void SortUnique(std::vector<std::u32string>& words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

// Every text of an entry that says what it is about.
std::vector<const std::string*> EntryTexts(const Entry& e) {
  std::vector<const std::string*> out{&e.title, &e.summary};
  for (const auto* list : {&e.aliases, &e.error_texts, &e.steps, &e.notes}) {
    for (const std::string& t : *list) out.push_back(&t);
  }
  return out;
}

}  // namespace

MeaningReader::MeaningReader(const Matcher& matcher) : matcher_(matcher) {
  if (ThreadBreaker() == nullptr) throw std::runtime_error("ICU's Chinese word breaker is missing");
  LoadWords(matcher.kb().lexicon());
  std::unordered_map<std::u32string, int> df;
  const auto& entries = matcher.kb().entries();
  for (const Entry& e : entries) {
    std::vector<std::u32string> words;
    for (const std::string* t : EntryTexts(e)) {
      for (auto& w : Words(matcher.SearchForm(*t))) words.push_back(std::move(w));
    }
    SortUnique(words);
    for (const auto& w : words) ++df[w];
  }
  const double n = static_cast<double>(std::max<std::size_t>(entries.size(), 1));
  for (const auto& [word, count] : df) idf_[word] = std::log(1.0 + n / count);
  unknown_ = std::log(1.0 + n);
}

MeaningReader::~MeaningReader() = default;

void MeaningReader::LoadWords(const Lexicon& lexicon) {
  // In the search form's spelling; "主体…负责人" is two words.
  auto add = [&](const std::string& word, auto& to) {
    for (std::size_t from = 0; from <= word.size();) {
      const std::size_t gap = std::min(word.find("…", from), word.size());
      const std::u32string w = matcher_.SearchForm(word.substr(from, gap - from));
      if (w.size() >= 2 && w.find(Normalizer::kSeparator) == std::u32string::npos) to.insert(w);
      from = gap + std::string_view("…").size();
    }
  };
  for (const SynonymGroup& g : lexicon.synonyms) add(g.canonical, vocabulary_);
  for (const auto& [section, words] : lexicon.section_words) {
    for (const std::string& w : words) add(w, vocabulary_);
  }
  for (const auto* list : {&lexicon.domain_anchors, &lexicon.role_anchors, &lexicon.error_cues}) {
    for (const std::string& w : *list) add(w, vocabulary_);
  }
  for (const std::string& w : lexicon.question_words) {
    const std::u32string form = matcher_.SearchForm(w);
    if (!form.empty()) question_words_.insert(form);
  }
  for (const auto* words : {&vocabulary_, &question_words_}) {
    for (const std::u32string& w : *words) longest_word_ = std::max(longest_word_, w.size());
  }
}

std::vector<std::u32string> MeaningReader::Words(std::u32string_view form) const {
  std::vector<std::u32string> out;
  std::u32string rest;  // text between the domain's words, for ICU
  auto flush = [&] {
    for (auto& w : BreakWords(rest)) {
      if (!question_words_.contains(w)) out.push_back(std::move(w));
    }
    rest.clear();
  };
  for (std::size_t i = 0; i < form.size();) {
    std::size_t len = std::min(longest_word_, form.size() - i);
    while (len >= 2 && !vocabulary_.contains(std::u32string(form.substr(i, len))) &&
           !question_words_.contains(std::u32string(form.substr(i, len)))) {
      --len;
    }
    if (len >= 2) {
      flush();
      const std::u32string word(form.substr(i, len));
      if (!question_words_.contains(word)) out.push_back(word);
      i += len;
    } else {
      rest += form[i++];
    }
  }
  flush();
  return out;
}

std::vector<std::u32string> MeaningReader::BreakWords(std::u32string_view text) {
  std::vector<std::u32string> out;
  if (text.empty()) return out;
  icu::BreakIterator* breaker = ThreadBreaker();
  const icu::UnicodeString u = icu::UnicodeString::fromUTF32(
      reinterpret_cast<const UChar32*>(text.data()), static_cast<int32_t>(text.size()));
  breaker->setText(u);
  for (int32_t start = breaker->first(), end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    if (breaker->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    std::u32string word(static_cast<std::size_t>(end - start), U'\0');
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = u.tempSubStringBetween(start, end)
                          .toUTF32(reinterpret_cast<UChar32*>(word.data()),
                                   static_cast<int32_t>(word.size()), status);
    if (U_FAILURE(status)) continue;
    word.resize(static_cast<std::size_t>(n));
    out.push_back(std::move(word));
  }
  return out;
}

Meaning MeaningReader::Read(std::string_view text) const {
  Meaning m;
  m.words = Words(matcher_.SearchForm(text));
  SortUnique(m.words);
  m.sections = matcher_.SectionsNamed(text);
  const MatchResult match = matcher_.Match(text, 1);
  if (!match.matches.empty() && match.matches[0].score >= kTopicScore) {
    m.topic = match.matches[0].entry->id;
  }
  return m;
}

double MeaningReader::Weight(std::u32string_view word) const {
  const auto it = idf_.find(std::u32string(word));
  const double idf = it != idf_.end() ? it->second : unknown_;
  return word.size() == 1 ? idf / 2 : idf;
}

double MeaningReader::Similarity(const Meaning& a, const Meaning& b) const {
  // The part of the form each names first is what it asks about.
  if (!a.sections.empty() && !b.sections.empty() && a.sections.front() != b.sections.front()) {
    return 0;
  }
  double both = 0, total = 0, only_a = 0, only_b = 0;  // the heaviest word only one side has
  auto x = a.words.begin(), y = b.words.begin();
  while (x != a.words.end() || y != b.words.end()) {
    if (y == b.words.end() || (x != a.words.end() && *x < *y)) {
      const double w = Weight(*x++);
      only_a = std::max(only_a, w);
      total += w;
    } else if (x == a.words.end() || *y < *x) {
      const double w = Weight(*y++);
      only_b = std::max(only_b, w);
      total += w;
    } else {
      const double w = Weight(*x);
      both += 2 * w;
      total += 2 * w;
      ++x, ++y;
    }
  }
  double dice = total > 0 ? both / total : 0;
  // Each asks about something weighty the other does not name (过期 / 没收到,
  // 认证 / 备案, 金融 / 医疗): the same frame, another question.
  if (std::min(only_a, only_b) >= kSubstitutedWeight) dice *= kSubstitutedFactor;
  if (a.topic.empty() || b.topic.empty()) return dice;
  return a.topic == b.topic ? std::min(1.0, dice + kSameTopicBonus) : dice * kOtherTopicFactor;
}

std::string Meaning::Serialize() const {
  std::string out;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(sections[i]);
  }
  out += '|';
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += ' ';
    out += EncodeUtf8(words[i]);
  }
  return out + '|' + topic;
}

Meaning Meaning::Parse(std::string_view text) {
  Meaning m;
  const std::size_t bar = text.find('|');
  if (bar == std::string_view::npos) return m;
  std::string_view sections = text.substr(0, bar), words = text.substr(bar + 1);
  if (const std::size_t end = words.find('|'); end != std::string_view::npos) {
    m.topic = std::string(words.substr(end + 1));
    words = words.substr(0, end);
  }
  while (!sections.empty()) {
    const std::size_t comma = std::min(sections.find(','), sections.size());
    int section = 0;
    for (const char c : sections.substr(0, comma)) {
      if (c >= '0' && c <= '9') section = section * 10 + (c - '0');
    }
    if (section > 0) m.sections.push_back(section);
    sections.remove_prefix(std::min(comma + 1, sections.size()));
  }
  while (!words.empty()) {
    const std::size_t space = std::min(words.find(' '), words.size());
    if (space > 0) m.words.push_back(DecodeUtf8(words.substr(0, space)));
    words.remove_prefix(std::min(space + 1, words.size()));
  }
  std::sort(m.words.begin(), m.words.end());
  m.words.erase(std::unique(m.words.begin(), m.words.end()), m.words.end());
  return m;
}

}  // namespace beian
