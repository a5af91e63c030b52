#include "bot/support/support_turn.h"

#include "bot/core/addressing.h"
#include "bot/core/staff_push.h"
#include "bot/support/triage_grouping.h"
#include "dialogs/walk_words.h"
#include "knowledge/matcher.h"
#include "storage/support_stores.h"

namespace beian {
namespace {

// Only a question of the last hour is the one "没用" is about.
constexpr std::int64_t kUnhelpfulWindow = 3600;

bool WantsHuman(const BotWords& words, const std::string& bare) {
  std::string core = bare;
  for (const std::string& w : words.courtesy) {
    for (size_t at; (at = core.find(w)) != std::string::npos;) core.erase(at, w.size());
  }
  return OneOf(core, words.human);
}

}  // namespace

SupportTurn::SupportTurn(SupportStores& stores, const BotLanguage& language,
                         std::chrono::seconds handoff_timeout)
    : stores_(stores), language_(language), handoff_timeout_(handoff_timeout) {}

std::optional<Reply> SupportTurn::Intercept(const IncomingMessage& message, const std::string& text,
                                            std::int64_t now_s, bool pending,
                                            std::vector<std::string>& staff_answers) {
  const BotTexts& say = language_.texts;
  const BotWords& words = language_.words;
  const Asker asker{message.platform, message.chat, message.user};
  if (pending) {
    for (const StaffAnswerFor& a : stores_.triage.TakeAnswersFor(asker))
      staff_answers.push_back(StaffAnswerMessage(say, a.reason, a.question, a.answer));
  }
  const std::string bare = Trimmed(text);
  const std::int64_t since = now_s - handoff_timeout_.count();
  const auto open = pending ? stores_.tickets.OpenTicketFor(asker, since) : std::nullopt;
  if (open) {
    if (OneOf(bare, words.end_human)) {
      stores_.tickets.CloseTicket(*open, now_s);
      return Reply{{say(BotText::kHandoffEnd)}, Outcome::kHandoffEnd};
    }
    // A person is handling this user: the bot stays quiet.
    return Reply{{}, Outcome::kHuman, false};
  }
  if (WantsHuman(words, bare)) {
    stores_.tickets.OpenTicket(asker, now_s, since);
    const std::string key = "human:" + message.platform + ":" + message.chat + ":" + message.user;
    stores_.triage.Triage(key, "", TriageReason::kHuman, asker, now_s);
    return Reply{{say(BotText::kHandoff)}, Outcome::kHandoff};
  }
  if (OneOf(bare, words.unhelpful)) {
    // The question this user asked last, if the bot answered it.
    for (const LoggedMessage& m : stores_.log.History(message.platform, message.chat, message.user,
                                                      1, now_s - kUnhelpfulWindow)) {
      if (m.outcome != Outcome::kAnswer && m.outcome != Outcome::kClarify) break;
      stores_.triage.Triage("unhelpful:" + m.text, m.text, TriageReason::kUnhelpful, asker, now_s);
      return Reply{{say(BotText::kUnhelpful)}, Outcome::kUnhelpful};
    }
  }
  return std::nullopt;
}

void SupportTurn::Record(const Matcher& matcher, const IncomingMessage& message,
                         const LoggedMessage& m) {
  stores_.log.Log(m);
  if (m.outcome != Outcome::kDeclined && m.outcome != Outcome::kClarify) return;
  const GroupedQuestion q = GroupQuestion(matcher, stores_.triage, m.text);
  const std::string id = stores_.triage.Triage(
      q.group_key, m.text,
      m.outcome == Outcome::kDeclined ? TriageReason::kDeclined : TriageReason::kAmbiguous,
      {message.platform, message.chat, message.user}, m.at);
  stores_.triage.AddPhrasing(id, m.text, q.meaning.Serialize(), q.words, m.at);
}

}  // namespace beian
