#pragma once

#include <optional>
#include <string_view>

namespace beian {

// How a turn was decided. It is the kind of the engine's Reply, the outcome
// the message log keeps and the label of the statistics. Stored and logged
// as its name (the word after each constant), which never changes:
// existing databases and dashboards read it.
enum class Outcome {
  kWalkthrough,  // "walkthrough"  a walkthrough command or a form value
  kAnswer,       // "answer"       the knowledge base answered
  kClarify,      // "clarify"      several entries fit: the user is asked which
  kDeclined,     // "declined"     nothing fits (or out of scope)
  kGreeting,     // "greeting"     hello / thanks
  kIgnored,      // "ignored"      not for the bot (a group message, its own echo)
  kNonText,      // "non-text"     an image, voice message or file
  kDuplicate,    // "duplicate"    a platform's retry of a message already answered
  kRateLimited,  // "rate-limited" over a flood limit
  kHandoff,      // "handoff"      the user asked for a person
  kHandoffEnd,   // "handoff-end"  the user ended the handoff
  kHuman,        // "human"        a person is handling the user: the bot stays quiet
  kUnhelpful,    // "unhelpful"    "没用" right after an answer
};

std::string_view Name(Outcome outcome);
// nullopt for a word that names no outcome.
std::optional<Outcome> ParseOutcome(std::string_view name);

// Why a message is in the triage queue. Stored as its name.
enum class TriageReason {
  kDeclined,   // "declined"   the bot could not answer
  kAmbiguous,  // "ambiguous"  the bot had to ask which entry was meant
  kUnhelpful,  // "unhelpful"  the user said the answer did not help
  kHuman,      // "human"      the user asked for a person (the item has no question text)
};

std::string_view Name(TriageReason reason);
std::optional<TriageReason> ParseTriageReason(std::string_view name);

}  // namespace beian
