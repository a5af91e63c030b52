#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <unordered_map>

#include "bot/core/engine_clock.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/message.h"
#include "bot/core/rate_limiter.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"
#include "storage/processed_store.h"
#include "storage/session_store.h"

namespace beian {

struct EngineOptions {
  std::chrono::seconds session_idle{std::chrono::hours(24 * 30)};  // expire after 30 days idle
  // In a group the bot answers only when @-mentioned, when the message starts
  // with `group_prefix`, or (with `group_errors`) when it holds a platform
  // error text recognised with high confidence.
  std::string group_prefix = "#备案";
  bool group_errors = true;
  // Per platform ("dingtalk", "feishu", "api" …), replacing the two above.
  struct GroupRule {
    std::string prefix;
    bool errors = true;
  };
  std::map<std::string, GroupRule> group_rules;
  std::chrono::seconds dedup_window{std::chrono::hours(48)};  // how long message ids are remembered
  // After 转人工 the bot stays quiet for that user in that chat until staff
  // close the ticket or this long has passed.
  std::chrono::seconds handoff_timeout{std::chrono::hours(24)};
  // Flood limits (messages a minute on average, and at once; 0 = off, the
  // default here; `serve` sets them from its config): one member cannot use
  // up a group's turns, and one group cannot use up the bot. A limited
  // sender is told once a minute, then ignored.
  double user_per_minute = 0, user_burst = 10;
  double chat_per_minute = 0, chat_burst = 60;
};

// Owns one turn of a conversation. The rule, in this order:
//   1. a walkthrough command (开始备案, 下一步, 进度 …) steers the walkthrough;
//   2. during an active walkthrough, a question or a pasted error is answered
//      from the knowledge base and the current question asked again; any
//      other message is the answer to the current step;
//   3. otherwise the knowledge base answers (or asks which entry is meant,
//      or declines politely).
// With a SupportStore: every message is logged (ID and phone numbers
// masked); declined and ambiguous questions, "没用" right after an answer and
// every 转人工 go to the triage queue; during an open handoff ticket the bot
// stays silent for that user; staff answers are shown on the user's next
// message.
// Before that: the bot's own messages and group messages not addressed to it
// are ignored, a message id seen before from the same sender in the same
// chat to the same bot account gets the replies it got then (a platform's
// retry never moves the conversation twice; the same id from anyone else is
// their own new message), and a sender or
// chat over its flood limit gets a notice once a minute and otherwise nothing.
// The session is loaded before and saved after the turn; a session idle
// longer than `session_idle` starts afresh.
// Thread-safety: Handle may run concurrently; two messages of the same
// conversation never interleave (striped per-conversation locks).
class Engine {
 public:
  // Score of a recognised error text (1 + similarity) that answers an
  // unaddressed group message.
  static constexpr double kGroupErrorScore = 1.9;
  // Two questions whose normalised bigrams overlap this much are one triage
  // item; the newest kTriageCompare open items are compared.
  static constexpr double kSameQuestion = 0.75;
  static constexpr int kTriageCompare = 300;
  // Bytes of saved state text (and keys) kept parsed for the next turns.
  static constexpr size_t kParsedBudget = 1 << 20;

  // Every reference must outlive the engine; `log` gets one line per turn
  // (never the message text).
  // `processed` and `support` may be null (no de-duplication, no support
  // features: e.g. the terminal chat).
  Engine(KnowledgeSource& knowledge, const Walkthrough& walkthrough, SessionStore& sessions,
         ProcessedStore* processed, SupportStore* support, Clock clock, EngineOptions options,
         std::ostream& log);

  // Throws StorageError when the session cannot be read or saved.
  Reply Handle(const IncomingMessage& message);

 private:
  // Conversations hash to stripes; a stripe's lock is held for a whole turn.
  // It also keeps the state its last turn saved, parsed: the next turn of that
  // conversation (the usual case) skips parsing the JSON it loads when the
  // text is the same (parsing cost as much as the walkthrough step). All
  // stripes together keep at most about kParsedBudget bytes of state text
  // (the parsed form takes a few times that); past it, states are parsed.
  struct Parsed {
    std::string key, text;
    WalkState state;
  };
  struct Stripe {
    std::mutex lock;
    std::unique_ptr<Parsed> last;
  };
  // Keeps `state` (saved as `text`) in the stripe when the budget allows.
  void KeepParsed(Stripe& stripe, const std::string& key, std::string text, WalkState state);

  // A knowledge answer; `match` receives the match behind it (when one ran).
  // `known` is a match of `text` already made (it is not made again).
  Reply Answer(const Matcher& matcher, const std::string& text, MatchResult* match,
               const MatchResult* known = nullptr) const;
  // One turn; the new session state to save, when it changed, in `save`.
  Reply Turn(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
             std::int64_t now_s, Stripe& stripe, const std::string& stripe_key,
             std::optional<std::string>& save, MatchResult* match);
  // The text the group message addresses to the bot, or nullopt when it is not for the bot.
  std::optional<std::string> Addressed(const Matcher& matcher,
                                       const IncomingMessage& message) const;
  // Handoff, "没用" feedback and staff answers; nullopt when the turn goes on as usual.
  std::optional<Reply> Support(const IncomingMessage& message, const std::string& text,
                               std::int64_t now_s, std::vector<std::string>& staff_answers);
  // The log line of a turn (text masked), then its writing: the message log
  // and, for what went unanswered, the triage queue.
  LoggedMessage Logged(const IncomingMessage& message, const std::string& text, const Reply& reply,
                       const MatchResult* match, std::int64_t now_s) const;
  void Record(const Matcher& matcher, const IncomingMessage& message, const LoggedMessage& m);
  void WriteLog(const std::string& line);
  // nullopt when the message may go on; otherwise what to answer (once a
  // minute a short notice, then silence).
  std::optional<Reply> Limited(const IncomingMessage& message);

  KnowledgeSource& knowledge_;
  const Walkthrough& walkthrough_;
  SessionStore& sessions_;
  ProcessedStore* processed_;
  SupportStore* support_;
  Clock clock_;
  EngineOptions options_;
  std::ostream& log_;
  std::mutex log_mutex_;
  std::array<Stripe, 4096> stripes_;
  std::atomic<size_t> parsed_bytes_{0};  // key and text bytes kept in stripes_
  RateLimiter users_, chats_;
  std::mutex warned_mutex_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> warned_;
};

// Today's date in China (UTC+8), for validity checks.
std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now);

}  // namespace beian
