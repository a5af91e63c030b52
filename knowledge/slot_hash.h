#pragma once

#include <cstddef>
#include <cstdint>

namespace beian {

// The slot of `key` in an open-addressing table of mask + 1 slots (a power
// of two). Fibonacci hashing: the high half of the product mixes every bit
// of the key, so keys that differ only in their low bits spread out.
inline size_t SlotOf(std::uint64_t key, size_t mask) {
  return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}

}  // namespace beian
