#include "bot/core/screenshot_reply.h"

#include <nlohmann/json.hpp>

#include "bot/core/lookup_answer.h"

namespace beian {
namespace {

// An error text's score is 1 + its similarity: below this, more than about
// one character in ten was misread.
constexpr double kCloseReading = 1.9;

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

// A recognised error matched with a few characters misread (OCR): the
// 主体负责人 / 小程序负责人 pairs differ by one word, so the reply says the
// reading may be off and asks for the text if it is.
bool ReadLoosely(const ScreenshotReading& reading) {
  for (size_t i = 0; i < reading.match.errors && i < reading.match.matches.size(); ++i)
    if (reading.match.matches[i].score < kCloseReading) return true;
  return false;
}

}  // namespace

nlohmann::json ScreenshotJson(const ScreenshotReading& reading, size_t top) {
  MatchResult match = reading.match;
  if (match.matches.size() > top) match.matches.resize(top);
  nlohmann::json j = LookupJson(reading.UnderstoodText(), match);
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
  std::string head = say(reading.verdict != ScreenshotVerdict::kErrors ? BotText::kScreenshotUnsure
                         : ReadLoosely(reading) ? BotText::kScreenshotReadLoosely
                                                : BotText::kScreenshotRead);
  for (const std::string& line : reading.understood) {
    head += '\n';
    head += say(BotText::kScreenshotLine, {{"line", line}});
  }
  head += "\n\n";
  head += RenderAnswer(reading.match, kb, say);
  return {{std::move(head)}, reading.match.ambiguous ? Outcome::kClarify : Outcome::kAnswer};
}

}  // namespace beian
