#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/texts.h"

namespace beian {

// Every sentence the bot says outside the walkthrough — greetings, answers
// and their labels, notices, the support side's replies, the entry page —
// by its id in dialogs/data/bot-texts.json ("reply.greeting",
// "answer.clarify" …). The code names a sentence by this enum; the wording
// lives only in the data file, so a wording fix never touches C++. {name}
// placeholders are filled as in dialogs/texts.h (RenderText). Labels are
// written without the line break or indentation around them.
enum class BotText {
  kGreeting,        // the answer to 你好
  kThanks,          // to thanks
  kOkay,            // to 好的 and the like
  kDeclineTail,     // after a declined answer: what the bot can do
  kUploadHere,      // a picture during a confirm step
  kTextPlease,      // a picture during another step
  kTextOnly,        // a picture outside the walkthrough
  kUnknownMessage,  // a platform message of a kind the adapter does not know
  kGroupFiling,     // a walkthrough started in a group
  kPausedNote,      // a question while the walkthrough is paused
  kCut,             // ends a reply cut to the platform's length
  kAnswerOtherProduct,
  kAnswerNotKnown,
  kAnswerNotFound,
  kAnswerTry,
  kAnswerSuggestions,
  kAnswerErrors,
  kAnswerErrorNumber,
  kAnswerClarify,
  kAnswerClarifyOption,
  kAnswerClarifyFirst,
  kEntryTitle,
  kEntryKind,
  kEntryPosition,
  kEntryErrorTexts,
  kEntryCause,
  kEntryExplain,
  kEntryFieldSteps,
  kEntrySteps,
  kEntryNotes,
  kEntrySource,
  kEntryCertainty,
  kEntryRelated,
  kEntryBullet,
  kEntryGeneral,
  kEntryPart,
  kPageTitle,
  kPageBack,
  kPageFieldSteps,
  kPageSteps,
  kPageNotes,
  kPageRelated,
  kPageNotFound,
  kPageHome,
  kFloodUser,
  kFloodChat,
  kHandoff,
  kHandoffEnd,
  kUnhelpful,
  kStaffReply,
  kStaffAnswer,
  kStaffEntryStep,
  kStaffEntrySource,
  kScreenshotRead,         // before the answer: the lines read from a screenshot
  kScreenshotReadLoosely,  // the same when a line matched an error wording only loosely
  kScreenshotLine,         // one quoted line
  kScreenshotUnsure,       // red text read, no error wording recognised
  kScreenshotNoError,      // nothing that looks like an error
  kScreenshotUnreadable,   // text too small or blurred
  kScreenshotBadImage,     // not an image the bot reads (format, corrupt)
  kScreenshotTooLarge,     // over the size limits
  kScreenshotBusy,         // too many images at once: send the text
  kScreenshotSlow,         // acknowledged; the answer follows
  kChatWelcome,            // `beian-bot chat`'s first line ({db}: its database)
  kCount                   // not a text: the number of texts
};

// The id of `text` in bot-texts.json ("reply.greeting").
std::string_view BotTextId(BotText text);

// The sentences of bot-texts.json. Immutable once loaded; thread-safe to read.
class BotTexts {
 public:
  BotTexts() = default;

  // Reads `file` (LoadStringTable). Throws FormSpecError naming the file and
  // the id when an id of the BotText enum is missing, when the file has an
  // id the code does not know, or when a value is no string.
  static BotTexts Load(const std::filesystem::path& file);

  // The sentence with its {name} placeholders filled from `args` (RenderText).
  // Empty before Load.
  std::string operator()(BotText text, const TextArgs& args = {}) const;

 private:
  std::vector<std::string> texts_;  // indexed by BotText
};

}  // namespace beian
