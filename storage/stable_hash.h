#pragma once

#include <cstdint>
#include <string_view>

namespace beian {

// 64-bit FNV-1a: the same for the same bytes in every run, build and
// process (triage item ids, PostgreSQL advisory-lock keys).
constexpr std::uint64_t StableHash(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace beian
