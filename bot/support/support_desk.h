#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/taught_store.h"
#include "storage/triage_store.h"

namespace beian {

class LiveKnowledge;
class Matcher;
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

  // A wording of an item, and the entry the matcher already answers it with
  // when that is another entry than the one being taught (a conflict: taught
  // to both, the two entries would compete for it).
  struct Wording {
    std::string text;
    std::string conflict;  // entry id, or empty
    double conflict_score = 0;
  };
  // The item's wordings (its text when it kept none), the most asked first,
  // each checked against `matcher` for teaching them to `entry_id`.
  std::vector<Wording> Plan(const TriageItem& item, const std::string& entry_id,
                            const Matcher& matcher);
  // The item's wordings, the most asked first (its text when it kept none;
  // none for a request for a human).
  std::vector<std::string> Wordings(const TriageItem& item);
  // An entry the matcher almost chose for the item's wordings.
  struct Suggestion {
    std::string entry_id;
    double score = 0;
  };
  // The `n` best entries for the item's wordings (each entry's best score
  // over its five most asked wordings), best first.
  std::vector<Suggestion> Suggest(const TriageItem& item, const Matcher& matcher, int n = 3);

  // Teaches `phrasings` as aliases of `entry_id` (which the caller checked
  // exists), records the teaching (the aliases that were new) and marks the
  // item answered, taught to that entry, its answer kept: one transaction.
  // `taught`, when given, receives the teaching (no phrasings and id 0:
  // nothing was new).
  Done Teach(const TriageItem& item, const std::string& entry_id, const std::string& staff,
             std::int64_t now, const std::vector<std::string>& phrasings,
             Teaching* taught = nullptr);
  // The same with every wording of the item.
  Done Teach(const TriageItem& item, const std::string& entry_id, const std::string& staff,
             std::int64_t now) {
    return Teach(item, entry_id, staff, now, Wordings(item));
  }
  // Undoes a teaching: removes the aliases it added and reopens its item, in
  // one transaction. nullopt when there is no such teaching or it was undone
  // already.
  std::optional<Teaching> Undo(std::int64_t teaching_id);
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
