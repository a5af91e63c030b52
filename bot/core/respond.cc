#include "bot/core/respond.h"

#include <string_view>

#include "bot/core/knowledge_reply.h"
#include "bot/core/lookup_answer.h"

namespace beian {
namespace {

constexpr std::string_view kUploadHere =
    "图片和文件要在备案页面里上传，发给我我也看不到，也不会保存。在页面上弄好了就回复“好了”，"
    "我们接着填下一项。";
constexpr std::string_view kTextPlease = "图片、语音和文件我看不到，请用文字回复。";
constexpr std::string_view kTextOnly =
    "目前我只能看懂文字消息：请把报错原文或问题用文字发给我（截图里的报错，可以照着打出来）。";
constexpr std::string_view kGroupFiling =
    "（在群里也可以填，每位成员的进度分开保存；不过会用到身份证号、手机号，建议私聊我继续。）";
constexpr std::string_view kPausedNote = "（你的备案填写已暂停，发“继续”就能接着填。）";

bool Stepping(const WalkState& state) { return state.active && !state.paused; }

Reply NonText(const Walkthrough& walkthrough, const WalkState& state) {
  const Step* step = Stepping(state) ? walkthrough.Current(state) : nullptr;
  if (step != nullptr && step->kind == StepKind::kConfirm)
    return {{std::string(kUploadHere)}, Outcome::kNonText};
  if (step != nullptr)
    return {{std::string(kTextPlease), walkthrough.Reprompt(state)}, Outcome::kNonText};
  return {{std::string(kTextOnly)}, Outcome::kNonText};
}

Reply Command(const Walkthrough& walkthrough, WalkState& state, const IncomingMessage& message,
              const ParsedCommand& command, std::chrono::year_month_day today) {
  Reply reply{walkthrough.Apply(state, command, today), Outcome::kWalkthrough};
  const bool starts =
      command.command == WalkCommand::kStart || command.command == WalkCommand::kRestart;
  if (message.group && starts) reply.texts.emplace_back(kGroupFiling);
  return reply;
}

Reply FormValue(const Walkthrough& walkthrough, WalkState& state, const std::string& text,
                const Classified& c, std::chrono::year_month_day today) {
  // A choice or a region typed in Traditional ("企業", "廣東省") is read in
  // Simplified; other values are kept as typed (a registered name keeps its （）).
  const Step* step = walkthrough.Current(state);
  const bool simplify =
      step != nullptr && (step->kind == StepKind::kChoice || step->check == "region");
  return {walkthrough.Answer(state, simplify ? c.simple : text, today), Outcome::kWalkthrough};
}

}  // namespace

Reply Respond(const Matcher& matcher, const Walkthrough& walkthrough, WalkState& state,
              const IncomingMessage& message, const std::string& text, Classified& c,
              std::chrono::year_month_day today, MatchResult& match) {
  Reply reply;
  switch (c.kind) {
    case MessageClass::kNonText:
      return NonText(walkthrough, state);
    case MessageClass::kPick:
      match.answered = true;
      match.matches = {{c.picked, 1.0, MatchVia::kSearch}};
      reply = {{RenderEntry(*c.picked, matcher.kb())}, Outcome::kAnswer};
      if (Stepping(state)) reply.texts.push_back(walkthrough.Reprompt(state));
      return reply;
    case MessageClass::kCommand:
      return Command(walkthrough, state, message, *c.command, today);
    case MessageClass::kStepQuestion:
      reply = KnowledgeReply(matcher, text, &match, &*c.match);
      reply.texts.push_back(walkthrough.Reprompt(state));
      break;
    case MessageClass::kFormValue:
      return FormValue(walkthrough, state, text, c, today);
    case MessageClass::kQuestion:
      reply = KnowledgeReply(matcher, text, &match);
      if (state.active && state.paused) reply.texts.emplace_back(kPausedNote);
      break;
  }
  if (reply.kind == Outcome::kClarify) {
    for (const Entry* e : ClarifyOptions(match)) state.offered.push_back(e->id);
  }
  return reply;
}

}  // namespace beian
