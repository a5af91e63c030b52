#include "bot/core/rate_limiter.h"

#include <algorithm>

namespace beian {

RateLimiter::RateLimiter(double per_minute, double burst)
    : per_second_(std::max(0.0, per_minute) / 60.0), burst_(std::max(1.0, burst)) {}

bool RateLimiter::Allow(const std::string& key, std::chrono::system_clock::time_point now) {
  if (per_second_ <= 0) return true;
  std::lock_guard lock(mutex_);
  // Time for an empty bucket to fill: a key idle that long is as good as new.
  const auto refill = std::chrono::duration<double>(burst_ / per_second_);
  if (now - swept_ > refill && buckets_.size() > 1024) {
    std::erase_if(buckets_, [&](const auto& kv) { return now - kv.second.at > refill; });
    swept_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * per_second_);
    b.at = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void RateLimiter::Refund(const std::string& key) {
  if (per_second_ <= 0) return;
  std::lock_guard lock(mutex_);
  if (auto it = buckets_.find(key); it != buckets_.end())
    it->second.tokens = std::min(burst_, it->second.tokens + 1.0);
}

}  // namespace beian
