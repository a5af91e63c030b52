#include "bot/support/flood_gate.h"

namespace beian {

FloodGate::FloodGate(Limits limits, const BotTexts& say, RateBuckets* buckets)
    : users_(limits.user_per_minute, limits.user_burst, buckets, "user"),
      chats_(limits.chat_per_minute, limits.chat_burst, buckets, "chat"),
      say_(say) {}

std::optional<FloodGate::Stop> FloodGate::Check(const IncomingMessage& message,
                                                std::chrono::system_clock::time_point now) {
  const std::string user_key = message.platform + '\x1f' + message.chat + '\x1f' + message.user;
  const std::string chat_key = message.platform + '\x1f' + message.chat;
  if (!users_.Allow(user_key, now)) {
    if (!Tell("u" + user_key, now)) return Stop{{{}, Outcome::kRateLimited, false}, "user"};
    return Stop{{{say_(BotText::kFloodUser)}, Outcome::kRateLimited, true}, "user"};
  }
  if (!chats_.Allow(chat_key, now)) {
    users_.Refund(user_key);
    if (!Tell("c" + chat_key, now)) return Stop{{{}, Outcome::kRateLimited, false}, "chat"};
    return Stop{{{say_(BotText::kFloodChat)}, Outcome::kRateLimited, true}, "chat"};
  }
  return std::nullopt;
}

bool FloodGate::Tell(const std::string& key, std::chrono::system_clock::time_point now) {
  std::lock_guard lock(told_mutex_);
  if (told_.size() > 4096)
    std::erase_if(told_, [&](const auto& kv) { return now - kv.second > std::chrono::minutes(1); });
  auto [it, fresh] = told_.try_emplace(key, now);
  if (!fresh && now - it->second <= std::chrono::minutes(1)) return false;
  it->second = now;
  return true;
}

}  // namespace beian
