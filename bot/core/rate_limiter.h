#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace beian {

// Token buckets by key: `per_minute` messages a minute on average, up to
// `burst` at once. A key unseen for long is forgotten (its bucket is full
// again anyway), so memory stays bounded by the keys active in the last
// minutes.
// Thread-safety: Allow may be called from any thread.
class RateLimiter {
 public:
  // per_minute 0 = no limit.
  RateLimiter(double per_minute, double burst);

  // Takes one token for `key` at time `now`; false when the bucket is empty.
  bool Allow(const std::string& key, std::chrono::system_clock::time_point now);
  // Puts back the token Allow took (the message was not counted after all).
  void Refund(const std::string& key);

  bool enabled() const { return per_second_ > 0; }

 private:
  struct Bucket {
    double tokens;
    std::chrono::system_clock::time_point at;
  };
  double per_second_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::system_clock::time_point swept_{};
};

}  // namespace beian
