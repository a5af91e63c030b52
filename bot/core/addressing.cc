#include "bot/core/addressing.h"

#include <string_view>

#include "bot/ocr/screenshot.h"
#include "knowledge/matcher.h"

namespace beian {
namespace {

// Length of the white space at text[i] (ASCII, the no-break space, WeChat's
// U+2005 after an @name, the ideographic space), 0 if none.
size_t SpaceAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') return 1;
  for (std::string_view w : {"\u00A0", "\u2005", "\u3000"}) {
    if (text.compare(i, w.size(), w) == 0) return w.size();
  }
  return 0;
}

constexpr size_t kLongestName = 60;  // bytes: 20 Chinese characters

// `t` without its leading "@name " mentions (a name ends at white space).
std::string_view WithoutLeadingMentions(std::string_view t) {
  for (;;) {
    size_t i = 0;
    while (size_t n = SpaceAt(t, i)) i += n;
    if (i >= t.size() || t[i] != '@') return t;
    size_t j = i + 1;
    while (j < t.size() && SpaceAt(t, j) == 0) ++j;
    if (j == i + 1 || j - i > kLongestName || j == t.size()) return t;  // no name, or nothing after
    t.remove_prefix(j);
  }
}

// `t` without a trailing "@name" after white space.
std::string_view WithoutTrailingMention(std::string_view t) {
  const size_t at = t.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= t.size() || t.size() - at > kLongestName)
    return t;
  for (size_t k = at + 1; k < t.size(); ++k) {
    if (SpaceAt(t, k) != 0) return t;
  }
  for (size_t width = 1; width <= 3 && width <= at; ++width) {  // the white space before it
    if (SpaceAt(t, at - width) == width) return t.substr(0, at - width);
  }
  return t;
}

}  // namespace

std::string Trimmed(const std::string& text) {
  std::string_view rest = text;
  const auto first = rest.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  rest.remove_prefix(first);
  // Whole characters only: a byte set would cut the tail of 一 (E4 B8 80).
  static constexpr std::string_view kEnds[] = {" ",  "\t", "\r", "\n", "。",
                                               "！", "!",  "~",  "？", "?"};
  for (bool cut = true; cut;) {
    cut = false;
    for (std::string_view end : kEnds) {
      if (rest.ends_with(end)) {
        rest.remove_suffix(end.size());
        cut = true;
      }
    }
  }
  return std::string(rest);
}

std::string WithoutMentions(const std::string& text) {
  return std::string(WithoutTrailingMention(WithoutLeadingMentions(text)));
}

std::optional<std::string> AddressedText(const Matcher& matcher, const IncomingMessage& message,
                                         const GroupRule& rule) {
  if (!message.group) return message.text;
  if (message.mentioned) return WithoutMentions(message.text);
  const std::string trimmed = Trimmed(message.text);
  if (!rule.prefix.empty() && trimmed.rfind(rule.prefix, 0) == 0)
    return trimmed.substr(rule.prefix.size());
  // A screenshot of a platform error (the usual way a group asks) is answered
  // unasked too; any other picture in a group is not for the bot.
  if (message.screenshot) {
    const bool error = message.screenshot->verdict == ScreenshotVerdict::kErrors;
    return rule.errors && error ? std::optional<std::string>("") : std::nullopt;
  }
  if (rule.errors) {
    // A pasted platform error is worth answering unasked — but only when
    // recognised almost verbatim.
    const MatchResult match = matcher.Match(message.text, 1);
    if (match.errors > 0 && match.matches[0].score >= kGroupErrorScore) return message.text;
  }
  return std::nullopt;
}

}  // namespace beian
