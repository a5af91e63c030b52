#pragma once

#include <atomic>
#include <cstdint>

#include "storage/rate_buckets.h"

namespace beian {

class PgDatabase;

// RateBuckets on PostgreSQL (table `rate_buckets`), shared by every instance
// on the database, so that N instances let through what one would. Take is
// one atomic UPSERT that refills the bucket for the time since its last take
// and takes a token when there is one; like MemoryRateBuckets, except that a
// clock running backwards never refills a bucket twice. Take and Refund
// never join the caller's Transaction: each commits at once on a connection
// of its own. A bucket idle long enough to be full again is deleted now and
// then (it is as good as none).
// Thread-safety: any thread. Every method throws StorageError.
class PgRateBuckets : public RateBuckets {
 public:
  explicit PgRateBuckets(PgDatabase& db) : db_(db) {}

  bool Take(const std::string& key, double per_second, double burst,
            std::chrono::system_clock::time_point now) override;
  void Refund(const std::string& key, double burst) override;
  // Two buckets in one statement (the rows in the order given, so that two
  // callers lock shared rows in one order); any other count as the base.
  std::vector<bool> TakeEach(const std::vector<Want>& wants,
                             std::chrono::system_clock::time_point now) override;

 private:
  // Every kPruneEvery takes, deletes the buckets full again by `now_ms`.
  void MaybePrune(std::int64_t now_ms, std::uint64_t takes);
  static constexpr std::uint64_t kPruneEvery = 1024;  // takes between two prunes
  PgDatabase& db_;
  std::atomic<std::uint64_t> takes_{0};
};

}  // namespace beian
