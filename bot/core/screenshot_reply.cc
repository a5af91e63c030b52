#include "bot/core/screenshot_reply.h"

#include <nlohmann/json.hpp>

#include "bot/core/lookup_answer.h"

namespace beian {
namespace {

BotText ProblemText(const ScreenshotReading& reading) {
  switch (reading.verdict) {
    case ScreenshotVerdict::kUnreadable:
      return BotText::kScreenshotUnreadable;
    case ScreenshotVerdict::kBusy:
      return BotText::kScreenshotBusy;
    case ScreenshotVerdict::kBadImage:
      return reading.problem == ImageProblem::kTooLarge ||
                     reading.problem == ImageProblem::kTooManyPixels
                 ? BotText::kScreenshotTooLarge
                 : BotText::kScreenshotBadImage;
    default:
      return BotText::kScreenshotNoError;
  }
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

}  // namespace

nlohmann::json ScreenshotJson(const ScreenshotReading& reading, size_t top) {
  MatchResult match = reading.match;
  if (match.matches.size() > top) match.matches.resize(top);
  nlohmann::json j = LookupJson(Joined(reading.understood), match);
  j["ocr_text"] = reading.ocr_text;
  j["screenshot"] = VerdictName(reading.verdict);
  if (reading.verdict == ScreenshotVerdict::kBadImage)
    j["problem"] = ImageProblemName(reading.problem);
  return j;
}

Reply ScreenshotReply(const ScreenshotReading& reading, const KnowledgeBase& kb,
                      const BotTexts& say) {
  const bool answers = reading.verdict == ScreenshotVerdict::kErrors ||
                       reading.verdict == ScreenshotVerdict::kUnsure;
  if (!answers || !reading.match.answered) return {{say(ProblemText(reading))}, Outcome::kDeclined};
  std::string head =
      say(reading.verdict == ScreenshotVerdict::kErrors ? BotText::kScreenshotRead
                                                        : BotText::kScreenshotUnsure);
  for (const std::string& line : reading.understood) {
    head += '\n';
    head += say(BotText::kScreenshotLine, {{"line", line}});
  }
  head += "\n\n";
  head += RenderAnswer(reading.match, kb, say);
  return {{std::move(head)}, reading.match.ambiguous ? Outcome::kClarify : Outcome::kAnswer};
}

}  // namespace beian
