#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "bot/server/address_set.h"

namespace beian {

// Counts open connections in total and per client address, and admits a
// new one only under both caps. Addresses in `exempt` (the trusted reverse
// proxies, which carry many clients over their connections) count toward
// the total only.
// Thread-safety: every method may be called from any thread.
class ConnectionGuard {
 public:
  enum class Verdict { kAdmitted, kTooManyFromAddress, kTooMany };

  ConnectionGuard(std::size_t max_total, std::size_t max_per_address, AddressSet exempt);

  // On kAdmitted the connection counts until Release(address).
  [[nodiscard]] Verdict Admit(const std::string& address);
  void Release(const std::string& address);

  std::size_t open();

 private:
  const std::size_t max_total_, max_per_address_;
  const AddressSet exempt_;
  std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t>
      per_address_;  // only addresses with open connections
};

}  // namespace beian
