#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace beian {

// Signatures that do not cover the body (WeChat plain mode: timestamp +
// nonce; DingTalk: timestamp) can be captured and sent again with another
// body inside their time window. This remembers each verified signature key
// with a digest of the body it came with, for the window:
//   - the same key with the same body is the platform retrying a delivery
//     (WeChat does, with identical query and body): kRetry, to be answered
//     by the engine's retry dedup;
//   - the same key with another body is a replay: kReplay, to be refused;
//   - with `retries_allowed` false (OneBot, whose implementations do not
//     retry), any repeat is kReplay.
// Only keys that passed their signature check are recorded, so only the
// platform (or whoever holds the secret) can fill it; it is still bounded:
// past `max_entries` the oldest key is forgotten first.
// Thread-safety: Check may be called from any thread.
class ReplayCache {
 public:
  enum class Verdict { kNew, kRetry, kReplay };

  ReplayCache(std::int64_t window_seconds, std::size_t max_entries, bool retries_allowed);

  Verdict Check(std::string_view key, std::string_view body, std::int64_t now_seconds);
  std::size_t size();

 private:
  struct Seen {
    std::string body_digest;
    std::int64_t at;
  };
  void Expire(std::int64_t now_seconds);  // with mutex_ held

  const std::int64_t window_;
  const std::size_t max_entries_;
  const bool retries_allowed_;
  std::mutex mutex_;
  std::unordered_map<std::string, Seen> seen_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace beian
