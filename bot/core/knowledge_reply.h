#pragma once

#include <string>

#include "bot/core/bot_language.h"
#include "bot/core/message.h"
#include "knowledge/matcher.h"

namespace beian {

// The answer to a question outside a walkthrough step: a greeting, thanks,
// or the knowledge base's answer (or its question which entry is meant, or
// a polite decline that says what the bot can do). Greetings and thanks are
// recognised by `language.words`; every sentence is from `language.texts`.
// `match` receives the match behind it (when one ran); `known` is a match of
// `text` already made, which is used instead of matching again.
Reply KnowledgeReply(const Matcher& matcher, const BotLanguage& language, const std::string& text,
                     MatchResult* match, const MatchResult* known = nullptr);

}  // namespace beian
