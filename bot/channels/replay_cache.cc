#include "bot/channels/replay_cache.h"

#include "bot/channels/crypto.h"

namespace beian {

ReplayCache::ReplayCache(std::int64_t window_seconds, std::size_t max_entries, bool retries_allowed)
    : window_(window_seconds), max_entries_(max_entries), retries_allowed_(retries_allowed) {}

void ReplayCache::Expire(std::int64_t now_seconds) {
  while (!order_.empty()) {
    const auto it = seen_.find(order_.front());
    if (it != seen_.end() && now_seconds - it->second.at <= window_ && seen_.size() < max_entries_)
      break;
    if (it != seen_.end()) seen_.erase(it);
    order_.pop_front();
  }
}

ReplayCache::Verdict ReplayCache::Check(std::string_view key, std::string_view body,
                                        std::int64_t now_seconds) {
  std::string digest = Sha256(body);
  std::lock_guard lock(mutex_);
  Expire(now_seconds);
  const auto it = seen_.find(std::string(key));
  if (it != seen_.end()) {
    return retries_allowed_ && it->second.body_digest == digest ? Verdict::kRetry
                                                                : Verdict::kReplay;
  }
  seen_.emplace(std::string(key), Seen{std::move(digest), now_seconds});
  order_.emplace_back(key);
  return Verdict::kNew;
}

std::size_t ReplayCache::size() {
  std::lock_guard lock(mutex_);
  return seen_.size();
}

}  // namespace beian
