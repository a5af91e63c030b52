#include "bot/core/respond.h"

#include "bot/core/knowledge_reply.h"
#include "bot/core/lookup_answer.h"
#include "bot/core/screenshot_reply.h"

namespace beian {
namespace {

bool Stepping(const WalkState& state) { return state.active && !state.paused; }

// A picture at an upload step was meant for the filing page; a screenshot
// elsewhere is answered for what it says (then the step is asked again).
Reply NonText(const Matcher& matcher, const Walkthrough& walkthrough, const BotTexts& say,
              const WalkState& state, const IncomingMessage& message, MatchResult& match) {
  const Step* step = Stepping(state) ? walkthrough.Current(state) : nullptr;
  if (step != nullptr && step->kind == StepKind::kConfirm)
    return {{say(BotText::kUploadHere)}, Outcome::kNonText};
  if (message.screenshot) {
    Reply reply = ScreenshotReply(*message.screenshot, matcher.kb(), say);
    if (reply.kind == Outcome::kDeclined) reply.kind = Outcome::kNonText;  // nothing to triage
    match = message.screenshot->match;
    if (step != nullptr) reply.texts.push_back(walkthrough.Reprompt(state));
    return reply;
  }
  if (step != nullptr)
    return {{say(BotText::kTextPlease), walkthrough.Reprompt(state)}, Outcome::kNonText};
  return {{say(BotText::kTextOnly)}, Outcome::kNonText};
}

Reply Command(const Walkthrough& walkthrough, const BotTexts& say, WalkState& state,
              const IncomingMessage& message, const ParsedCommand& command,
              std::chrono::year_month_day today) {
  Reply reply{walkthrough.Apply(state, command, today), Outcome::kWalkthrough};
  const bool starts =
      command.command == WalkCommand::kStart || command.command == WalkCommand::kRestart;
  if (message.group && starts) reply.texts.push_back(say(BotText::kGroupFiling));
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

Reply Respond(const Matcher& matcher, const Walkthrough& walkthrough, const BotLanguage& language,
              WalkState& state, const IncomingMessage& message, const std::string& text,
              Classified& c, std::chrono::year_month_day today, MatchResult& match) {
  const BotTexts& say = language.texts;
  Reply reply;
  switch (c.kind) {
    case MessageClass::kNonText:
      return NonText(matcher, walkthrough, say, state, message, match);
    case MessageClass::kPick:
      match.answered = true;
      match.matches = {{c.picked, 1.0, MatchVia::kSearch}};
      reply = {{RenderEntry(*c.picked, matcher.kb(), say)}, Outcome::kAnswer};
      if (Stepping(state)) reply.texts.push_back(walkthrough.Reprompt(state));
      return reply;
    case MessageClass::kCommand:
      return Command(walkthrough, say, state, message, *c.command, today);
    case MessageClass::kStepQuestion:
      reply = KnowledgeReply(matcher, language, text, &match, &*c.match);
      reply.texts.push_back(walkthrough.Reprompt(state));
      break;
    case MessageClass::kFormValue:
      return FormValue(walkthrough, state, text, c, today);
    case MessageClass::kQuestion:
      reply = KnowledgeReply(matcher, language, text, &match);
      if (state.active && state.paused) reply.texts.push_back(say(BotText::kPausedNote));
      break;
  }
  if (reply.kind == Outcome::kClarify) {
    for (const Entry* e : ClarifyOptions(match)) state.offered.push_back(e->id);
  }
  return reply;
}

}  // namespace beian
