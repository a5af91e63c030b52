#include "storage/sqlite/id_filter.h"

#include <algorithm>
#include <bit>
#include <functional>

namespace beian {
namespace {

std::uint64_t Mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

IdFilter::IdFilter(std::size_t bits, std::int64_t window_seconds)
    : mask_(std::bit_ceil(std::max<std::size_t>(bits, 64)) - 1),
      window_(window_seconds),
      current_((mask_ + 1) / 64),
      previous_((mask_ + 1) / 64) {}

std::array<std::uint64_t, IdFilter::kHashes> IdFilter::Positions(std::string_view id) const {
  // Double hashing: h1 + i·h2 (h2 odd, so the kHashes positions differ).
  const std::uint64_t h1 = std::hash<std::string_view>{}(id), h2 = Mix(h1) | 1;
  std::array<std::uint64_t, kHashes> out{};
  for (int i = 0; i < kHashes; ++i) out[i] = (h1 + static_cast<std::uint64_t>(i) * h2) & mask_;
  return out;
}

void IdFilter::Set(Bits& bits, std::string_view id) const {
  for (const std::uint64_t bit : Positions(id)) bits[bit / 64] |= std::uint64_t{1} << (bit % 64);
}

bool IdFilter::Test(const Bits& bits, std::string_view id) const {
  for (const std::uint64_t bit : Positions(id)) {
    if ((bits[bit / 64] & (std::uint64_t{1} << (bit % 64))) == 0) return false;
  }
  return true;
}

void IdFilter::Add(std::string_view id, std::int64_t at) {
  std::lock_guard lock(mutex_);
  if (current_since_ == INT64_MIN) current_since_ = at;
  if (at - current_since_ >= window_) {
    previous_.swap(current_);
    std::fill(current_.begin(), current_.end(), 0);
    current_since_ = at;
  }
  Set(current_, id);
}

bool IdFilter::MaybeContains(std::string_view id) const {
  std::lock_guard lock(mutex_);
  return Test(current_, id) || Test(previous_, id);
}

}  // namespace beian
