#include "bot/server/connection_guard.h"

namespace beian {

ConnectionGuard::ConnectionGuard(std::size_t max_total, std::size_t max_per_address,
                                 AddressSet exempt)
    : max_total_(max_total), max_per_address_(max_per_address), exempt_(std::move(exempt)) {}

ConnectionGuard::Verdict ConnectionGuard::Admit(const std::string& address) {
  const bool exempt = exempt_.Contains(address);
  std::lock_guard lock(mutex_);
  if (open_ >= max_total_) return Verdict::kTooMany;
  if (!exempt) {
    std::size_t& mine = per_address_[address];
    if (mine >= max_per_address_) {
      if (mine == 0) per_address_.erase(address);
      return Verdict::kTooManyFromAddress;
    }
    ++mine;
  }
  ++open_;
  return Verdict::kAdmitted;
}

void ConnectionGuard::Release(const std::string& address) {
  std::lock_guard lock(mutex_);
  --open_;
  const auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

std::size_t ConnectionGuard::open() {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace beian
