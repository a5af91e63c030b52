#include "knowledge/matcher.h"

#include <algorithm>
#include <bit>
#include <cctype>

namespace beian {
namespace {

// Two error hits on the same words within this similarity are equally
// likely: the user must say which they mean.
constexpr double kErrorTie = 0.05;

bool Overlap(const ErrorMatcher::Hit& a, const ErrorMatcher::Hit& b) {
  const auto lo = std::max(a.begin, b.begin);
  const auto hi = std::min(a.end, b.end);
  if (hi <= lo) return false;
  const auto shorter = std::min(a.end - a.begin, b.end - b.begin);
  return 2 * (hi - lo) > shorter;
}

}  // namespace

std::u32string Matcher::Canonical(std::string_view text) const {
  return CanonicalOf(normalizer_.Normalize(text));
}

std::u32string Matcher::CanonicalOf(std::u32string_view normalized) const {
  return synonyms_.Apply(Unslipped(StripIdentifiers(normalized)));
}

std::u32string Matcher::Unslipped(std::u32string_view text) const {
  std::u32string once = homophones_.Apply(text);
  // A slip fixed can complete a longer one ("主题付责人": 付责人, then 主题负责人).
  if (once == text) return once;
  return homophones_.Apply(once);
}

std::u32string Matcher::Compact(std::u32string_view canonical) const {
  std::u32string out(canonical);
  std::erase(out, Normalizer::kSeparator);
  return out;
}

namespace {

// Drops the second of two equal runs of 2–4 CJK characters in a row.
void CollapseRepeats(std::u32string& text) {
  constexpr std::size_t kLongestRepeat = 4;
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t repeat = 0;
    for (std::size_t len = kLongestRepeat; len >= 2 && repeat == 0; --len) {
      if (out < len || i + len > text.size()) continue;
      const std::u32string_view before(text.data() + out - len, len), next(text.data() + i, len);
      if (before == next && std::all_of(next.begin(), next.end(), IsCjk)) repeat = len;
    }
    if (repeat > 0) {
      i += repeat;
    } else {
      text[out++] = text[i++];
    }
  }
  text.resize(out);
}

}  // namespace

std::u32string Matcher::DropFiller(std::u32string_view canonical) const {
  std::u32string out = filler_.Apply(canonical);
  CollapseRepeats(out);
  return out;
}

std::u32string Matcher::SearchForm(std::string_view text) const {
  return DropFiller(Canonical(text));
}

std::u32string Matcher::Hinted(std::u32string_view normalized,
                               std::u32string_view compact_canonical) const {
  // Both allocated at the first trigger found (most messages have none).
  // By the first hint with the same words: those words are in `out`.
  std::vector<bool> added;
  // Whether a hint's `with` and `unless` let it hold, found when first asked.
  std::vector<signed char> holds;
  const auto hint_holds = [&](size_t hint) {
    if (holds.empty()) {
      holds.assign(hint_adds_.size(), -1);
      added.assign(hint_adds_.size(), false);
    }
    if (holds[hint] < 0) {
      const WordSet& with = hint_withs_[hint];
      holds[hint] = (with.empty() || with.ContainsAny(compact_canonical)) &&
                    !hint_unless_[hint].ContainsAny(compact_canonical);
    }
    return holds[hint] == 1;
  };
  // A trigger none of whose hints hold hides no shorter trigger inside it
  // ("要不要跟着改" asks about a change although 要不要跟着 is another hint's).
  const auto any_holds = [&](std::u32string_view marks) {
    return std::any_of(marks.begin(), marks.end(),
                       [&](char32_t c) { return hint_holds(c - kHintMark); });
  };
  std::u32string out;
  // Triggers are kept with sound-alike slips corrected: so is the message.
  // It is read twice: as typed, and without the filler of speech, which
  // breaks a phrase apart ("没有那个章子" says "没有章子").
  const auto read = [&](std::u32string_view form) {
    for (const char32_t c : hint_triggers_.Apply(Unslipped(Compact(form)), any_holds)) {
      if (c < kHintMark || c >= kHintMark + hint_adds_.size()) continue;
      const size_t hint = c - kHintMark;
      const size_t first = hint_first_[hint];
      if (!hint_holds(hint) || added[first]) continue;
      added[first] = true;
      AppendPiece(out, hint_adds_[first]);
    }
  };
  read(normalized);
  const std::u32string unspoken = spoken_filler_.Apply(normalized);
  if (unspoken.size() != normalized.size()) read(unspoken);
  // English and pinyin words say a trigger once the glossary has put them in
  // Chinese ("SMS verify 一直 fail" says 短信核验 不通过).
  const auto latin = [](char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
  };
  if (std::any_of(normalized.begin(), normalized.end(), latin)) read(compact_canonical);
  return out;
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

bool Matcher::AsksLittle(const std::vector<std::string_view>& asking) const {
  size_t words = 0;
  for (const auto& part : asking) {
    if (part.empty()) continue;
    const std::u32string form = SearchForm(part);
    words += std::count_if(form.begin(), form.end(), IsCjk);
  }
  return words < kLittleAsked;
}

bool Matcher::NamesNoField(std::string_view text) const {
  return FieldsNamed(CanonicalOf(normalizer_.Normalize(text))) == 0;
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
  std::vector<std::u32string> normalized(sentences.size());  // where already done
  size_t asked = 0;
  bool narrowed = false;
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (!counts(sentences[i]) || !HasQuestionCue(sentences[i])) continue;
    asking[i] = told >= 2 ? AskingPart(sentences[i]) : sentences[i];
    // The clause that names the field stays with the question that names none
    // ("现填到主办单位证件号码这一栏，证书上有好几个编号，不知应当填哪一个").
    if (asking[i].size() < sentences[i].size() && NamesNoField(asking[i])) {
      normalized[i] = normalizer_.Normalize(sentences[i]);
      if (FieldsNamed(CanonicalOf(normalized[i])) != 0) asking[i] = sentences[i];
    }
    narrowed = narrowed || asking[i].size() < sentences[i].size();
    ++asked;
  }
  if (told >= 2 && asked > 0 && AsksLittle(asking)) {
    // "这种情况到底怎么处理？" asks about what the story reported: the sentence
    // that reports the rejection is what the user needs explained.
    for (size_t i = 0; i < sentences.size(); ++i) {
      if (!asking[i].empty() || !counts(sentences[i])) continue;
      normalized[i] = normalizer_.Normalize(sentences[i]);
      if (!HasErrorCue(CanonicalOf(normalized[i]))) continue;
      asking[i] = sentences[i];
      ++asked;
    }
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
    const std::u32string n =
        normalized[i].empty() ? normalizer_.Normalize(sentences[i]) : std::move(normalized[i]);
    const std::u32string c = CanonicalOf(n);
    AppendPiece(f.normalized, n);
    AppendPiece(f.canonical, c);
    if (asking[i].size() == sentences[i].size()) {
      AppendPiece(f.asking, c);
    } else if (!asking[i].empty()) {
      AppendPiece(f.asking, CanonicalOf(normalizer_.Normalize(asking[i])));
    }
    if (!asking[i].empty()) AppendPiece(f.asked, c);
  }
  return f;
}

MatchResult Matcher::Match(std::string_view text, size_t top,
                           std::optional<int> context_section) const {
  MatchResult result;
  if (top == 0) top = 1;
  const auto [normalized, canonical, asking, asked] = FormsOf(text);
  if (IsAcknowledgement(normalized)) {
    result.acknowledgement = true;
    return result;
  }
  const std::u32string compact = Compact(canonical);

  // 1. Recognised error messages.
  auto error_hits = errors_.Find(compact);
  const bool reports = HasErrorCue(canonical);
  if (!reports) DropRuleQuestions(error_hits, text, compact);
  const auto chosen = ChooseErrors(error_hits, compact, result);

  // 2. Ranked retrieval fills the rest (or decides alone).
  std::u32string searched = DropFiller(canonical);
  // What a hint adds is what the message means: it weighs like the asking
  // part when there is one.
  const std::u32string hinted = Hinted(normalized, compact);
  AppendPiece(searched, hinted);
  std::u32string focus = DropFiller(asking);
  if (!focus.empty()) AppendPiece(focus, hinted);
  auto hits = index_.Search(searched, std::max<size_t>(top, 10), focus);

  // 3. About something else? Then, which part of the form is meant.
  const bool off_topic = IsOffTopic(hits, canonical, compact, hinted, result);
  // The parts its asking sentences name, when they name any: "主体负责人填的校长…
  // 现在卡在小程序负责人的证件有效期，…结束日期要填啥？" asks about the fourth.
  std::vector<int> sections = NamedSections(asked);
  if (sections.empty()) sections = NamedSections(canonical);
  const std::optional<int> named =
      sections.size() == 1 ? std::optional<int>(sections.front()) : std::nullopt;
  const std::optional<int> context =
      sections.empty() && context_section && IsNamedSection(*context_section) ? context_section
                                                                              : std::nullopt;
  // A story's rejection with a question of what to enter asks for the field
  // (Lexicon::fill_questions).
  const bool asks_fill =
      !asking.empty() && !HasErrorCue(asking) && fill_questions_.ContainsAny(Compact(asking));
  // A hint can name the rejection the message only describes ("没有门牌号").
  const bool error_cue = (reports || HasErrorCue(hinted)) && !asks_fill;
  const std::uint64_t fields = FieldsAsked(text, canonical, asking);
  Prefer(hits, fields, sections, context, error_cue);
  const double evidence = hits.empty() ? 0 : hits[0].evidence;
  const auto& entries = kb_->entries();
  for (const auto& h : hits) {
    const Entry* e = &entries[h.doc];
    const bool seen = std::any_of(result.matches.begin(), result.matches.end(),
                                  [&](const beian::Match& m) { return m.entry == e; });
    if (!seen)
      result.matches.push_back({e, h.score, MatchVia::kSearch, h.bm25, h.best_text, h.evidence});
  }

  // 4. Answer, ask which, or decline.
  if (result.errors > 0 && result.other_product) {
    result.answered = false;  // the pasted rejection is the chore's object
  } else if (result.errors > 0) {
    DecideByErrors(error_hits, chosen.front(), result);
  } else if (!result.matches.empty()) {
    const auto best = static_cast<std::size_t>(result.matches[0].entry - entries.data());
    const bool names_field = (entry_fields_[best] & fields) != 0;
    DecideByScores(canonical, named, names_field, evidence, off_topic, error_cue, result);
    if (!result.answered && !off_topic && HintLed(hinted, best, error_cue, result))
      result.answered = true;
    if (result.answered) RelatedNoteFirst(hinted, result);
  }
  if (result.matches.size() > top) result.matches.resize(top);
  return result;
}

void Matcher::DropRuleQuestions(std::vector<ErrorMatcher::Hit>& hits, std::string_view text,
                                std::u32string_view compact) const {
  if (hits.empty() || !HasQuestionCue(text)) return;
  // Asked with question marks alone, a message that is nearly all an error
  // text pastes the rejection in the user's shorthand.
  const bool marks_only = !HasQuestionCue(WithoutQuestionMarks(text));
  std::erase_if(hits, [&](const ErrorMatcher::Hit& h) {
    return h.similarity < 1 &&
           !(marks_only && (h.end - h.begin) >= kWholeErrorShare * compact.size());
  });
}

std::uint64_t Matcher::FieldsAsked(std::string_view text, std::u32string_view canonical,
                                   std::u32string_view asking) const {
  // The asking part's fields when it names any ("住所挂在孵化器…通讯地址应该写
  // 哪一个" asks about the mailing address). Else the message's; when it names
  // several, those of its last clause that asks an open question ("住所是孵化
  // 器，通讯地址写哪个"; "…的应急手机号，可以填负责人的手机号吗" offers a value).
  const std::uint64_t asked = FieldsNamed(asking);
  if (asked != 0) return asked;
  const std::uint64_t fields = FieldsNamed(canonical);
  if (std::popcount(fields) <= 1) return fields;
  const std::string_view clause = LastAskingClause(text);
  const std::uint64_t clause_fields =
      HasOpenQuestionCue(clause) ? FieldsNamed(CanonicalOf(normalizer_.Normalize(clause))) : 0;
  return clause_fields != 0 ? clause_fields : fields;
}

std::vector<ErrorMatcher::Hit> Matcher::ChooseErrors(const std::vector<ErrorMatcher::Hit>& hits,
                                                     std::u32string_view compact,
                                                     MatchResult& result) const {
  // One per entry, one per stretch of text.
  std::vector<ErrorMatcher::Hit> chosen;
  for (const auto& hit : hits) {
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
  // Several errors are answered in the order the user pasted them, the
  // latest told first ("第一次说…；这次驳回原因写的是…").
  if (chosen.size() > 1) {
    std::sort(chosen.begin(), chosen.end(),
              [](const auto& a, const auto& b) { return a.begin < b.begin; });
    const auto latest = LatestTold(chosen, compact);
    std::rotate(chosen.begin(), latest, latest + 1);
  }
  for (const auto& c : chosen) {
    const double score = 1.0 + c.similarity * (c.partial ? 0.95 : 1.0);
    result.matches.push_back({&kb_->entries()[c.owner], score, MatchVia::kErrorText});
  }
  result.errors = chosen.size();
  return chosen;
}

std::vector<ErrorMatcher::Hit>::iterator Matcher::LatestTold(std::vector<ErrorMatcher::Hit>& chosen,
                                                             std::u32string_view compact) const {
  for (auto it = chosen.end() - 1; it != chosen.begin(); --it) {
    const size_t from = std::min<size_t>((it - 1)->end, it->begin);
    const std::u32string_view between = compact.substr(from, it->begin - from);
    if (std::any_of(current_marks_.begin(), current_marks_.end(),
                    [&](const auto& m) { return between.find(m) != std::u32string_view::npos; }))
      return it;
  }
  return chosen.begin();
}

bool Matcher::IsOffTopic(const std::vector<SearchIndex::Hit>& hits, std::u32string_view canonical,
                         std::u32string_view compact, std::u32string_view hinted,
                         MatchResult& result) const {
  // The best out-of-scope topic against the best entry, before any preference.
  const auto& entries = kb_->entries();
  double best_topic = 0, best_entry = 0;
  for (const auto& h : hits) {
    if (h.doc >= entries.size() && best_topic == 0) {
      best_topic = h.score;
      result.off_topic = kb_->out_of_scope()[h.doc - entries.size()].name;
    }
    if (h.doc < entries.size() && best_entry == 0) best_entry = h.score;
  }
  // A part of the form named with one of its fields ("小程序那边的负责人")
  // is the form's vocabulary as much as an anchor word is.
  result.in_domain = anchors_.ContainsAny(canonical) || NamesPartWithField(canonical);
  const double lead = result.in_domain ? kOffTopicLeadAnchored : kOffTopicLead;
  const std::string other_product = OtherProduct(canonical, compact, result.errors > 0);
  const bool off_topic =
      !other_product.empty() || (best_topic > 0 && best_topic >= lead * best_entry);
  if (!other_product.empty()) {
    result.off_topic = other_product;
    result.other_product = true;
  } else if (!off_topic) {
    result.off_topic.clear();
  }
  // A hint is a phrase of the filing's own ("先办什么许可才能提交"): what it
  // adds names the filing as an anchor word does, but for the form's people
  // (老板 is anyone's boss). The topics were weighed on the message's words.
  if (hint_anchors_.ContainsAny(hinted)) result.in_domain = true;
  return off_topic;
}

void Matcher::Prefer(std::vector<SearchIndex::Hit>& hits, std::uint64_t fields,
                     const std::vector<int>& sections, std::optional<int> context,
                     bool error_cue) const {
  // The part of the form the message names (or the conversation is in), the
  // fields it names and, without an error cue, the field over the error (with
  // one, the error over the field); out-of-scope topics go.
  const auto& entries = kb_->entries();
  const std::optional<int> named =
      sections.size() == 1 ? std::optional<int>(sections.front()) : std::nullopt;
  for (auto& h : hits) {
    if (h.doc >= entries.size()) continue;
    const Entry& e = entries[h.doc];
    // An entry of a part the message does not name, when it names any.
    if (!sections.empty() && IsNamedSection(e.section) &&
        std::find(sections.begin(), sections.end(), e.section) == sections.end())
      h.score *= kOtherSectionFactor;
    if (context && e.section != *context && IsNamedSection(e.section))
      h.score *= kContextSectionFactor;
    if (sections.size() > 1 && e.section != sections.front() &&
        std::find(sections.begin() + 1, sections.end(), e.section) != sections.end()) {
      h.score *= kLaterSectionFactor;
    }
    if (e.kind == EntryKind::kError)
      h.score = error_cue ? h.score / kCueOtherFactor : h.score * kNoCueErrorFactor;
    // A note explains why a rejection comes (the registry's delay, the upload
    // limits): a reported rejection favours it as it favours the errors.
    if (e.kind == EntryKind::kNote && error_cue) h.score /= kCueOtherFactor;
    const std::uint64_t own = entry_fields_[h.doc];
    if (fields != 0 && own != 0 && (own & fields) == 0) h.score *= kOtherFieldFactor;
    if (fields != 0 && own == 0 && e.kind == EntryKind::kFaq && IsNamedSection(e.section))
      h.score *= kFieldlessFaqFactor;
  }
  if (named && fields != 0) KeepSiblingsBelow(hits, *named, fields);
  std::stable_sort(hits.begin(), hits.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  std::erase_if(hits, [&](const auto& h) { return h.doc >= entries.size(); });
}

void Matcher::KeepSiblingsBelow(std::vector<SearchIndex::Hit>& hits, int section,
                                std::uint64_t fields) const {
  const auto& entries = kb_->entries();
  const auto names = [&](const SearchIndex::Hit& h) {
    return h.doc < entries.size() && (entry_fields_[h.doc] & fields) != 0;
  };
  double own = 0;                // the named part's best entry for a field named
  std::uint64_t own_fields = 0;  // and its fields named
  for (const auto& h : hits) {
    if (names(h) && entries[h.doc].section == section && h.score > own) {
      own = h.score;
      own_fields = entry_fields_[h.doc] & fields;
    }
  }
  for (auto& h : hits) {
    if (own == 0 || h.doc >= entries.size()) continue;
    const Entry& e = entries[h.doc];
    if (e.section != section && IsNamedSection(e.section) && e.kind != EntryKind::kError &&
        (entry_fields_[h.doc] & own_fields) != 0)
      h.score = std::min(h.score, own * kSiblingCap);
  }
}

}  // namespace beian
