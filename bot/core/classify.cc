#include "bot/core/classify.h"

#include "bot/core/addressing.h"
#include "knowledge/message_text.h"
#include "knowledge/normalizer.h"

namespace beian {
namespace {

// "2", "第二个", "第2条" (already simplified): which of the offered entries;
// nullopt when the message is not such a pick or the number is not offered.
std::optional<std::string> Picked(const BotWords& words, const std::string& text,
                                  const std::vector<std::string>& offered) {
  if (offered.empty()) return std::nullopt;
  std::string s = Trimmed(text);
  for (const std::string& before : words.pick_before) {
    if (s.starts_with(before)) {
      s.erase(0, before.size());
      break;
    }
  }
  for (const std::string& tail : words.pick_after) {
    if (s.size() > tail.size() && s.ends_with(tail)) s.erase(s.size() - tail.size());
  }
  for (size_t i = 0; i < offered.size() && i < words.pick_numerals.size(); ++i) {
    if (s == std::to_string(i + 1) || s == words.pick_numerals[i]) return offered[i];
  }
  return std::nullopt;
}

// No digit at all (ASCII or full-width), and at least two Chinese characters.
bool WordsOnly(const std::string& text) {
  const std::u32string u = DecodeUtf8(text);
  size_t han = 0;
  for (char32_t c : u) {
    if ((c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19)) return false;
    if (IsCjk(c)) ++han;
  }
  return han >= 2;
}

bool WantsNumber(const Step& step) {
  return step.check == "mobile" || step.check == "id_number" || step.check == "credit_code";
}

// During an active step: a question (or pasted error), or the step's value.
// Most messages are values: without a cue, only a recognised error needs the
// whole match.
void ClassifyAtStep(const Matcher& matcher, const Step* step, const std::string& text,
                    Classified& out) {
  const bool cue =
      HasQuestionCue(text) || (step != nullptr && WantsNumber(*step) && WordsOnly(text));
  const std::optional<int> context = step != nullptr ? std::optional(step->part) : std::nullopt;
  std::optional<MatchResult> result;
  if (cue || matcher.RecognisesError(text)) result = matcher.Match(text, 5, context);
  if (result && (result->errors > 0 || (cue && result->answered))) {
    out.kind = MessageClass::kStepQuestion;
    out.match = std::move(result);
  } else {
    out.kind = MessageClass::kFormValue;
  }
}

}  // namespace

Classified Classify(const Matcher& matcher, const Walkthrough& walkthrough, const BotWords& words,
                    const WalkState& state, const IncomingMessage& message, const std::string& text,
                    const std::vector<std::string>& offered) {
  Classified out;
  if (message.non_text) {
    out.kind = MessageClass::kNonText;
    return out;
  }
  out.simple = matcher.Simplify(text);
  if (const auto picked = Picked(words, out.simple, offered)) {
    out.picked = matcher.kb().Find(*picked);
    if (out.picked != nullptr) {
      out.kind = MessageClass::kPick;
      return out;
    }
  }
  if ((out.command = walkthrough.ParseCommand(out.simple))) {
    out.kind = MessageClass::kCommand;
  } else if (state.active && !state.paused) {
    ClassifyAtStep(matcher, walkthrough.Current(state), text, out);
  } else {
    out.kind = MessageClass::kQuestion;
  }
  return out;
}

}  // namespace beian
