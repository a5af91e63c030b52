#include "bot/core/staff_push.h"

#include <nlohmann/json.hpp>

#include "bot/core/outbox.h"

namespace beian {

std::string StaffAnswerMessage(TriageReason reason, const std::string& question,
                               const std::string& answer) {
  if (reason == TriageReason::kHuman) return "客服回复：" + answer;
  return "关于你之前问的“" + question + "”，客服回复：" + answer;
}

void StaffPush::Route(const std::string& platform, const std::string& sender,
                      const std::string& key, Address address) {
  routes_[platform] = {sender, key, address};
}

bool StaffPush::Send(const Asker& asker, const std::string& text) {
  const auto it = routes_.find(asker.platform);
  if (it == routes_.end()) return false;
  const Target& t = it->second;
  const nlohmann::json payload{{t.key, t.address == Address::kUser ? asker.user : asker.chat},
                               {"text", text}};
  outbox_.Enqueue(t.sender, payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return true;
}

}  // namespace beian
