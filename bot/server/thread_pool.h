#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace beian {

// cpp-httplib's task queue, grown on demand. httplib gives each connection
// one task that serves it until it closes (keep-alive included), so a fixed
// pool either keeps many idle threads or makes the connections beyond its
// size wait for a whole connection to end (seconds). This pool starts a
// thread whenever a task finds none idle, up to `max_threads`; past that,
// tasks wait in arrival order. A thread idle for `idle_timeout` ends, down to
// `min_threads`. The most recently idle thread takes the next task.
// Thread-safety: every member may be called from any thread.
class ElasticThreadPool : public httplib::TaskQueue {
 public:
  ElasticThreadPool(std::size_t min_threads, std::size_t max_threads,
                    std::chrono::milliseconds idle_timeout = std::chrono::seconds(60));
  ~ElasticThreadPool() override;  // shuts down if not done yet
  ElasticThreadPool(const ElasticThreadPool&) = delete;
  ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  // Runs the tasks already queued, then ends every thread and waits for them.
  void shutdown() override;

  std::size_t threads();  // running now, busy or idle

 private:
  void Work(std::list<std::thread>::iterator self);
  void Spawn();  // with mutex_ held

  const std::size_t min_, max_;
  const std::chrono::milliseconds idle_timeout_;
  std::mutex mutex_;
  std::deque<std::function<void()>> tasks_;
  struct Idle {  // a thread waiting for a task
    std::condition_variable wake;
    bool listed = false;  // in idle_ (enqueue takes it out when it wakes it)
    std::list<Idle*>::iterator at;
  };
  std::list<Idle*> idle_;                      // front: the most recently idle
  std::list<std::thread> running_, finished_;  // finished_: ended, to be joined
  std::size_t threads_ = 0;
  bool shutdown_ = false;
  std::condition_variable gone_;  // a thread ended
};

}  // namespace beian
