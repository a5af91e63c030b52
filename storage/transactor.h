#pragma once

#include <functional>
#include <string_view>

namespace beian {

// How the stores of one backend commit together (storage/storage.h).
// Thread-safety: any thread; a transaction belongs to the thread that began it.
class Transactor {
 public:
  virtual ~Transactor() = default;

  // Runs `work` atomically: what the stores write on this thread while it
  // runs commits together or not at all. A Transaction (or Locked) inside it
  // joins it. An exception from `work` rolls back and is rethrown.
  virtual void Transaction(const std::function<void()>& work) = 0;

  // Runs `work` as the only holder of `key` among every thread of every
  // process sharing the storage: one conversation turn at a time.
  // SQLite (one server per file): an in-process lock around `work`, whose
  // reads see what is committed and whose Transaction commits with others'.
  // PostgreSQL: one transaction holding pg_advisory_xact_lock(key) from its
  // first statement (the lock is sent with it) to the commit; `work`'s reads
  // and Transactions join it. So a `work` that reads before it writes (every
  // turn does) reads and writes as the only holder; one that only writes
  // may commit before or after another holder's work that began later.
  virtual void Locked(std::string_view key, const std::function<void()>& work) = 0;

  // Runs `action` once the enclosing Transaction commits (never when it
  // rolls back); outside a Transaction, at once.
  virtual void AfterCommit(std::function<void()> action) = 0;
};

}  // namespace beian
