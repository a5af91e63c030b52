#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "bot/core/engine.h"
#include "storage/outbox_store.h"

namespace beian {

// Delivers one outbox payload through a platform API.
// Called from the outbox thread only (one call at a time).
class Sender {
 public:
  virtual ~Sender() = default;
  // Returns an empty string on success, otherwise what went wrong (logged,
  // and the item is retried later).
  virtual std::string Send(const std::string& payload) = 0;
};

// Replies that a platform only accepts through its API (mini program
// customer service, Feishu): stored first, then delivered by a background
// thread; a failure is retried with exponential backoff (2, 4, 8 …
// seconds, at most 5 minutes apart) and given up after kMaxAttempts. Items
// still pending when the process stops are delivered after the restart.
// Several processes sharing the storage deliver together: each pass claims
// up to kClaimBatch items for kLeaseSeconds (OutboxStore::Claim), so an item
// is sent by one of them; one that dies mid-pass leaves its unsent items to
// the others once the lease ends (an item sent just before the death, not
// yet marked sent, is sent again: at least once, never lost).
// Thread-safety: Enqueue from any thread; Register before Start.
class Outbox {
 public:
  static constexpr int kMaxAttempts = 8;
  static constexpr int kClaimBatch = 10;
  static constexpr std::int64_t kLeaseSeconds = 120;  // > kClaimBatch sends at their timeout

  Outbox(OutboxStore& store, Clock clock, std::ostream& log);
  ~Outbox();  // stops the thread

  void Register(const std::string& platform, Sender& sender);
  void Enqueue(const std::string& platform, const std::string& payload);

  // One delivery pass over what is due now; returns how many were delivered.
  size_t RunOnce();

  void Start();
  void Stop();

 private:
  std::int64_t Now() const;

  OutboxStore& store_;
  Clock clock_;
  std::ostream& log_;
  std::map<std::string, Sender*> senders_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool poked_ = false;
  std::thread thread_;
};

}  // namespace beian
