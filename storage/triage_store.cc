#include "storage/triage_store.h"

#include "storage/stable_hash.h"

namespace beian {

std::string TriageItemId(std::string_view group_key) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint64_t h = StableHash(group_key);
  std::string id = "t";
  for (int i = 0; i < 7; ++i) id.push_back(kHex[(h >> (4 * i)) & 0xF]);
  return id;
}

}  // namespace beian
