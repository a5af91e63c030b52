#include "bot/core/engine.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "bot/core/classify.h"
#include "bot/core/conversation_state.h"
#include "bot/core/respond.h"
#include "bot/ocr/screenshot.h"
#include "dialogs/masking.h"
#include "knowledge/json_text.h"
#include "storage/message_log.h"
#include "storage/support_stores.h"

namespace beian {
namespace {

// The key a delivery is remembered by: the message id as sent by this
// sender, in this chat, to this bot account ('\x1f' cannot occur in ids).
std::string DeliveryKey(const IncomingMessage& m) {
  return m.account + '\x1f' + m.chat + '\x1f' + m.user + '\x1f' + m.message_id;
}

// What the message log keeps of a message (masked by the caller): its text,
// or for a screenshot the lines the answer was read from.
std::string LoggedText(const IncomingMessage& m, const std::string& text) {
  return !text.empty() || !m.screenshot ? text : m.screenshot->UnderstoodText();
}

}  // namespace

std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now) {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8))};
}

struct Engine::Outcomes {
  MatchResult match;                         // the knowledge-base match behind the reply, if any
  std::optional<std::string> save;           // the new session state, when it changed
  std::shared_ptr<const ParsedWalk> parsed;  // the same, parsed, for the cache
};

Engine::Engine(KnowledgeSource& knowledge, const Walkthrough& walkthrough,
               const BotLanguage& language, EngineStores stores, Clock clock, EngineOptions options,
               std::ostream& log)
    : knowledge_(knowledge),
      walkthrough_(walkthrough),
      language_(language),
      tx_(stores.tx),
      sessions_(stores.sessions),
      processed_(stores.processed),
      reader_(ReaderFor(stores)),
      clock_(std::move(clock)),
      options_(std::move(options)),
      default_rule_{options_.group_prefix, options_.group_errors},
      log_(log),
      flood_({options_.user_per_minute, options_.user_burst, options_.chat_per_minute,
              options_.chat_burst},
             language.texts, stores.rate_buckets) {
  if (stores.support != nullptr)
    support_.emplace(*stores.support, language, options_.handoff_timeout);
}

TurnReader& Engine::ReaderFor(const EngineStores& stores) {
  if (stores.turn_reader != nullptr) return *stores.turn_reader;
  TriageStore* triage = stores.support != nullptr ? &stores.support->triage : nullptr;
  return own_reader_.emplace(stores.sessions, stores.processed, triage);
}

const GroupRule& Engine::RuleFor(const std::string& platform) const {
  const auto rule = options_.group_rules.find(platform);
  return rule != options_.group_rules.end() ? rule->second : default_rule_;
}

Reply Engine::Handle(const IncomingMessage& message) {
  if (message.from_self) return {{}, Outcome::kIgnored, false};
  const std::shared_ptr<const Matcher> matcher = knowledge_.Current();
  const auto text = AddressedText(*matcher, message, RuleFor(message.platform));
  if (!text) {
    log_.Write(message.platform, Outcome::kIgnored);
    return {{}, Outcome::kIgnored, false};
  }
  const std::string conversation = message.platform + '\x1f' + message.chat + '\x1f' + message.user;
  Reply reply;
  tx_.Locked(conversation, [&] { reply = LockedTurn(*matcher, message, *text); });
  return reply;
}

Reply Engine::LockedTurn(const Matcher& matcher, const IncomingMessage& message,
                         const std::string& text) {
  const auto now = clock_();
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const bool dedup = processed_ != nullptr && !message.message_id.empty();
  TurnReads reads = reader_.Read({{message.platform, message.chat, message.user},
                                  dedup ? DeliveryKey(message) : std::string(),
                                  support_.has_value()});
  if (auto again = Retry(message, reads.replies)) return *again;
  if (auto stop = flood_.Check(message, now)) {
    log_.Write(message.platform, Outcome::kRateLimited, "by=" + std::string(stop->by));
    return stop->reply;
  }
  std::vector<std::string> staff_answers;
  Outcomes out;
  Reply reply;
  std::optional<Reply> intercepted;
  if (support_) {
    intercepted = support_->Intercept(message, text, now_s, reads.pending, staff_answers);
  }
  if (intercepted) {
    reply = std::move(*intercepted);
  } else {
    reply = Turn(matcher, message, text, std::move(reads.session), now_s, out);
  }
  reply.texts.insert(reply.texts.begin(), staff_answers.begin(), staff_answers.end());
  if (!staff_answers.empty()) reply.handled = true;
  Commit(matcher, message, text, reply, now_s, out);
  return reply;
}

std::optional<Reply> Engine::Retry(const IncomingMessage& message,
                                   const std::optional<std::string>& stored) {
  // Found by DeliveryKey, who sent it to whom: an id someone else already used
  // is a new message of this sender's, never a way to read another user's reply.
  if (!stored) return std::nullopt;
  const nlohmann::json j = nlohmann::json::parse(*stored, nullptr, false);
  Reply again{{}, Outcome::kDuplicate, true};
  if (j.is_array()) {
    for (const auto& t : j) {
      if (t.is_string()) again.texts.push_back(t.get<std::string>());
    }
  }
  log_.Write(message.platform, Outcome::kDuplicate);
  return again;
}

Reply Engine::Turn(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
                   std::optional<SessionRecord> saved, std::int64_t now_s, Outcomes& out) {
  const SessionKey key{message.platform, message.chat, message.user};
  LoadedState before = LoadState(sessions_, key, std::move(saved), now_s, options_.session_idle);
  WalkState state = before.state;
  // The entries the last answer offered count for this message only.
  const std::vector<std::string> offered = std::move(state.offered);
  state.offered.clear();
  Classified classified =
      Classify(matcher, walkthrough_, language_.words, state, message, text, offered);
  out.match.answered = false;
  Reply reply = Respond(matcher, walkthrough_, language_, state, message, text, classified,
                        ChinaToday(clock_()), out.match);
  out.save = StateToSave(before, state);
  std::string detail;
  if (const Step* step = walkthrough_.Current(state)) detail = "step=" + step->key;
  if (out.save) detail += detail.empty() ? "saved" : " saved";
  log_.Write(message.platform, reply.kind, detail);
  if (out.save) out.parsed = std::make_shared<const ParsedWalk>(std::move(state));
  return reply;
}

void Engine::Commit(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
                    const Reply& reply, std::int64_t now_s, Outcomes& out) {
  const bool remember = processed_ != nullptr && !message.message_id.empty();
  if (!out.save && !remember && !support_) return;
  // The new state, the message id and the log line are committed together:
  // a crash between them can neither lose the turn nor let a retry repeat it.
  // What they write is prepared first: the committing thread runs the work
  // of a whole batch one after another, so the less each does, the better.
  // Kept for retries, masked like everything stored (a retry shows the
  // numbers the bot echoed masked; the walkthrough masks its own already).
  std::string replies;
  if (remember) {
    std::vector<std::string> kept;
    for (const auto& t : reply.texts) kept.push_back(MaskSensitive(t));
    replies = JsonStringArray(kept);
  }
  std::optional<LoggedMessage> logged;
  if (support_) {
    logged = LoggedMessage{now_s,
                           message.platform,
                           message.chat,
                           message.user,
                           MaskSensitive(LoggedText(message, text)),
                           reply.kind,
                           "",
                           0};
    if (!out.match.matches.empty()) {
      logged->entry_id = out.match.matches[0].entry->id;
      logged->score = out.match.matches[0].score;
    }
  }
  const SessionKey key{message.platform, message.chat, message.user};
  tx_.Transaction([&] {
    if (out.save) sessions_.Save(key, *out.save, now_s, out.parsed);
    if (remember) processed_->Remember(message.platform, DeliveryKey(message), replies, now_s);
    if (logged) support_->Record(matcher, message, *logged);
  });
}

}  // namespace beian
