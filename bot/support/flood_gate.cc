#include "bot/support/flood_gate.h"

#include <vector>

#include "storage/memory_rate_buckets.h"

namespace beian {

FloodGate::FloodGate(Limits limits, const BotTexts& say, RateBuckets* buckets)
    : own_(buckets == nullptr ? std::make_unique<MemoryRateBuckets>() : nullptr),
      buckets_(buckets != nullptr ? *buckets : *own_),
      users_(limits.user_per_minute, limits.user_burst, &buckets_, "user"),
      chats_(limits.chat_per_minute, limits.chat_burst, &buckets_, "chat"),
      say_(say) {}

std::optional<FloodGate::Stop> FloodGate::Check(const IncomingMessage& message,
                                                std::chrono::system_clock::time_point now) {
  const std::string chat_key = message.platform + '\x1f' + message.chat;
  const std::string user_key = chat_key + '\x1f' + message.user;
  std::vector<RateBuckets::Want> wants;  // the sender's first, then the chat's
  const bool by_user = users_.enabled(), by_chat = chats_.enabled();
  if (by_user) wants.push_back(users_.WantFor(user_key));
  if (by_chat) wants.push_back(chats_.WantFor(chat_key));
  if (wants.empty()) return std::nullopt;
  const std::vector<bool> got = buckets_.TakeEach(wants, now);
  const bool user_ok = !by_user || got.front(), chat_ok = !by_chat || got.back();
  if (user_ok && chat_ok) return std::nullopt;
  // Over one limit: the other's token goes back.
  for (std::size_t i = 0; i < wants.size(); ++i) {
    if (got[i]) buckets_.Refund(wants[i].key, wants[i].burst);
  }
  if (!user_ok) {
    if (!Tell("u" + user_key, now)) return Stop{{{}, Outcome::kRateLimited, false}, "user"};
    return Stop{{{say_(BotText::kFloodUser)}, Outcome::kRateLimited, true}, "user"};
  }
  if (!Tell("c" + chat_key, now)) return Stop{{{}, Outcome::kRateLimited, false}, "chat"};
  return Stop{{{say_(BotText::kFloodChat)}, Outcome::kRateLimited, true}, "chat"};
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
