#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "bot/core/bot_texts.h"
#include "bot/core/message.h"
#include "bot/core/rate_limiter.h"
#include "storage/rate_buckets.h"

namespace beian {

// Flood limits on the support side: one member cannot use up a group's
// turns, and one group cannot use up the bot. Limits are messages a minute
// on average and at once (0 a minute = off).
// Thread-safety: Check may be called from any thread.
class FloodGate {
 public:
  struct Limits {
    double user_per_minute = 0, user_burst = 10;
    double chat_per_minute = 0, chat_burst = 60;
  };
  // A message over a limit: what to answer (a short notice once a minute
  // per sender or chat, bot-texts.json "flood.user" or "flood.chat";
  // otherwise silence: handled false) and which limit.
  struct Stop {
    Reply reply;
    std::string_view by;  // "user" or "chat"
  };

  // `say` and `buckets` must outlive the gate; `buckets` null: in memory.
  // The "told" marks stay in this process (a limited sender may be told
  // once a minute by each instance).
  FloodGate(Limits limits, const BotTexts& say, RateBuckets* buckets = nullptr);

  // nullopt when the message may go on. Both tokens are asked for at once
  // (RateBuckets::TakeEach: one statement on a database); a message stopped
  // by one limit gives back the other's token, so it counts against neither.
  std::optional<Stop> Check(const IncomingMessage& message,
                            std::chrono::system_clock::time_point now);

 private:
  // True when `key` was last told more than a minute ago (then marks it told).
  bool Tell(const std::string& key, std::chrono::system_clock::time_point now);

  std::unique_ptr<RateBuckets> own_;  // when `buckets` was null
  RateBuckets& buckets_;              // both limiters' (one TakeEach for both)
  RateLimiter users_, chats_;
  const BotTexts& say_;
  std::mutex told_mutex_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> told_;
};

}  // namespace beian
