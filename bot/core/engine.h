#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>

#include "bot/core/addressing.h"
#include "bot/core/bot_language.h"
#include "bot/core/engine_clock.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/message.h"
#include "bot/core/turn_log.h"
#include "bot/support/flood_gate.h"
#include "bot/support/support_turn.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"
#include "storage/processed_store.h"
#include "storage/rate_buckets.h"
#include "storage/session_store.h"
#include "storage/transactor.h"
#include "storage/turn_reader.h"

namespace beian {

struct SupportStores;

// The stores a turn reads and writes, all of one Storage (storage/storage.h);
// `tx` commits them together and keeps a conversation's turns apart.
struct EngineStores {
  Transactor& tx;
  SessionStore& sessions;
  ProcessedStore* processed = nullptr;  // null: no de-duplication (the terminal chat)
  SupportStores* support = nullptr;     // null: no support features
  RateBuckets* rate_buckets = nullptr;  // null: flood limits in this engine's memory
  // Reads the message id, the pending flag and the session together
  // (Storage::turn_reader); null: the stores above one at a time.
  TurnReader* turn_reader = nullptr;
};

struct EngineOptions {
  std::chrono::seconds session_idle{std::chrono::hours(24 * 30)};  // expire after 30 days idle
  // In a group the bot answers only when @-mentioned, when the message starts
  // with `group_prefix`, or (with `group_errors`) when it holds a platform
  // error text recognised with high confidence.
  std::string group_prefix = "#备案";
  bool group_errors = true;
  // Per platform ("dingtalk", "feishu", "api" …), replacing the two above.
  using GroupRule = beian::GroupRule;
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

// One turn of a conversation, as a pipeline of stages (docs/architecture.md):
//   1. addressed?  the bot's own messages and group messages not for it are
//      ignored (bot/core/addressing.h);
//   2. a retry?    a message id seen before from the same sender in the same
//      chat to the same bot account gets the replies it got then (a
//      platform's retry never moves the conversation twice; the same id from
//      anyone else is their own new message);
//   3. flooding?   a sender or chat over its flood limit gets a notice once a
//      minute and otherwise nothing (bot/support/flood_gate.h);
//   4. support?    with SupportStores: staff answers are shown, an open
//      转人工 ticket keeps the bot quiet, 转人工 and "没用" go to staff
//      (bot/support/support_turn.h);
//   5. classify, then respond (bot/core/classify.h, bot/core/respond.h):
//      a walkthrough command steers the walkthrough; during an active step a
//      question or a pasted error is answered and the step asked again, any
//      other message answers the step; otherwise the knowledge base answers
//      (or asks which entry is meant, or declines politely);
//   6. record and commit: the new session state, the message id with its
//      replies, the message log line (ID and phone numbers masked) and, for
//      what went unanswered, the triage queue — in one transaction.
// What stages 2, 4 and 5 read (the message id, whether staff left something
// for the user, the session state) is read at once when the turn starts,
// through TurnReader: one round trip on PostgreSQL. A session idle longer
// than `session_idle` starts afresh; SessionStore's cache is the one cache
// of session state.
// Thread-safety: Handle may run concurrently; two turns of the same
// conversation never interleave, in this process or any other sharing the
// storage: stages 2–6 run inside Transactor::Locked on the conversation.
class Engine {
 public:
  // Every reference must outlive the engine; `log` gets one line per turn
  // (never the message text). `language` holds every sentence the bot says
  // and every word it recognises outside the walkthrough (the walkthrough's
  // are its form's).
  Engine(KnowledgeSource& knowledge, const Walkthrough& walkthrough, const BotLanguage& language,
         EngineStores stores, Clock clock, EngineOptions options, std::ostream& log);

  // Throws StorageError when the session cannot be read or saved.
  Reply Handle(const IncomingMessage& message);

 private:
  // What a turn leaves to commit.
  struct Outcomes;
  const GroupRule& RuleFor(const std::string& platform) const;
  // stores.turn_reader, or else own_reader_ over the stores.
  TurnReader& ReaderFor(const EngineStores& stores);
  // Stages 2–6, holding the conversation.
  Reply LockedTurn(const Matcher& matcher, const IncomingMessage& message, const std::string& text);
  // Stage 2: the replies a retry gets again (`stored`, found by the turn's
  // reads), or nullopt for a new message.
  std::optional<Reply> Retry(const IncomingMessage& message,
                             const std::optional<std::string>& stored);
  // Stage 5, on the conversation's state (`saved`, as the turn's reads found it).
  Reply Turn(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
             std::optional<SessionRecord> saved, std::int64_t now_s, Outcomes& out);
  // Stage 6.
  void Commit(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
              const Reply& reply, std::int64_t now_s, Outcomes& out);

  KnowledgeSource& knowledge_;
  const Walkthrough& walkthrough_;
  const BotLanguage& language_;
  Transactor& tx_;
  SessionStore& sessions_;
  ProcessedStore* processed_;
  std::optional<SupportTurn> support_;         // empty without support stores
  std::optional<StoreTurnReader> own_reader_;  // when EngineStores gave none
  TurnReader& reader_;
  Clock clock_;
  EngineOptions options_;
  GroupRule default_rule_;
  TurnLog log_;
  FloodGate flood_;
};

// Today's date in China (UTC+8), for validity checks.
std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now);

}  // namespace beian
