#include "knowledge/message_text.h"

#include <algorithm>
#include <span>
#include <utility>

#include "knowledge/normalizer.h"

namespace beian {
namespace {

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

bool IsAsciiAlnum(char32_t c) { return IsAsciiDigit(c) || (c >= U'a' && c <= U'z'); }

// True for an ASCII token that identifies something rather than says
// something: an AppID (wx + 16 hex), a phone or ID number, an order number.
bool IsIdentifier(std::u32string_view word) {
  const bool all_digits = std::all_of(word.begin(), word.end(), IsAsciiDigit);
  if (all_digits) return word.size() >= 5;
  const bool has_digit = std::any_of(word.begin(), word.end(), IsAsciiDigit);
  if (word.size() >= 10 && has_digit) return true;
  return word.size() >= 10 && word.substr(0, 2) == U"wx";
}

// Length of the sentence end at text[i] (。？！；… or ?!; or a newline), 0 if none.
size_t SentenceEndAt(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0xE2) return c == '?' || c == '!' || c == ';' || c == '\n' ? 1 : 0;
  if ((c != 0xE3 && c != 0xEF && c != 0xE2) || i + 3 > text.size()) return 0;
  static constexpr std::string_view kEnds[] = {"。", "？", "！", "；", "…"};
  const std::string_view three = text.substr(i, 3);
  return std::find(std::begin(kEnds), std::end(kEnds), three) != std::end(kEnds) ? 3 : 0;
}

// Where the clause starting at `from` ends (at a comma, with `at_spaces` at a
// space too, or the end).
size_t ClauseEnd(std::string_view sentence, size_t from, bool at_spaces = false) {
  static constexpr std::string_view kCommas[] = {"，", ",", "、"};
  size_t end = at_spaces ? sentence.find(' ', from) : sentence.size();
  for (std::string_view c : kCommas) end = std::min(end, sentence.find(c, from));
  return std::min(end, sentence.size());
}

// Where the clause after the one ending at `end` starts (past its comma).
size_t NextClause(std::string_view sentence, size_t end) {
  return end + (static_cast<unsigned char>(sentence[end]) < 0x80 ? 1 : 3);
}

bool ContainsAnyOf(std::string_view text, std::span<const std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return text.find(w) != text.npos; });
}

}  // namespace

// Drops identifiers (see IsIdentifier) from normalized text.
std::u32string StripIdentifiers(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (!IsAsciiAlnum(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t j = i;
    while (j < text.size() && IsAsciiAlnum(text[j])) ++j;
    const std::u32string_view word = text.substr(i, j - i);
    if (!IsIdentifier(word)) {
      out += word;
    } else if (!out.empty() && out.back() != Normalizer::kSeparator) {
      out.push_back(Normalizer::kSeparator);
    }
    i = j;
  }
  return out;
}

// A lexicon word as the matcher sees it in a message: separators dropped,
// except one between two ASCII words, which messages keep too ("face
// verify", "mail address" — without it such a phrase never matched).
std::u32string WordForm(std::u32string normalized) {
  std::u32string out;
  for (size_t i = 0; i < normalized.size(); ++i) {
    const char32_t c = normalized[i];
    if (c == Normalizer::kSeparator &&
        !(i > 0 && i + 1 < normalized.size() && IsAsciiAlnum(normalized[i - 1]) &&
          IsAsciiAlnum(normalized[i + 1]))) {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// The text cut after each sentence end; the pieces, joined, are the text.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    const size_t len = SentenceEndAt(text, i);
    i += len == 0 ? 1 : len;
    if (len == 0 && i < text.size()) continue;
    out.push_back(text.substr(start, i - start));
    start = i;
  }
  return out;
}

std::string WithoutQuestionMarks(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '?') continue;
    if (text.substr(i, 3) == "？") {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool HasOpenQuestionCue(std::string_view text) {
  static constexpr std::string_view kCues[] = {"怎", "什么", "如何", "哪", "啥", "咋"};
  return ContainsAnyOf(text, kCues);
}

std::string_view LastAskingClause(std::string_view text) {
  std::vector<std::string_view> clauses;
  for (const std::string_view sentence : Sentences(text)) {
    for (size_t at = 0; at < sentence.size();) {
      const size_t end = ClauseEnd(sentence, at, /*at_spaces=*/true);
      if (end > at) clauses.push_back(sentence.substr(at, end - at));
      if (end == sentence.size()) break;
      at = NextClause(sentence, end);
    }
  }
  if (clauses.size() < 2) return {};
  for (size_t i = clauses.size(); i-- > 0;) {
    if (HasQuestionCue(clauses[i])) return clauses[i];
  }
  return {};
}

// True when a sentence opens a second, separate question: 顺便, 另外, 还有 …
bool OpensAside(std::string_view sentence) {
  static constexpr std::string_view kAsides[] = {"顺便", "另外", "还有",   "再问", "对了",
                                                 "以及", "此外", "还想问", "btw",  "BTW"};
  const size_t start = sentence.find_first_not_of(" \t\n");
  if (start == std::string_view::npos) return false;
  const std::string_view s = sentence.substr(start);
  return std::any_of(std::begin(kAsides), std::end(kAsides),
                     [&](std::string_view a) { return s.starts_with(a); });
}

// The part of an asking sentence that asks: with three clauses or more, its
// last clause with a question cue and the clause before it; else all of it.
std::string_view AskingPart(std::string_view sentence) {
  std::vector<std::pair<size_t, size_t>> clauses;  // [begin, end)
  for (size_t at = 0; at < sentence.size();) {
    const size_t end = ClauseEnd(sentence, at);
    clauses.emplace_back(at, end);
    if (end == sentence.size()) break;
    at = NextClause(sentence, end);
  }
  if (clauses.size() < 3) return sentence;
  for (size_t i = clauses.size(); i-- > 0;) {
    const auto [b, e] = clauses[i];
    if (!HasQuestionCue(sentence.substr(b, e - b))) continue;
    const size_t from = clauses[i == 0 ? 0 : i - 1].first;
    return sentence.substr(from, e - from);
  }
  return sentence;
}

void AppendPiece(std::u32string& to, std::u32string_view piece) {
  if (piece.empty()) return;
  if (!to.empty()) to.push_back(Normalizer::kSeparator);
  to += piece;
}

bool Followed(std::u32string_view text, std::u32string_view word, std::u32string_view then,
              size_t within, std::u32string_view unless) {
  for (size_t at = text.find(word); at != std::u32string_view::npos; at = text.find(word, at + 1)) {
    const size_t end = at + word.size();
    // An ASCII word counts whole: "app" is not in "appid".
    if ((at > 0 && IsAsciiAlnum(word.front()) && IsAsciiAlnum(text[at - 1])) ||
        (end < text.size() && IsAsciiAlnum(word.back()) && IsAsciiAlnum(text[end]))) {
      continue;
    }
    const size_t next = text.find(then, end);
    if (next == std::u32string_view::npos || next - end > within) continue;
    if (text.substr(end, next - end).find_first_of(unless) == std::u32string_view::npos)
      return true;
  }
  return false;
}

bool HasQuestionCue(std::string_view text) {
  static constexpr std::string_view kCues[] = {
      "？",     "?",  "吗", "呢", "怎",   "什么", "如何", "是否",   "能否", "能不能", "可不可以",
      "是不是", "哪", "啥", "咋", "多久", "几",   "还是", "要不要", "行不", "有没有"};
  // "不怎么活动了" and "没怎么用" say "hardly": their 怎 asks nothing.
  static constexpr std::string_view kNotAsking[] = {"不怎么", "没怎么"};
  if (!ContainsAnyOf(text, kNotAsking)) return ContainsAnyOf(text, kCues);
  std::string rest(text);
  for (const std::string_view w : kNotAsking) {
    for (std::size_t at = rest.find(w); at != std::string::npos; at = rest.find(w))
      rest.erase(at, w.size());
  }
  return ContainsAnyOf(rest, kCues);
}

}  // namespace beian
