#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/bot_language.h"
#include "bot/core/message.h"

namespace beian {

class Matcher;
struct LoggedMessage;
struct SupportStores;

// The support side of a user's turn, for the engine:
//   Intercept, before the turn: staff answers waiting for this user are
//     taken (marked shown) and handed back; during an open handoff ticket
//     the bot stays quiet (取消人工 and the like end it); 转人工 and polite
//     forms of it open a ticket and queue a request for a human; "没用" and
//     the like right after an answer (within the hour) queue that question.
//     The words are bot-words.json's handoff.* and unhelpful, the replies
//     bot-texts.json's support.* and staff.*.
//   Record, inside the turn's transaction: the message log line and, for a
//     declined or ambiguous question, its triage item (questions that mean
//     the same share one: GroupQuestion) and its wording.
// Thread-safety: as the stores': Intercept and Record may run concurrently.
class SupportTurn {
 public:
  // `stores` and `language` must outlive this object. A handoff ticket older
  // than `handoff_timeout` no longer silences the bot.
  SupportTurn(SupportStores& stores, const BotLanguage& language,
              std::chrono::seconds handoff_timeout);

  // nullopt when the turn goes on as usual; otherwise the reply of this turn
  // (handled == false: the bot says nothing). Either way the staff answers
  // to show first are appended to `staff_answers`. `text` is what the
  // message addresses to the bot; `pending` is TriageStore::MayHavePending
  // for its sender (read with the turn's other reads). Each write commits on
  // its own (not inside the caller's Transaction). Throws StorageError.
  std::optional<Reply> Intercept(const IncomingMessage& message, const std::string& text,
                                 std::int64_t now_s, bool pending,
                                 std::vector<std::string>& staff_answers);

  // Logs `m` and triages it when the bot declined or was unsure. Call it
  // inside the caller's Database::Transaction (it opens none of its own:
  // its writes join it). Throws StorageError.
  void Record(const Matcher& matcher, const IncomingMessage& message, const LoggedMessage& m);

 private:
  SupportStores& stores_;
  const BotLanguage& language_;
  std::chrono::seconds handoff_timeout_;
};

}  // namespace beian
