#include "knowledge/matcher.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace beian {
namespace {

constexpr double kTitleWeight = 2.0;
constexpr double kErrorTextWeight = 2.0;
constexpr double kAliasWeight = 1.0;
constexpr double kFieldWeight = 1.0;
constexpr double kSectionWeight = 0.5;
constexpr double kBodyWeight = 0.2;
// Two error hits on the same words within this similarity are equally
// likely: the user must say which they mean.
constexpr double kErrorTie = 0.05;

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

// The score a long message must reach under the kLong rule (see matcher.h).
double LongThreshold(double evidence) {
  return std::max(Matcher::kLongMinThreshold,
                  Matcher::kLongThreshold * std::sqrt(Matcher::kStrongEvidence / evidence));
}

bool Overlap(const ErrorMatcher::Hit& a, const ErrorMatcher::Hit& b) {
  const auto lo = std::max(a.begin, b.begin);
  const auto hi = std::min(a.end, b.end);
  if (hi <= lo) return false;
  const auto shorter = std::min(a.end - a.begin, b.end - b.begin);
  return 2 * (hi - lo) > shorter;
}

}  // namespace

Matcher::Matcher(std::shared_ptr<const KnowledgeBase> kb) : kb_(std::move(kb)) {
  auto word = [&](const std::string& s) { return WordForm(normalizer_.Normalize(s)); };
  for (const SynonymGroup& g : kb_->lexicon().synonyms) {
    const std::u32string canonical = word(g.canonical);
    // The canonical form maps to itself so that its own longer spelling is
    // consumed whole ("手机号码" must not become "手机号码" + "码").
    synonyms_.Add(canonical, canonical);
    for (const std::string& v : g.variants) synonyms_.Add(word(v), canonical);
  }
  for (const SynonymGroup& g : kb_->lexicon().homophones) {
    for (const std::string& v : g.variants) homophones_.Add(word(v), word(g.canonical));
  }
  for (const std::string& f : kb_->lexicon().filler) filler_.Add(word(f), U"");
  for (const std::string& a : kb_->lexicon().acknowledgements) acknowledgements_.Add(word(a), U"");
  for (const std::string& c : kb_->lexicon().error_cues)
    error_cues_.push_back(synonyms_.Apply(word(c)));
  for (const std::string& a : kb_->lexicon().domain_anchors)
    anchors_.push_back(synonyms_.Apply(word(a)));
  for (const std::string& p : kb_->lexicon().other_platforms)
    other_platforms_.push_back(synonyms_.Apply(word(p)));
  for (const std::string& p : kb_->lexicon().other_services)
    other_services_.push_back(synonyms_.Apply(word(p)));
  for (const std::string& p : kb_->lexicon().task_requests)
    task_requests_.push_back(synonyms_.Apply(word(p)));
  wechat_ = synonyms_.Apply(word("微信"));
  mini_program_ = synonyms_.Apply(word("小程序"));
  for (const Lexicon::Hint& h : kb_->lexicon().hints) {
    const auto mark = static_cast<char32_t>(kHintMark + hint_adds_.size());
    for (const std::string& w : h.when)
      hint_triggers_.Add(homophones_.Apply(word(w)), std::u32string(1, mark));
    hint_adds_.push_back(synonyms_.Apply(word(h.add)));
    hint_withs_.emplace_back();
    for (const std::string& w : h.with)
      hint_withs_.back().push_back(Compact(synonyms_.Apply(word(w))));
  }
  filing_ = synonyms_.Apply(word("备案"));
  for (const std::string& l : kb_->lexicon().part_locators)
    part_locators_.push_back(synonyms_.Apply(word(l)));
  std::stable_sort(part_locators_.begin(), part_locators_.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& [section, words] : kb_->lexicon().section_words) {
    for (const std::string& w : words) {
      const size_t gap = w.find("…");
      const std::string after =
          gap == std::string::npos ? "" : w.substr(gap + std::string_view("…").size());
      section_words_.push_back({section, synonyms_.Apply(word(w.substr(0, gap))),
                                after.empty() ? U"" : synonyms_.Apply(word(after))});
    }
  }

  // Error texts become patterns: XX marks the variable part.
  auto pattern = [&](const std::string& text) {
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
  };

  const auto& entries = kb_->entries();
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    for (const std::string& text : e.error_texts) {
      errors_.Add(i, pattern(text), /*partial=*/false);
      const auto clauses = Clauses(text);
      if (clauses.size() > 1) {
        for (const std::string& c : clauses) errors_.Add(i, pattern(c), /*partial=*/true);
      }
      std::string plain = text;
      for (size_t x; (x = plain.find("XX")) != std::string::npos;) plain.erase(x, 2);
      index_.AddText(i, DropFiller(Canonical(plain)), kErrorTextWeight, true);
    }
    index_.AddText(i, DropFiller(Canonical(e.title)), kTitleWeight, true);
    for (const std::string& a : e.aliases) {
      index_.AddText(i, DropFiller(Canonical(a)), kAliasWeight, true);
    }
    if (!e.field_name.empty()) {
      index_.AddText(i, DropFiller(Canonical(e.field_name)), kFieldWeight, false);
    }
    if (e.section > 0) {
      index_.AddText(i, Canonical(std::string(SectionName(e.section))), kSectionWeight, false);
    }
    index_.AddText(i, DropFiller(Canonical(e.summary)), kBodyWeight, false);
    for (const std::string& s : e.steps)
      index_.AddText(i, DropFiller(Canonical(s)), kBodyWeight, false);
    for (const std::string& s : e.notes)
      index_.AddText(i, DropFiller(Canonical(s)), kBodyWeight, false);
  }
  // Out-of-scope topics are documents after the entries: when one of them
  // ranks first, the message is about something else.
  const auto first_topic = static_cast<std::uint32_t>(entries.size());
  for (std::uint32_t t = 0; t < kb_->out_of_scope().size(); ++t) {
    for (const std::string& ex : kb_->out_of_scope()[t].examples) {
      index_.AddText(first_topic + t, DropFiller(Canonical(ex)), kAliasWeight, true);
    }
  }
  index_.Finish();
}

std::u32string Matcher::Canonical(std::string_view text) const {
  return CanonicalOf(normalizer_.Normalize(text));
}

std::u32string Matcher::CanonicalOf(std::u32string_view normalized) const {
  return synonyms_.Apply(homophones_.Apply(StripIdentifiers(normalized)));
}

std::u32string Matcher::Compact(std::u32string_view canonical) const {
  std::u32string out(canonical);
  std::erase(out, Normalizer::kSeparator);
  return out;
}

std::u32string Matcher::DropFiller(std::u32string_view canonical) const {
  return filler_.Apply(canonical);
}

std::u32string Matcher::SearchForm(std::string_view text) const {
  return DropFiller(Canonical(text));
}

std::vector<int> Matcher::NamedSections(std::u32string_view canonical) const {
  std::vector<std::pair<size_t, int>> first;  // (where, section)
  for (const SectionWord& w : section_words_) {
    const int section = w.section;
    const size_t at = FindSectionWord(canonical, w);
    if (at == std::u32string_view::npos) continue;
    auto it = std::find_if(first.begin(), first.end(),
                           [s = section](const auto& f) { return f.second == s; });
    if (it == first.end()) {
      first.emplace_back(at, section);
    } else {
      it->first = std::min(it->first, at);
    }
  }
  std::sort(first.begin(), first.end());
  std::vector<int> sections;
  for (const auto& f : first) sections.push_back(f.second);
  return sections;
}

bool Matcher::ContainsAny(std::u32string_view text, const std::vector<std::u32string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const auto& w) { return text.find(w) != std::u32string_view::npos; });
}

size_t Matcher::FindSectionWord(std::u32string_view canonical, const SectionWord& w) const {
  for (size_t at = canonical.find(w.before); at != std::u32string_view::npos;
       at = canonical.find(w.before, at + 1)) {
    if (w.after.empty()) return at;
    size_t i = at + w.before.size();
    for (int steps = 0; steps < 6 && !canonical.substr(i).starts_with(w.after); ++steps) {
      if (i < canonical.size() && canonical[i] == Normalizer::kSeparator) {
        ++i;
        continue;
      }
      const auto it =
          std::find_if(part_locators_.begin(), part_locators_.end(),
                       [&](const auto& l) { return canonical.substr(i).starts_with(l); });
      if (it == part_locators_.end()) break;
      i += it->size();
    }
    if (canonical.substr(i).starts_with(w.after)) return at;
  }
  return std::u32string_view::npos;
}

std::string Matcher::OtherProduct(std::u32string_view canonical,
                                  std::u32string_view compact) const {
  const bool wechat = canonical.find(wechat_) != std::u32string_view::npos;
  const bool mini_program = canonical.find(mini_program_) != std::u32string_view::npos;
  for (const std::u32string& p : other_platforms_) {
    if (!wechat && Followed(canonical, p, mini_program_, 3)) return "其他平台的小程序";
  }
  for (const std::u32string& s : other_services_) {
    if (!mini_program && Followed(canonical, s, filing_, 3)) return "其他产品的备案";
  }
  if (ContainsAny(compact, task_requests_)) return "代写代码与翻译";
  return "";
}

std::u32string Matcher::Hinted(std::u32string_view normalized,
                               std::u32string_view compact_canonical) const {
  std::vector<bool> seen(hint_adds_.size(), false);
  std::u32string out;
  for (const char32_t c : hint_triggers_.Apply(Compact(normalized))) {
    if (c < kHintMark || c >= kHintMark + hint_adds_.size() || seen[c - kHintMark]) continue;
    const auto& with = hint_withs_[c - kHintMark];
    if (!with.empty() && !ContainsAny(compact_canonical, with)) continue;
    seen[c - kHintMark] = true;
    AppendPiece(out, hint_adds_[c - kHintMark]);
  }
  return out;
}

bool Matcher::IsNamedSection(int section) const {
  return std::any_of(section_words_.begin(), section_words_.end(),
                     [&](const SectionWord& w) { return w.section == section; });
}

bool Matcher::RecognisesError(std::string_view text) const {
  return !errors_.Find(Compact(Canonical(text))).empty();
}

bool Matcher::IsAcknowledgement(const std::u32string& normalized) const {
  if (normalized.size() > 24) return false;  // more than a "收到"
  const std::u32string without = acknowledgements_.Apply(normalized);
  if (without == normalized) return false;  // no acknowledgement word
  const std::u32string rest = filler_.Apply(without);
  return std::none_of(rest.begin(), rest.end(), [](char32_t c) {
    return IsCjk(c) || (c < 0x80 && std::isalnum(static_cast<int>(c)));
  });
}

Matcher::Forms Matcher::FormsOf(std::string_view text) const {
  // The parts that ask weigh more than the story around them: the sentences
  // with a question cue, when others only tell, and within a long asking
  // sentence its last asking clause with the clause before it ("备案还挂在公司
  // 名下，我想把它注销，请问在哪操作"). Each sentence is normalized on its own (a
  // separator ends each sentence anyway, so the pieces join to the whole
  // text's form); a message with no such part at once.
  const std::vector<std::string_view> sentences = Sentences(text);
  const auto counts = [](std::string_view s) { return s.size() >= 6; };  // "嗯。" does not
  const auto told = static_cast<size_t>(std::count_if(sentences.begin(), sentences.end(), counts));
  std::vector<std::string_view> asking(sentences.size());
  size_t asked = 0;
  bool narrowed = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (!counts(sentences[i]) || !HasQuestionCue(sentences[i])) continue;
    asking[i] = told >= 2 ? AskingPart(sentences[i]) : sentences[i];
    narrowed = narrowed || asking[i].size() < sentences[i].size();
    ++asked;
  }
  // A later question that opens as an aside ("验证码多久失效？顺便问下备案要钱
  // 不") is another subject: it does not join the focus.
  bool first = true;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (asking[i].empty()) continue;
    if (!first && OpensAside(sentences[i])) {
      asking[i] = {};
      --asked;
    }
    first = false;
  }
  Forms f;
  if (!narrowed && (told < 2 || asked == 0 || asked == told)) {
    f.normalized = normalizer_.Normalize(text);
    f.canonical = CanonicalOf(f.normalized);
    return f;
  }
  for (size_t i = 0; i < sentences.size(); ++i) {
    const std::u32string n = normalizer_.Normalize(sentences[i]);
    const std::u32string c = CanonicalOf(n);
    AppendPiece(f.normalized, n);
    AppendPiece(f.canonical, c);
    if (asking[i].size() == sentences[i].size()) {
      AppendPiece(f.asking, c);
    } else if (!asking[i].empty()) {
      AppendPiece(f.asking, CanonicalOf(normalizer_.Normalize(asking[i])));
    }
  }
  return f;
}

MatchResult Matcher::Match(std::string_view text, size_t top,
                           std::optional<int> context_section) const {
  MatchResult result;
  if (top == 0) top = 1;
  const auto [normalized, canonical, asking] = FormsOf(text);
  if (IsAcknowledgement(normalized)) {
    result.acknowledgement = true;
    return result;
  }
  const auto& entries = kb_->entries();

  const std::u32string compact = Compact(canonical);

  // 1. Recognised error messages: one per entry, one per stretch of text.
  const auto error_hits = errors_.Find(compact);
  std::vector<ErrorMatcher::Hit> chosen;
  for (const auto& hit : error_hits) {
    bool skip = false;
    for (const auto& c : chosen) {
      if (c.owner == hit.owner) {
        skip = true;
        break;
      }
      if (Overlap(c, hit)) {
        if (&c == &chosen.front() && c.similarity - hit.similarity < kErrorTie) {
          result.ambiguous = true;
        }
        skip = true;
        break;
      }
    }
    if (!skip) chosen.push_back(hit);
  }
  // Several errors are answered in the order the user pasted them.
  if (chosen.size() > 1) {
    std::sort(chosen.begin(), chosen.end(),
              [](const auto& a, const auto& b) { return a.begin < b.begin; });
  }
  for (const auto& c : chosen) {
    const double score = 1.0 + c.similarity * (c.partial ? 0.95 : 1.0);
    result.matches.push_back({&entries[c.owner], score, MatchVia::kErrorText});
  }
  result.errors = chosen.size();

  // 2. Ranked retrieval fills the rest (or decides alone). An entry about
  // another part of the form than the one the message names drops back.
  std::u32string searched = DropFiller(canonical);
  // What a hint adds is what the message means: it weighs like the asking
  // part when there is one.
  const std::u32string hinted = Hinted(normalized, compact);
  AppendPiece(searched, hinted);
  std::u32string focus = DropFiller(asking);
  if (!focus.empty()) AppendPiece(focus, hinted);
  auto hits = index_.Search(searched, std::max<size_t>(top, 10), focus);
  const std::vector<int> sections = NamedSections(canonical);
  const std::optional<int> named =
      sections.size() == 1 ? std::optional<int>(sections.front()) : std::nullopt;
  const std::optional<int> context =
      sections.empty() && context_section && IsNamedSection(*context_section) ? context_section
                                                                              : std::nullopt;
  const bool error_cue = ContainsAny(canonical, error_cues_);
  // Is the message about something else? The best out-of-scope topic
  // against the best entry, before the preferences below.
  double best_topic = 0, best_entry = 0;
  for (const auto& h : hits) {
    if (h.doc >= entries.size() && best_topic == 0) {
      best_topic = h.score;
      result.off_topic = kb_->out_of_scope()[h.doc - entries.size()].name;
    }
    if (h.doc < entries.size() && best_entry == 0) best_entry = h.score;
  }
  result.in_domain = ContainsAny(canonical, anchors_);
  const double lead = result.in_domain ? kOffTopicLeadAnchored : kOffTopicLead;
  const std::string other_product = result.errors == 0 ? OtherProduct(canonical, compact) : "";
  const bool off_topic =
      !other_product.empty() || (best_topic > 0 && best_topic >= lead * best_entry);
  if (!other_product.empty()) {
    result.off_topic = other_product;
    result.other_product = true;
  } else if (!off_topic) {
    result.off_topic.clear();
  }
  // Which entry? Prefer the part of the form the message names and, without an error
  // cue, the field over the error.
  for (auto& h : hits) {
    if (h.doc >= entries.size()) continue;
    const Entry& e = entries[h.doc];
    if (named && e.section != *named && IsNamedSection(e.section)) h.score *= kOtherSectionFactor;
    if (context && e.section != *context && IsNamedSection(e.section))
      h.score *= kContextSectionFactor;
    if (sections.size() > 1 && e.section != sections.front() &&
        std::find(sections.begin() + 1, sections.end(), e.section) != sections.end()) {
      h.score *= kLaterSectionFactor;
    }
    if (!error_cue && e.kind == EntryKind::kError) h.score *= kNoCueErrorFactor;
  }
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  std::erase_if(hits, [&](const auto& h) { return h.doc >= entries.size(); });
  const double evidence = hits.empty() ? 0 : hits[0].evidence;
  for (const auto& h : hits) {
    const Entry* e = &entries[h.doc];
    const bool seen = std::any_of(result.matches.begin(), result.matches.end(),
                                  [&](const beian::Match& m) { return m.entry == e; });
    if (!seen)
      result.matches.push_back({e, h.score, MatchVia::kSearch, h.bm25, h.best_text, h.evidence});
  }

  if (result.errors > 0) {
    result.answered = true;
    if (result.errors > 1) result.ambiguous = false;  // several errors: answer them all
    if (result.ambiguous) {
      // The tied error goes second, right after the best one.
      for (const auto& hit : error_hits) {
        if (hit.owner == chosen.front().owner) continue;
        auto it =
            std::find_if(result.matches.begin(), result.matches.end(),
                         [&](const beian::Match& m) { return m.entry == &entries[hit.owner]; });
        if (it != result.matches.end() && it != result.matches.begin() + 1) {
          beian::Match tied = *it;
          tied.score = 1.0 + hit.similarity;
          result.matches.erase(it);
          result.matches.insert(result.matches.begin() + 1, tied);
        } else if (it == result.matches.end()) {
          result.matches.insert(result.matches.begin() + 1,
                                {&entries[hit.owner], 1.0 + hit.similarity, MatchVia::kErrorText});
        }
        break;
      }
    }
  } else if (!result.matches.empty()) {
    const double best = result.matches[0].score;
    const double second = result.matches.size() > 1 ? result.matches[1].score : 0;
    // A clear lead also answers: long messages dilute the score with chatter
    // while one entry still stands far ahead of the rest.
    const bool named_top = named && result.matches[0].entry->section == *named;
    const bool confident =
        best >= kAnswerThreshold || (named_top && best >= kNamedThreshold) ||
        (best >= kLeadThreshold && best >= kLeadRatio * second) ||
        (evidence >= kStrongEvidence && best >= kStrongEvidenceThreshold &&
         best >= kStrongEvidenceLead * second) ||
        (evidence >= kClearLeadEvidence && best >= kClearLeadThreshold &&
         best >= kClearLeadRatio * second) ||
        (evidence > kStrongEvidence && best >= LongThreshold(evidence) &&
         best >= kLongLeadRatio * second) ||
        (result.in_domain && evidence >= kAnchoredLeadEvidence && best >= kAnchoredLeadThreshold &&
         (best >= kAnchoredLeadRatio * second || (named_top && best >= kNamedLeadRatio * second)));
    const bool close_second = result.matches.size() > 1 && second >= kAmbiguityRatio * best;
    // A word, not a stray letter ("x") or digit.
    const bool word = std::count_if(canonical.begin(), canonical.end(), IsCjk) >= 2;
    const bool thin = word && evidence < kMinEvidence && evidence >= kThinEvidence &&
                      best >= kThinThreshold && result.matches.size() > 1 &&
                      second >= kThinRatio * best;
    const bool close_call = evidence >= kCloseCallEvidence && best >= kCloseCallThreshold &&
                            second >= kCloseCallRatio * best;  // second is 0 without a runner-up
    result.answered =
        !off_topic && ((confident && (evidence >= kMinEvidence || thin)) || close_call);
    result.ambiguous = result.answered && (close_second || thin || (close_call && !confident));
  }
  if (result.matches.size() > top) result.matches.resize(top);
  return result;
}

}  // namespace beian
