// RateBuckets::TakeEach on every backend of store_backends.h: two tokens
// asked for at once are each taken as Take would take it.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage.h"
#include "tests/storage/store_backends.h"

namespace beian {
namespace {

const auto kT0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));

TEST_CASE_TEMPLATE("taking two tokens at once takes each from its own bucket", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  RateBuckets& buckets = backend.storage().rate_buckets();
  // Keys as hostile as a chat id may be.
  const std::string user = "user:it's \"me\" \\ 张三", chat = "chat:群'1";
  const std::vector<RateBuckets::Want> both{{user, 1.0, 2}, {chat, 1.0, 1}};
  CHECK(buckets.TakeEach(both, kT0) == std::vector<bool>{true, true});
  CHECK(buckets.TakeEach(both, kT0) == std::vector<bool>{true, false});
  CHECK(buckets.TakeEach(both, kT0) == std::vector<bool>{false, false});
  CHECK_FALSE(buckets.Take(user, 1.0, 2, kT0));
  buckets.Refund(chat, 1);
  CHECK(buckets.Take(chat, 1.0, 1, kT0));
  // A second later each has refilled at its own rate.
  const auto t1 = kT0 + std::chrono::seconds(1);
  CHECK(buckets.TakeEach(both, t1) == std::vector<bool>{true, true});
  CHECK(buckets.TakeEach({{"user:solo", 1.0, 1}}, kT0) == std::vector<bool>{true});
}

TEST_CASE_TEMPLATE("senders taking from one chat's bucket at once get exactly its burst", B,
                   BEIAN_STORE_BACKENDS) {
  B backend;
  RateBuckets& buckets = backend.storage().rate_buckets();
  std::atomic<int> chat_tokens{0};
  std::latch start(6);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < 20; ++i) {
        const auto got = buckets.TakeEach(
            {{"user:" + std::to_string(t), 0.001, 1000}, {"chat:shared", 0.001, 50}}, kT0);
        chat_tokens += got[1] ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(chat_tokens == 50);
}

}  // namespace
}  // namespace beian
