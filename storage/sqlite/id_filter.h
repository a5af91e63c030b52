#pragma once

#include <array>
#include <climits>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <vector>

namespace beian {

// The ids seen in the last `window` seconds, in fixed memory: a Bloom filter
// in two generations. MaybeContains never answers false for an id added in
// the last `window` seconds; it may answer true for one never added (rarely
// while fewer than ~bits/10 ids are added a window; more often beyond), so a
// "maybe" must be checked where the ids are kept. Rotation follows the times
// passed to Add: when one is a window past the current generation's start,
// that generation becomes the previous one and the previous one is dropped.
// Thread-safety: safe from any thread.
class IdFilter {
 public:
  // `bits` is rounded up to a power of two; memory is 2 × bits / 8 bytes.
  IdFilter(std::size_t bits, std::int64_t window_seconds);

  void Add(std::string_view id, std::int64_t at);
  bool MaybeContains(std::string_view id) const;

 private:
  static constexpr int kHashes = 6;
  using Bits = std::vector<std::uint64_t>;
  std::array<std::uint64_t, kHashes> Positions(std::string_view id) const;  // the id's bits
  void Set(Bits& bits, std::string_view id) const;
  bool Test(const Bits& bits, std::string_view id) const;

  std::uint64_t mask_;
  std::int64_t window_;
  mutable std::mutex mutex_;
  Bits current_, previous_;
  std::int64_t current_since_ = INT64_MIN;
};

}  // namespace beian
