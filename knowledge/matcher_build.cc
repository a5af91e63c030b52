// Building a Matcher: the lexicon's word tables, the error patterns and the
// search index, from a loaded knowledge base. Matching is in matcher.cc.
#include <algorithm>
#include <map>

#include "knowledge/matcher.h"
#include "knowledge/meaning.h"

namespace beian {
namespace {

constexpr double kTitleWeight = 2.0;
constexpr double kErrorTextWeight = 2.0;
constexpr double kAliasWeight = 1.0;
constexpr double kFieldWeight = 1.0;
constexpr double kSectionWeight = 0.5;
constexpr double kBodyWeight = 0.2;

// Splits a platform error text at sentence punctuation.
std::vector<std::string> Clauses(const std::string& text) {
  static const std::vector<std::string> kBreaks = {",", "，", "。", ";", "；",
                                                   "!", "！", "?",  "？"};
  std::vector<std::string> out;
  std::string current;
  size_t i = 0;
  while (i < text.size()) {
    bool broke = false;
    for (const auto& b : kBreaks) {
      if (text.compare(i, b.size(), b) == 0) {
        if (!current.empty()) out.push_back(current);
        current.clear();
        i += b.size();
        broke = true;
        break;
      }
    }
    if (!broke) current.push_back(text[i++]);
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

}  // namespace

Matcher::~Matcher() = default;

const MeaningReader& Matcher::Meanings() const {
  std::call_once(meanings_once_,
                 [this] { meanings_ = std::make_unique<const MeaningReader>(*this); });
  return *meanings_;
}

Matcher::Matcher(std::shared_ptr<const KnowledgeBase> kb) : kb_(std::move(kb)) {
  LoadWordTables();
  LoadHintsAndParts();
  IndexEntries();
  IndexOutOfScope();
  index_.Finish();
}

std::u32string Matcher::Word(const std::string& s) const {
  return WordForm(normalizer_.Normalize(s));
}

std::vector<std::u32string> Matcher::CanonicalWords(const std::vector<std::string>& words) const {
  std::vector<std::u32string> out;
  out.reserve(words.size());
  for (const std::string& w : words) out.push_back(synonyms_.Apply(Word(w)));
  return out;
}

std::vector<std::u32string> Matcher::CompactWords(const std::vector<std::string>& words) const {
  std::vector<std::u32string> out = CanonicalWords(words);
  for (std::u32string& w : out) w = Compact(w);
  return out;
}

void Matcher::LoadWordTables() {
  const Lexicon& lexicon = kb_->lexicon();
  for (const SynonymGroup& g : lexicon.synonyms) {
    const std::u32string canonical = Word(g.canonical);
    // The canonical form maps to itself so that its own longer spelling is
    // consumed whole ("手机号码" must not become "手机号码" + "码").
    synonyms_.Add(canonical, canonical);
    for (const std::string& v : g.variants) synonyms_.Add(Word(v), canonical);
  }
  for (const SynonymGroup& g : lexicon.homophones) {
    for (const std::string& v : g.variants) homophones_.Add(Word(v), Word(g.canonical));
  }
  for (const std::string& f : lexicon.filler) filler_.Add(Word(f), U"");
  for (const std::string& f : lexicon.spoken_filler) spoken_filler_.Add(Word(f), U"");
  for (const std::string& a : lexicon.acknowledgements) acknowledgements_.Add(Word(a), U"");
  error_cues_ = WordSet(CanonicalWords(lexicon.error_cues));
  hint_anchors_ = WordSet(CanonicalWords(lexicon.domain_anchors));
  std::vector<std::string> anchors = lexicon.domain_anchors;
  anchors.insert(anchors.end(), lexicon.role_anchors.begin(), lexicon.role_anchors.end());
  anchors_ = WordSet(CanonicalWords(anchors));
  other_platforms_ = CanonicalWords(lexicon.other_platforms);
  comparison_links_ = CanonicalWords(lexicon.comparison_links);
  comparison_words_ = WordSet(CanonicalWords(lexicon.comparison_words));
  value_links_ = CanonicalWords(lexicon.value_links);
  other_services_ = CanonicalWords(lexicon.other_services);
  other_verifications_ = CanonicalWords(lexicon.other_verifications);
  other_senders_ = CanonicalWords(lexicon.other_senders);
  task_requests_ = WordSet(CanonicalWords(lexicon.task_requests));
  task_verbs_ = CanonicalWords(lexicon.task_verbs);
  task_objects_ = CanonicalWords(lexicon.task_objects);
  current_marks_ = CanonicalWords(lexicon.current_marks);
  fill_questions_ = WordSet(CanonicalWords(lexicon.fill_questions));
  hypothetical_marks_ = CanonicalWords(lexicon.hypothetical_marks);
  wechat_ = synonyms_.Apply(Word("微信"));
  mini_program_ = synonyms_.Apply(Word("小程序"));
  filing_ = synonyms_.Apply(Word("备案"));
  verification_ = synonyms_.Apply(Word("认证"));
  text_message_ = synonyms_.Apply(Word("短信"));
  filing_number_ = filing_ + U'号';
  has_filing_number_ = U'有' + filing_number_;
}

void Matcher::LoadHintsAndParts() {
  const Lexicon& lexicon = kb_->lexicon();
  // A trigger that several hints list stands for each of them, in their
  // order: each then checks its own `with` and `unless`.
  std::map<std::u32string, std::u32string> marks;
  for (const Lexicon::Hint& h : lexicon.hints) {
    const auto mark = static_cast<char32_t>(kHintMark + hint_adds_.size());
    for (const std::string& w : h.when) {
      std::u32string& of = marks[Unslipped(Word(w))];
      if (of.find(mark) == std::u32string::npos) of.push_back(mark);
    }
    hint_adds_.push_back(synonyms_.Apply(Word(h.add)));
    const auto same = std::find(hint_adds_.begin(), hint_adds_.end(), hint_adds_.back());
    hint_first_.push_back(static_cast<size_t>(same - hint_adds_.begin()));
    hint_withs_.emplace_back(CompactWords(h.with));
    hint_unless_.emplace_back(CompactWords(h.unless));
  }
  // Where one trigger holds another, the longer one is read: it is the more
  // particular ("都勾上了" after a rejection is not "都勾"), when one of its
  // hints holds (Hinted).
  for (auto& [trigger, of] : marks) hint_triggers_.Add(trigger, std::move(of));
  field_words_ = CanonicalWords(lexicon.field_words);
  for (const Entry& e : kb_->entries())
    entry_fields_.push_back(FieldsNamed(synonyms_.Apply(Word(e.field_name))));
  part_locators_ = CanonicalWords(lexicon.part_locators);
  std::stable_sort(part_locators_.begin(), part_locators_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& [section, words] : lexicon.section_words) {
    for (const std::string& w : words) {
      const size_t gap = w.find("…");
      const std::string after =
          gap == std::string::npos ? "" : w.substr(gap + std::string_view("…").size());
      std::u32string before = synonyms_.Apply(Word(w.substr(0, gap)));
      if (before.empty()) continue;  // nothing left to look for
      std::uint32_t of = section_befores_.Find(before);
      if (of == WordTrie::kNone) {
        of = static_cast<std::uint32_t>(section_words_of_.size());
        section_befores_.Add(before, of);
        section_words_of_.emplace_back();
      }
      section_words_of_[of].push_back(static_cast<std::uint32_t>(section_words_.size()));
      section_words_.push_back(
          {section, std::move(before), after.empty() ? U"" : synonyms_.Apply(Word(after))});
    }
  }
}

std::u32string Matcher::ErrorPattern(const std::string& text) const {
  // XX marks the variable part.
  std::u32string out;
  size_t i = 0;
  while (i <= text.size()) {
    const size_t x = text.find("XX", i);
    const std::string piece = text.substr(i, x == std::string::npos ? std::string::npos : x - i);
    out += Compact(Canonical(piece));
    if (x == std::string::npos) break;
    out.push_back(ErrorMatcher::kWildcard);
    i = x;
    while (i < text.size() && text[i] == 'X') ++i;
  }
  return out;
}

void Matcher::IndexErrorTexts(std::uint32_t doc, const Entry& e) {
  for (const std::string& text : e.error_texts) {
    errors_.Add(doc, ErrorPattern(text), /*partial=*/false);
    const auto clauses = Clauses(text);
    if (clauses.size() > 1) {
      for (const std::string& c : clauses) errors_.Add(doc, ErrorPattern(c), /*partial=*/true);
    }
    std::string plain = text;
    for (size_t x; (x = plain.find("XX")) != std::string::npos;) plain.erase(x, 2);
    index_.AddText(doc, DropFiller(Canonical(plain)), kErrorTextWeight, true);
  }
}

void Matcher::IndexEntries() {
  const auto& entries = kb_->entries();
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    IndexErrorTexts(i, e);
    index_.AddText(i, DropFiller(Canonical(e.title)), kTitleWeight, true);
    for (const std::string& a : e.aliases) {
      index_.AddText(i, DropFiller(Canonical(a)), kAliasWeight, true);
    }
    if (!e.field_name.empty()) {
      index_.AddText(i, DropFiller(Canonical(e.field_name)), kFieldWeight, false);
    }
    if (e.section > 0) {
      index_.AddText(i, Canonical(std::string(kb_->labels().Section(e.section))), kSectionWeight,
                     false);
    }
    index_.AddText(i, DropFiller(Canonical(e.summary)), kBodyWeight, false);
    for (const std::string& s : e.steps)
      index_.AddText(i, DropFiller(Canonical(s)), kBodyWeight, false);
    for (const std::string& s : e.notes)
      index_.AddText(i, DropFiller(Canonical(s)), kBodyWeight, false);
  }
}

void Matcher::IndexOutOfScope() {
  // Out-of-scope topics are documents after the entries: when one of them
  // ranks first, the message is about something else.
  const auto first_topic = static_cast<std::uint32_t>(kb_->entries().size());
  for (std::uint32_t t = 0; t < kb_->out_of_scope().size(); ++t) {
    for (const std::string& ex : kb_->out_of_scope()[t].examples) {
      index_.AddText(first_topic + t, DropFiller(Canonical(ex)), kAliasWeight, true);
    }
  }
}

}  // namespace beian
