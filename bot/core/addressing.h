#pragma once

#include <optional>
#include <string>

#include "bot/core/message.h"

namespace beian {

class Matcher;

// When a group message is for the bot (1:1 messages always are).
struct GroupRule {
  std::string prefix;  // a message starting with it is for the bot (none when empty)
  bool errors = true;  // so is a platform error text recognised almost verbatim
};

// Score of a recognised error text (1 + similarity) that answers an
// unaddressed group message.
inline constexpr double kGroupErrorScore = 1.9;

// Stage 1 of a turn: the text the message addresses to the bot — without
// the @names around it when it @-mentions the bot, without the prefix when
// it starts with one — or nullopt when a group message is not for the bot.
// In a group, a screenshot is for the bot unasked when a platform error was
// read on it (and `rule.errors`); its text is then empty.
std::optional<std::string> AddressedText(const Matcher& matcher, const IncomingMessage& message,
                                         const GroupRule& rule);

// The text without the @names at its start and end ("@备案助手 广东 深圳 南山",
// "广东 深圳 南山 @备案助手"): hosts that pass the raw text leave them in, and a
// value would otherwise carry them.
std::string WithoutMentions(const std::string& text);

// The text without surrounding white space and final 。！!~？? .
std::string Trimmed(const std::string& text);

}  // namespace beian
