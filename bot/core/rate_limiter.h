#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "storage/rate_buckets.h"

namespace beian {

// Token buckets by key: `per_minute` messages a minute on average, up to
// `burst` at once, kept in `buckets` (shared: a database's, so that every
// instance counts against one bucket) or, when it is null, in this object's
// own memory. `name` keeps this limiter's keys apart from other limiters'
// in shared buckets.
// Thread-safety: Allow may be called from any thread.
class RateLimiter {
 public:
  // per_minute 0 = no limit.
  RateLimiter(double per_minute, double burst, RateBuckets* buckets = nullptr,
              std::string name = "");

  // Takes one token for `key` at time `now`; false when the bucket is empty.
  // Throws StorageError when shared buckets cannot be reached.
  bool Allow(const std::string& key, std::chrono::system_clock::time_point now);
  // Puts back the token Allow took (the message was not counted after all).
  void Refund(const std::string& key);

  bool enabled() const { return per_second_ > 0; }
  // What Allow would take for `key`, for RateBuckets::TakeEach (several
  // limiters' tokens at once).
  RateBuckets::Want WantFor(const std::string& key) const {
    return {prefix_ + key, per_second_, burst_};
  }

 private:
  double per_second_;
  double burst_;
  std::unique_ptr<RateBuckets> own_;  // when not shared
  RateBuckets& buckets_;
  std::string prefix_;
};

}  // namespace beian
