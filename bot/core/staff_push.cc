#include "bot/core/staff_push.h"

#include <nlohmann/json.hpp>

#include "bot/core/outbox.h"

namespace beian {

std::string StaffAnswerMessage(const BotTexts& say, TriageReason reason,
                               const std::string& question, const std::string& answer) {
  if (reason == TriageReason::kHuman) return say(BotText::kStaffReply, {{"answer", answer}});
  return say(BotText::kStaffAnswer, {{"question", question}, {"answer", answer}});
}

void StaffPush::Route(const std::string& platform, const std::string& sender,
                      const std::string& key, Address address) {
  routes_[platform] = {sender, key, address};
}

bool StaffPush::SendAnswer(const Asker& asker, TriageReason reason, const std::string& question,
                           const std::string& answer) {
  const auto it = routes_.find(asker.platform);
  if (it == routes_.end()) return false;
  const Target& t = it->second;
  const nlohmann::json payload{{t.key, t.address == Address::kUser ? asker.user : asker.chat},
                               {"text", StaffAnswerMessage(say_, reason, question, answer)}};
  outbox_.Enqueue(t.sender, payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return true;
}

}  // namespace beian
