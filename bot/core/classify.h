#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/core/bot_words.h"
#include "bot/core/message.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"

namespace beian {

// What a message is, in the conversation it arrives in.
enum class MessageClass {
  kNonText,       // an image, voice message or file: only its kind is known
  kPick,          // "2", "第二个": one of the entries the last answer offered
  kCommand,       // a walkthrough command (开始备案, 下一步, 跳到通讯地址 …)
  kStepQuestion,  // during a walkthrough step: a question or a pasted platform error
  kFormValue,     // during a walkthrough step: the answer to it
  kQuestion,      // outside a walkthrough step: for the knowledge base
};

struct Classified {
  MessageClass kind = MessageClass::kQuestion;
  std::string simple;                    // the text in Simplified Chinese
  const Entry* picked = nullptr;         // kPick
  std::optional<ParsedCommand> command;  // kCommand
  std::optional<MatchResult> match;      // kStepQuestion: the match that decided it
};

// Stage 2 of a turn: classifies `text` (the message's text as addressed to
// the bot) given the conversation's state and the entries the last answer
// offered (a pick is told by `words`: pick.*). During an active step, a
// question cue with a confident match or a recognised platform error is a
// question; everything else is the value. A step that asks for a number
// takes a message of words only ("法人不在身边收不到验证码") as a question.
Classified Classify(const Matcher& matcher, const Walkthrough& walkthrough, const BotWords& words,
                    const WalkState& state, const IncomingMessage& message, const std::string& text,
                    const std::vector<std::string>& offered);

}  // namespace beian
