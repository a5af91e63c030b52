#pragma once

#include <map>
#include <string>

#include "bot/core/bot_texts.h"
#include "storage/asker.h"
#include "storage/outcome.h"

namespace beian {

class Outbox;

// The message that shows a staff answer to the user who asked
// (bot-texts.json "staff.answer": "关于你之前问的“…”，客服回复：…"; a reply to
// 转人工 has no question to quote: "staff.reply").
std::string StaffAnswerMessage(const BotTexts& say, TriageReason reason,
                               const std::string& question, const std::string& answer);

// Staff messages (an answer to a queued question, a reply to a 转人工 ticket)
// pushed to the user at once through a platform API, by the outbox — where
// the platform has such an API. Elsewhere the user sees them with the bot's
// reply to their next message (TriageStore::TakeAnswersFor).
// Thread-safety: Route before use; SendAnswer from any thread.
class StaffPush {
 public:
  // `outbox` and `say` must outlive the object.
  StaffPush(Outbox& outbox, const BotTexts& say) : outbox_(outbox), say_(say) {}

  // Messages to `platform` users go to the outbox sender `sender` with the
  // payload {key: <user or chat id>, "text": …}.
  enum class Address { kUser, kChat };
  void Route(const std::string& platform, const std::string& sender, const std::string& key,
             Address address);

  bool CanReach(const Asker& asker) const { return routes_.contains(asker.platform); }
  // Queues the staff answer for the asker (StaffAnswerMessage); false when
  // the platform has no route.
  bool SendAnswer(const Asker& asker, TriageReason reason, const std::string& question,
                  const std::string& answer);

 private:
  struct Target {
    std::string sender, key;
    Address address;
  };
  Outbox& outbox_;
  const BotTexts& say_;
  std::map<std::string, Target> routes_;
};

}  // namespace beian
