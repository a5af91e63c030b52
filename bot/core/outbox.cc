#include "bot/core/outbox.h"

#include <algorithm>

namespace beian {

Outbox::Outbox(OutboxStore& store, Clock clock, std::ostream& log)
    : store_(store), clock_(std::move(clock)), log_(log) {}

Outbox::~Outbox() { Stop(); }

void Outbox::Register(const std::string& platform, Sender& sender) { senders_[platform] = &sender; }

std::int64_t Outbox::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();
}

void Outbox::Enqueue(const std::string& platform, const std::string& payload) {
  store_.Add(platform, payload, Now());
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
  }
  wake_.notify_one();
}

size_t Outbox::RunOnce() {
  size_t delivered = 0;
  for (const OutboxItem& item : store_.Claim(Now(), kClaimBatch, kLeaseSeconds)) {
    const auto it = senders_.find(item.platform);
    std::string error = it == senders_.end() ? "no sender for platform " + item.platform : "";
    if (error.empty()) {
      try {
        error = it->second->Send(item.payload);
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    if (error.empty()) {
      store_.MarkSent(item.id);
      ++delivered;
      continue;
    }
    const int attempts = item.attempts + 1;
    const bool give_up = attempts >= kMaxAttempts;
    const std::int64_t delay =
        std::min<std::int64_t>(std::int64_t{1} << std::min(attempts, 20), 300);
    store_.MarkFailed(item.id, error, Now() + delay, give_up);
    log_ << "outbox: " << item.platform << " item " << item.id << " attempt " << attempts
         << (give_up ? " failed for good: " : " failed, will retry: ") << error << '\n';
  }
  return delivered;
}

void Outbox::Start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        RunOnce();
      } catch (const std::exception& e) {
        log_ << "outbox: delivery pass failed: " << e.what() << '\n';
      }
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_ || poked_; });
      poked_ = false;
    }
  });
}

void Outbox::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace beian
