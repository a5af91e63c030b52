#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include "storage/rate_buckets.h"

namespace beian {

// RateBuckets in this process's memory. A key unseen for long is forgotten
// (its bucket is full again anyway), so memory stays bounded by the keys
// active in the last minutes.
class MemoryRateBuckets final : public RateBuckets {
 public:
  bool Take(const std::string& key, double per_second, double burst,
            std::chrono::system_clock::time_point now) override;
  void Refund(const std::string& key, double burst) override;

 private:
  struct Bucket {
    double tokens;
    std::chrono::system_clock::time_point at;
    std::chrono::duration<double> refill;  // time for it to fill from empty
  };
  void Sweep(std::chrono::system_clock::time_point now);

  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::chrono::system_clock::time_point swept_{};
};

}  // namespace beian
