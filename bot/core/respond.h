#pragma once

#include <chrono>
#include <string>

#include "bot/core/bot_language.h"
#include "bot/core/classify.h"
#include "bot/core/message.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"

namespace beian {

// Stage 3 of a turn: the reply to a classified message. Updates `state`
// (the walkthrough moves; the entries a clarifying answer offers are kept in
// state.offered for the next message only). `match` receives the
// knowledge-base match behind the reply, when there is one. The bot's own
// sentences (outside the walkthrough's) are from `language`.
Reply Respond(const Matcher& matcher, const Walkthrough& walkthrough, const BotLanguage& language,
              WalkState& state, const IncomingMessage& message, const std::string& text,
              Classified& classified, std::chrono::year_month_day today, MatchResult& match);

}  // namespace beian
