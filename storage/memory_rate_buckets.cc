#include "storage/memory_rate_buckets.h"

#include <algorithm>

namespace beian {

void MemoryRateBuckets::Sweep(std::chrono::system_clock::time_point now) {
  if (buckets_.size() <= 1024 || now - swept_ < std::chrono::seconds(1)) return;
  // A key idle for as long as its bucket takes to fill is as good as new.
  std::erase_if(buckets_, [&](const auto& kv) { return now - kv.second.at > kv.second.refill; });
  swept_ = now;
}

bool MemoryRateBuckets::Take(const std::string& key, double per_second, double burst,
                             std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  Sweep(now);
  const std::chrono::duration<double> refill(burst / per_second);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst, now, refill});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst, b.tokens + std::max(0.0, elapsed) * per_second);
    b.at = now;
    b.refill = refill;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void MemoryRateBuckets::Refund(const std::string& key, double burst) {
  std::lock_guard lock(mutex_);
  if (auto it = buckets_.find(key); it != buckets_.end())
    it->second.tokens = std::min(burst, it->second.tokens + 1.0);
}

}  // namespace beian
