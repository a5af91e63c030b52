#include "bot/core/bot_texts.h"

#include <iterator>
#include <utility>

#include "dialogs/id_table.h"

namespace beian {
namespace {

// The data table of text ids, in the order of the BotText enum.
constexpr std::pair<BotText, std::string_view> kBotTextIds[] = {
    {BotText::kGreeting, "reply.greeting"},
    {BotText::kThanks, "reply.thanks"},
    {BotText::kOkay, "reply.okay"},
    {BotText::kDeclineTail, "reply.decline-tail"},
    {BotText::kUploadHere, "reply.upload-here"},
    {BotText::kTextPlease, "reply.text-please"},
    {BotText::kTextOnly, "reply.text-only"},
    {BotText::kUnknownMessage, "reply.unknown-message"},
    {BotText::kGroupFiling, "reply.group-filing"},
    {BotText::kPausedNote, "reply.paused-note"},
    {BotText::kCut, "reply.cut"},
    {BotText::kAnswerOtherProduct, "answer.other-product"},
    {BotText::kAnswerNotKnown, "answer.not-known"},
    {BotText::kAnswerNotFound, "answer.not-found"},
    {BotText::kAnswerTry, "answer.try"},
    {BotText::kAnswerSuggestions, "answer.suggestions"},
    {BotText::kAnswerErrors, "answer.errors"},
    {BotText::kAnswerErrorNumber, "answer.error-number"},
    {BotText::kAnswerClarify, "answer.clarify"},
    {BotText::kAnswerClarifyOption, "answer.clarify-option"},
    {BotText::kAnswerClarifyFirst, "answer.clarify-first"},
    {BotText::kEntryTitle, "entry.title"},
    {BotText::kEntryKind, "entry.kind"},
    {BotText::kEntryPosition, "entry.position"},
    {BotText::kEntryErrorTexts, "entry.error-texts"},
    {BotText::kEntryCause, "entry.cause"},
    {BotText::kEntryExplain, "entry.explain"},
    {BotText::kEntryFieldSteps, "entry.field-steps"},
    {BotText::kEntrySteps, "entry.steps"},
    {BotText::kEntryNotes, "entry.notes"},
    {BotText::kEntrySource, "entry.source"},
    {BotText::kEntryCertainty, "entry.certainty"},
    {BotText::kEntryRelated, "entry.related"},
    {BotText::kEntryBullet, "entry.bullet"},
    {BotText::kEntryGeneral, "entry.general"},
    {BotText::kEntryPart, "entry.part"},
    {BotText::kPageTitle, "page.title"},
    {BotText::kPageBack, "page.back"},
    {BotText::kPageFieldSteps, "page.field-steps"},
    {BotText::kPageSteps, "page.steps"},
    {BotText::kPageNotes, "page.notes"},
    {BotText::kPageRelated, "page.related"},
    {BotText::kPageNotFound, "page.not-found"},
    {BotText::kPageHome, "page.home"},
    {BotText::kFloodUser, "flood.user"},
    {BotText::kFloodChat, "flood.chat"},
    {BotText::kHandoff, "support.handoff"},
    {BotText::kHandoffEnd, "support.handoff-end"},
    {BotText::kUnhelpful, "support.unhelpful"},
    {BotText::kStaffReply, "staff.reply"},
    {BotText::kStaffAnswer, "staff.answer"},
    {BotText::kStaffEntryStep, "staff.entry-step"},
    {BotText::kStaffEntrySource, "staff.entry-source"},
    {BotText::kScreenshotRead, "screenshot.read"},
    {BotText::kScreenshotReadLoosely, "screenshot.read-loosely"},
    {BotText::kScreenshotLine, "screenshot.line"},
    {BotText::kScreenshotUnsure, "screenshot.unsure"},
    {BotText::kScreenshotNoError, "screenshot.no-error"},
    {BotText::kScreenshotUnreadable, "screenshot.unreadable"},
    {BotText::kScreenshotBadImage, "screenshot.bad-image"},
    {BotText::kScreenshotTooLarge, "screenshot.too-large"},
    {BotText::kScreenshotBusy, "screenshot.busy"},
    {BotText::kScreenshotSlow, "screenshot.slow"},
    {BotText::kChatWelcome, "cli.chat-welcome"},
};

static_assert(ListsEnumInOrder(kBotTextIds),
              "kBotTextIds must list every BotText, in the order of the enum");

}  // namespace

std::string_view BotTextId(BotText text) { return kBotTextIds[static_cast<size_t>(text)].second; }

BotTexts BotTexts::Load(const std::filesystem::path& file) {
  BotTexts texts;
  texts.texts_ = LoadStringTable(file, IdsOf(kBotTextIds), "text");
  return texts;
}

std::string BotTexts::operator()(BotText text, const TextArgs& args) const {
  const auto i = static_cast<size_t>(text);
  return i < texts_.size() ? RenderText(texts_[i], args) : std::string();
}

}  // namespace beian
