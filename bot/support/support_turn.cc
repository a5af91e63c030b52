#include "bot/support/support_turn.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "bot/core/addressing.h"
#include "bot/core/staff_push.h"
#include "bot/support/triage_grouping.h"
#include "knowledge/matcher.h"
#include "storage/support_stores.h"

namespace beian {
namespace {

// What users read from the support side (to move to a data file with the
// bot's other sentences).
struct SupportSentences {
  const char* handoff;      // after 转人工
  const char* handoff_end;  // after 取消人工
  const char* unhelpful;    // after "没用"
};
constexpr SupportSentences kSay{
    "好的，已经帮你转给人工客服，客服看到后会在这里回复你。客服处理期间我先不插话；"
    "想让我继续回答，发“取消人工”。",
    "好的，已经结束人工服务，我继续为你解答。",
    "抱歉没帮上忙。我已经把你的问题转给客服人员，他们会看一看；你也可以换个说法再问"
    "一次，或发“转人工”。",
};

// What users write. A request for a person, asked plainly or politely
// ("怎么转人工", "能帮我转一下人工客服吗", "有没有人工"): the message without
// its courtesy words is one of kHumanPhrases. A message that only mentions
// 人工 ("人工核验是什么") is not.
constexpr std::string_view kCourtesyWords[] = {
    "请问", "请",   "帮我", "给我", "能不能", "可不可以", "可以", "能", "有没有", "怎么", "如何",
    "我想", "我要", "想",   "一下", "吗",     "呢",       "啊",   "，", ",",      " "};
constexpr std::string_view kHumanPhrases[] = {
    "转人工",     "人工客服",     "找客服",   "人工",  "真人",   "联系客服",
    "转客服",     "人工服务",     "找人工",   "客服",  "要人工", "转人工客服",
    "找人工客服", "联系人工客服", "转接人工", "接人工"};
constexpr std::string_view kEndHandoff[] = {"取消人工", "结束人工", "不用人工了", "取消转人工",
                                            "回到机器人"};
// Not "不是": that answers the walkthrough's yes/no questions.
constexpr std::string_view kUnhelpful[] = {"没用",   "不对",     "没解决", "不是这个",  "答非所问",
                                           "没有用", "还是不行", "没帮助", "不是我要的"};

// Only a question of the last hour is the one "没用" is about.
constexpr std::int64_t kUnhelpfulWindow = 3600;

template <std::size_t N>
bool OneOf(const std::string& s, const std::string_view (&words)[N]) {
  return std::any_of(std::begin(words), std::end(words),
                     [&](std::string_view w) { return s == w; });
}

bool WantsHuman(const std::string& bare) {
  std::string core = bare;
  for (std::string_view w : kCourtesyWords) {
    for (size_t at; (at = core.find(w)) != std::string::npos;) core.erase(at, w.size());
  }
  return OneOf(core, kHumanPhrases);
}

}  // namespace

SupportTurn::SupportTurn(SupportStores& stores, std::chrono::seconds handoff_timeout)
    : stores_(stores), handoff_timeout_(handoff_timeout) {}

std::optional<Reply> SupportTurn::Intercept(const IncomingMessage& message, const std::string& text,
                                            std::int64_t now_s,
                                            std::vector<std::string>& staff_answers) {
  const Asker asker{message.platform, message.chat, message.user};
  const bool pending = stores_.triage.MayHavePending(asker);
  if (pending) {
    for (const StaffAnswerFor& a : stores_.triage.TakeAnswersFor(asker))
      staff_answers.push_back(StaffAnswerMessage(a.reason, a.question, a.answer));
  }
  const std::string bare = Trimmed(text);
  const std::int64_t since = now_s - handoff_timeout_.count();
  const auto open = pending ? stores_.tickets.OpenTicketFor(asker, since) : std::nullopt;
  if (open) {
    if (OneOf(bare, kEndHandoff)) {
      stores_.tickets.CloseTicket(*open, now_s);
      return Reply{{kSay.handoff_end}, Outcome::kHandoffEnd};
    }
    // A person is handling this user: the bot stays quiet.
    return Reply{{}, Outcome::kHuman, false};
  }
  if (WantsHuman(bare)) {
    stores_.tickets.OpenTicket(asker, now_s, since);
    const std::string key = "human:" + message.platform + ":" + message.chat + ":" + message.user;
    stores_.triage.Triage(key, "", TriageReason::kHuman, asker, now_s);
    return Reply{{kSay.handoff}, Outcome::kHandoff};
  }
  if (OneOf(bare, kUnhelpful)) {
    // The question this user asked last, if the bot answered it.
    for (const LoggedMessage& m : stores_.log.History(message.platform, message.chat, message.user,
                                                      1, now_s - kUnhelpfulWindow)) {
      if (m.outcome != Outcome::kAnswer && m.outcome != Outcome::kClarify) break;
      stores_.triage.Triage("unhelpful:" + m.text, m.text, TriageReason::kUnhelpful, asker, now_s);
      return Reply{{kSay.unhelpful}, Outcome::kUnhelpful};
    }
  }
  return std::nullopt;
}

void SupportTurn::Record(const Matcher& matcher, const IncomingMessage& message,
                         const LoggedMessage& m) {
  stores_.log.Log(m);
  if (m.outcome != Outcome::kDeclined && m.outcome != Outcome::kClarify) return;
  stores_.triage.Triage(
      QuestionGroupKey(matcher, stores_.triage, m.text), m.text,
      m.outcome == Outcome::kDeclined ? TriageReason::kDeclined : TriageReason::kAmbiguous,
      {message.platform, message.chat, message.user}, m.at);
}

}  // namespace beian
