#include "bot/core/knowledge_source.h"

#include <algorithm>

#include "bot/core/staff_entry.h"

namespace beian {

LiveKnowledge::LiveKnowledge(std::shared_ptr<const KnowledgeBase> base, TaughtStore& taught,
                             Clock clock)
    : base_(std::move(base)), taught_(taught), clock_(std::move(clock)) {
  Rebuild(taught_.KbGeneration());
  checked_ = clock_();
}

std::shared_ptr<const KnowledgeBase> LiveKnowledge::WithLearned(
    const KnowledgeBase& base, const std::vector<std::pair<std::string, std::string>>& learned,
    const std::vector<Entry>& staff_entries) {
  std::vector<Entry> entries = base.entries();
  for (const Entry& e : staff_entries) {
    if (base.Find(e.id) == nullptr) entries.push_back(e);
  }
  for (const auto& [id, alias] : learned) {
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&key = id](const Entry& e) { return e.id == key; });
    if (it != entries.end() &&
        std::find(it->aliases.begin(), it->aliases.end(), alias) == it->aliases.end()) {
      it->aliases.push_back(alias);
    }
  }
  return std::make_shared<const KnowledgeBase>(std::move(entries), base.lexicon(), base.labels(),
                                               base.out_of_scope());
}

void LiveKnowledge::Rebuild(std::int64_t generation) {
  auto kb =
      WithLearned(*base_, taught_.LearnedAliases(), ParseLearnedEntries(taught_.LearnedEntries()));
  matcher_ = std::make_shared<const Matcher>(std::move(kb));
  generation_ = generation;
}

void LiveKnowledge::ReplaceBase(std::shared_ptr<const KnowledgeBase> base) {
  std::lock_guard lock(mutex_);
  base_ = std::move(base);
  Rebuild(taught_.KbGeneration());
}

void LiveKnowledge::SetReloadSource(std::filesystem::path dir, std::ostream* log) {
  std::lock_guard lock(mutex_);
  reload_dir_ = std::move(dir);
  reload_log_ = log;
}

std::shared_ptr<const Matcher> LiveKnowledge::Current() {
  std::lock_guard lock(mutex_);
  if (reload_requested_.exchange(false) && !reload_dir_.empty()) {
    ReadResult r = ReadKnowledgeBase(reload_dir_);
    if (r.problems.empty()) {
      base_ = std::make_shared<const KnowledgeBase>(std::move(*r.kb));
      Rebuild(taught_.KbGeneration());
      if (reload_log_ != nullptr)
        *reload_log_ << "knowledge base reloaded from " << reload_dir_.string() << '\n';
    } else if (reload_log_ != nullptr) {
      *reload_log_ << "knowledge base reload refused, the old one keeps serving:";
      for (const auto& p : r.problems) *reload_log_ << "\n  " << p.ToString();
      *reload_log_ << '\n';
    }
  }
  const auto now = clock_();
  if (refresh_requested_.exchange(false) || now - checked_ >= kCheckEvery || now < checked_) {
    checked_ = now;
    const std::int64_t generation = taught_.KbGeneration();
    if (generation != generation_) Rebuild(generation);
  }
  return matcher_;
}

}  // namespace beian
