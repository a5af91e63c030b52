#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/taught_store.h"
#include "storage/triage_store.h"

namespace beian {

class LiveKnowledge;
class StaffPush;
struct SupportStores;

// What staff do with a triage item, in one place for the admin API (and so
// the web page) and `beian-bot triage`. Each action is one
// Database::Transaction: its writes are committed together or not at all
// (a failure throws StorageError and leaves the item and the knowledge base
// as they were). After a commit that taught something, the live knowledge
// base (when given) is told to reload before the next turn; an answer is
// pushed at once to the askers a platform API reaches (when a StaffPush is
// given; the others see it with their next message).
// Thread-safety: as the stores' and StaffPush's: any thread.
class SupportDesk {
 public:
  // `stores`, `knowledge` and `push` must outlive the desk; the last two may
  // be null (a CLI process: no live matcher, no platform API).
  explicit SupportDesk(SupportStores& stores, LiveKnowledge* knowledge = nullptr,
                       StaffPush* push = nullptr);

  // An item as it is after an action, and to how many askers it was pushed.
  struct Done {
    TriageItem item;
    int pushed = 0;
  };

  // Teaches the item's text as an alias of `entry_id` (which the caller
  // checked exists) and marks the item answered, taught to that entry, its
  // answer kept. `added` is false when the alias was there already (the
  // item is resolved all the same).
  Done Teach(const TriageItem& item, const std::string& entry_id, const std::string& staff,
             std::int64_t now, bool* added = nullptr);
  // Marks the item answered with `text` (its taught entry kept) and pushes
  // the answer.
  Done Answer(const TriageItem& item, const std::string& text, const std::string& staff);
  // Marks the item dismissed (no answer, no entry).
  Done Dismiss(const TriageItem& item, const std::string& staff);
  // Stores `entry` (written for the item: entry.item_id == item.id) and
  // marks the item answered with `answer`, taught to the new entry; pushes
  // the answer. nullopt — nothing written — when the entry id is taken.
  std::optional<Done> Write(const TriageItem& item, const LearnedEntry& entry,
                            const std::string& answer);

 private:
  // The item as committed, pushed to the askers StaffPush reaches when it is answered.
  Done Reread(const std::string& id, bool push);

  SupportStores& stores_;
  LiveKnowledge* knowledge_;
  StaffPush* push_;
};

}  // namespace beian
