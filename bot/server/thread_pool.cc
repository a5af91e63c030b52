#include "bot/server/thread_pool.h"

#include <algorithm>
#include <utility>

namespace beian {

ElasticThreadPool::ElasticThreadPool(std::size_t min_threads, std::size_t max_threads,
                                     std::chrono::milliseconds idle_timeout)
    : min_(std::min(min_threads, std::max<std::size_t>(max_threads, 1))),
      max_(std::max<std::size_t>(max_threads, 1)),
      idle_timeout_(idle_timeout) {
  std::lock_guard lock(mutex_);
  while (threads_ < min_) Spawn();
}

ElasticThreadPool::~ElasticThreadPool() { shutdown(); }

void ElasticThreadPool::Spawn() {
  running_.emplace_back();
  const auto self = std::prev(running_.end());
  *self =
      std::thread([this, self] { Work(self); });  // it starts by taking mutex_, held by our caller
  ++threads_;
}

void ElasticThreadPool::enqueue(std::function<void()> fn) {
  std::list<std::thread> ended;
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(fn));
    ended.swap(finished_);
    if (!idle_.empty()) {
      // Wake the thread idle for the shortest time: its stack and its
      // allocator's caches are the warmest.
      Idle* idle = idle_.front();
      idle_.pop_front();
      idle->listed = false;
      idle->wake.notify_one();
    } else if (threads_ < max_) {
      Spawn();
    }
  }
  for (auto& t : ended) t.join();
}

void ElasticThreadPool::Work(std::list<std::thread>::iterator self) {
  Idle me;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      task = nullptr;  // its captures are released outside the lock
      lock.lock();
      continue;
    }
    if (shutdown_) break;
    idle_.push_front(&me);
    me.at = idle_.begin();
    me.listed = true;
    const bool timed_out = me.wake.wait_for(lock, idle_timeout_) == std::cv_status::timeout;
    if (me.listed) {  // not woken by enqueue: a timeout, shutdown or a spurious wake-up
      idle_.erase(me.at);
      me.listed = false;
    }
    if (timed_out && tasks_.empty() && !shutdown_ && threads_ > min_) break;  // idle too long
  }
  --threads_;
  finished_.splice(finished_.end(), running_, self);
  gone_.notify_all();
}

void ElasticThreadPool::shutdown() {
  std::list<std::thread> all;
  {
    std::unique_lock lock(mutex_);
    if (shutdown_ && threads_ == 0 && finished_.empty()) return;
    shutdown_ = true;
    for (Idle* idle : idle_) idle->wake.notify_one();  // each takes itself out of idle_
    gone_.wait(lock, [&] { return threads_ == 0; });
    all.swap(finished_);
  }
  for (auto& t : all) t.join();
}

std::size_t ElasticThreadPool::threads() {
  std::lock_guard lock(mutex_);
  return threads_;
}

}  // namespace beian
