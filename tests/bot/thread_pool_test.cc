// The server's thread pool: grows to the connections it has, up to its
// maximum; queues past it; shrinks when idle; finishes its tasks on shutdown.
#include "bot/server/thread_pool.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace beian {
namespace {

using namespace std::chrono_literals;

// Tasks that wait until `n` of them run at the same time (or `limit` passes).
struct Gathering {
  std::mutex mutex;
  std::condition_variable cv;
  int inside = 0, most = 0;
  int permits = 0;  // tasks that may leave before the release (ReleaseOne)
  bool release = false;
  void Join() {
    std::unique_lock lock(mutex);
    ++inside;
    most = std::max(most, inside);
    cv.notify_all();
    cv.wait_for(lock, 10s, [&] { return release || permits > 0; });
    if (!release && permits > 0) --permits;
    --inside;
  }
  bool WaitFor(int n, std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex);
    return cv.wait_for(lock, limit, [&] { return inside >= n; });
  }
  void Release() {
    std::lock_guard lock(mutex);
    release = true;
    cv.notify_all();
  }
  void ReleaseOne() {
    std::lock_guard lock(mutex);
    ++permits;
    cv.notify_all();
  }
};

template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 500; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

TEST_CASE("the pool starts a thread for each task that finds none idle, up to its maximum") {
  ElasticThreadPool pool(2, 40);
  CHECK(pool.threads() == 2);
  Gathering g;
  for (int i = 0; i < 30; ++i) pool.enqueue([&] { g.Join(); });
  CHECK(g.WaitFor(30, 5s));  // all 30 at once: a fixed pool of 2 would hold 28 back
  CHECK(pool.threads() >= 30);
  CHECK(pool.threads() <= 32);  // the first two may not have been idle yet
  g.Release();
  pool.shutdown();
  CHECK(g.most == 30);
}

TEST_CASE("past its maximum, tasks wait for a thread in arrival order") {
  ElasticThreadPool pool(1, 3);
  Gathering g;
  std::mutex order_mutex;
  std::vector<int> order;
  for (int i = 0; i < 6; ++i) {
    pool.enqueue([&, i] {
      {
        std::lock_guard lock(order_mutex);
        order.push_back(i);
      }
      if (i < 3) g.Join();
    });
  }
  CHECK(g.WaitFor(3, 5s));
  std::this_thread::sleep_for(50ms);
  CHECK(pool.threads() == 3);
  {
    std::lock_guard lock(order_mutex);
    CHECK(order.size() == 3);  // the other three wait
  }
  // One thread freed: it takes the waiting tasks one after another, so they
  // run in the order they came (the first three started together, in any order).
  g.ReleaseOne();
  CHECK(Eventually([&] {
    std::lock_guard lock(order_mutex);
    return order.size() == 6;
  }));
  g.Release();
  pool.shutdown();
  std::sort(order.begin(), order.begin() + 3);
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(g.most == 3);
}

TEST_CASE(
    "idle threads end after the idle timeout, down to the minimum, and the pool grows again") {
  ElasticThreadPool pool(2, 16, 100ms);
  Gathering g;
  for (int i = 0; i < 10; ++i) pool.enqueue([&] { g.Join(); });
  CHECK(g.WaitFor(10, 5s));
  g.Release();
  CHECK(Eventually([&] { return pool.threads() == 2; }));
  Gathering again;
  for (int i = 0; i < 5; ++i) pool.enqueue([&] { again.Join(); });
  CHECK(again.WaitFor(5, 5s));
  CHECK(pool.threads() >= 5);
  again.Release();
}

TEST_CASE("shutdown runs the tasks already queued, ends every thread, and may be called twice") {
  std::atomic<int> ran{0};
  {
    ElasticThreadPool pool(1, 1);
    for (int i = 0; i < 50; ++i)
      pool.enqueue([&] {
        std::this_thread::sleep_for(1ms);
        ++ran;
      });
    pool.shutdown();
    CHECK(ran == 50);
    CHECK(pool.threads() == 0);
    pool.shutdown();
  }  // and the destructor
  CHECK(ran == 50);
}

}  // namespace
}  // namespace beian
