#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>

#include "bot/core/message.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"
#include "storage/processed_store.h"
#include "storage/session_store.h"

namespace beian {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct EngineOptions {
  std::chrono::seconds session_idle{std::chrono::hours(24 * 30)};  // expire after 30 days idle
  // In a group the bot answers only when @-mentioned, when the message starts
  // with `group_prefix`, or (with `group_errors`) when it holds a platform
  // error text recognised with high confidence.
  std::string group_prefix = "#备案";
  bool group_errors = true;
  std::chrono::seconds dedup_window{std::chrono::hours(48)};  // how long message ids are remembered
};

// Owns one turn of a conversation. The rule, in this order:
//   1. a walkthrough command (开始备案, 下一步, 进度 …) steers the walkthrough;
//   2. during an active walkthrough, a question or a pasted error is answered
//      from the knowledge base and the current question asked again; any
//      other message is the answer to the current step;
//   3. otherwise the knowledge base answers (or asks which entry is meant,
//      or declines politely).
// Before that: the bot's own messages and group messages not addressed to it
// are ignored, and a message id seen before gets the replies it got then
// (a platform's retry never moves the conversation twice).
// The session is loaded before and saved after the turn; a session idle
// longer than `session_idle` starts afresh.
// Thread-safety: Handle may run concurrently; two messages of the same
// conversation never interleave (striped per-conversation locks).
class Engine {
 public:
  // Score of a recognised error text (1 + similarity) that answers an
  // unaddressed group message.
  static constexpr double kGroupErrorScore = 1.9;

  // Every reference must outlive the engine; `log` gets one line per turn
  // (never the message text).
  // `processed` may be null (no de-duplication, e.g. the terminal chat).
  Engine(const Matcher& matcher, const Walkthrough& walkthrough, SessionStore& sessions,
         ProcessedStore* processed, Clock clock, EngineOptions options, std::ostream& log);

  // Throws StorageError when the session cannot be read or saved.
  Reply Handle(const IncomingMessage& message);

 private:
  Reply Answer(const std::string& text) const;
  // One turn; the new session state to save, when it changed, in `save`.
  Reply Turn(const IncomingMessage& message, const std::string& text, std::int64_t now_s,
             std::optional<std::string>& save);
  // The text the group message addresses to the bot, or nullopt when it is not for the bot.
  std::optional<std::string> Addressed(const IncomingMessage& message) const;
  bool LooksLikeQuestion(const std::string& text, const MatchResult& match) const;

  const Matcher& matcher_;
  const Walkthrough& walkthrough_;
  SessionStore& sessions_;
  ProcessedStore* processed_;
  Clock clock_;
  EngineOptions options_;
  std::ostream& log_;
  std::mutex log_mutex_;
  std::array<std::mutex, 64> locks_;
};

// Today's date in China (UTC+8), for validity checks.
std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now);

}  // namespace beian
