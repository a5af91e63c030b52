#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>

#include "bot/core/engine_clock.h"
#include "knowledge/matcher.h"
#include "storage/taught_store.h"

namespace beian {

// Where a turn gets its matcher. Thread-safety: Current may be called from
// any thread; the returned matcher stays valid while the caller holds it.
class KnowledgeSource {
 public:
  virtual ~KnowledgeSource() = default;
  virtual std::shared_ptr<const Matcher> Current() = 0;
};

// Always the same matcher (the terminal chat, tests). `matcher` must outlive it.
class FixedKnowledge : public KnowledgeSource {
 public:
  explicit FixedKnowledge(const Matcher& matcher)
      : matcher_(std::shared_ptr<const Matcher>(), &matcher) {}
  std::shared_ptr<const Matcher> Current() override { return matcher_; }

 private:
  std::shared_ptr<const Matcher> matcher_;  // non-owning (aliasing constructor)
};

// The shipped knowledge base plus the aliases and entries staff taught (the
// storage's, so every instance sharing it learns them). When the teaching
// generation moves — checked at most every kCheckEvery — a new matcher is
// built and swapped in whole; turns in flight keep the old one.
class LiveKnowledge : public KnowledgeSource {
 public:
  static constexpr std::chrono::milliseconds kCheckEvery{250};

  // Builds the first matcher now. `taught` must outlive this object.
  LiveKnowledge(std::shared_ptr<const KnowledgeBase> base, TaughtStore& taught, Clock clock);
  std::shared_ptr<const Matcher> Current() override;

  // Swaps in a new shipped knowledge base (already validated), keeping the
  // learned aliases; turns in flight finish on the old one.
  void ReplaceBase(std::shared_ptr<const KnowledgeBase> base);

  // Where RequestReload re-reads the files from, and where it reports.
  void SetReloadSource(std::filesystem::path dir, std::ostream* log);
  // Asks for the files to be re-read before the next turn (async-signal-safe:
  // SIGHUP calls it). A broken folder is refused with a line on the log and
  // the old knowledge base keeps serving.
  void RequestReload() { reload_requested_.store(true); }
  // Checks the teaching generation before the next turn instead of within a
  // second (this process just taught something).
  void Refresh() { refresh_requested_.store(true); }

  // The knowledge base with the entries staff wrote appended (an id the
  // files already hold wins) and the learned aliases added to their entries
  // (aliases of unknown entries are skipped).
  static std::shared_ptr<const KnowledgeBase> WithLearned(
      const KnowledgeBase& base, const std::vector<std::pair<std::string, std::string>>& learned,
      const std::vector<Entry>& staff_entries = {});

 private:
  void Rebuild(std::int64_t generation);

  std::shared_ptr<const KnowledgeBase> base_;
  TaughtStore& taught_;
  Clock clock_;
  std::mutex mutex_;
  std::shared_ptr<const Matcher> matcher_;
  std::int64_t generation_ = -1;
  std::atomic<bool> reload_requested_{false};
  std::atomic<bool> refresh_requested_{false};
  std::filesystem::path reload_dir_;
  std::ostream* reload_log_ = nullptr;
  std::chrono::system_clock::time_point checked_{};
};

}  // namespace beian
