#include "bot/core/rate_limiter.h"

#include <algorithm>

#include "storage/memory_rate_buckets.h"

namespace beian {

RateLimiter::RateLimiter(double per_minute, double burst, RateBuckets* buckets, std::string name)
    : per_second_(std::max(0.0, per_minute) / 60.0),
      burst_(std::max(1.0, burst)),
      own_(buckets == nullptr ? std::make_unique<MemoryRateBuckets>() : nullptr),
      buckets_(buckets != nullptr ? *buckets : *own_),
      prefix_(name.empty() ? std::string() : std::move(name) + ':') {}

bool RateLimiter::Allow(const std::string& key, std::chrono::system_clock::time_point now) {
  if (per_second_ <= 0) return true;
  return buckets_.Take(prefix_ + key, per_second_, burst_, now);
}

void RateLimiter::Refund(const std::string& key) {
  if (per_second_ <= 0) return;
  buckets_.Refund(prefix_ + key, burst_);
}

}  // namespace beian
