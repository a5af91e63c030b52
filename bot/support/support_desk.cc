#include "bot/support/support_desk.h"

#include "bot/core/knowledge_source.h"
#include "bot/core/staff_push.h"
#include "storage/storage_error.h"
#include "storage/support_stores.h"

namespace beian {

SupportDesk::SupportDesk(SupportStores& stores, LiveKnowledge* knowledge, StaffPush* push)
    : stores_(stores), knowledge_(knowledge), push_(push) {}

SupportDesk::Done SupportDesk::Reread(const std::string& id, bool push) {
  auto item = stores_.triage.Item(id);
  if (!item) throw StorageError("triage item " + id + " vanished");  // deleted by hand meanwhile
  Done done{std::move(*item), 0};
  const TriageItem& t = done.item;
  if (!push || push_ == nullptr || t.status != "answered" || t.answer.empty()) return done;
  for (const Asker& a : stores_.triage.Askers(t.id)) {
    // Marked first: a message of the user racing this push shows it at most once.
    if (push_->CanReach(a) && stores_.triage.MarkNotified(t.id, a)) {
      push_->SendAnswer(a, t.reason, t.text, t.answer);
      ++done.pushed;
    }
  }
  return done;
}

SupportDesk::Done SupportDesk::Teach(const TriageItem& item, const std::string& entry_id,
                                     const std::string& staff, std::int64_t now, bool* added) {
  bool fresh = false;
  stores_.tx.Transaction([&] {
    fresh = stores_.taught.Teach(entry_id, item.text, staff, now);
    stores_.triage.Resolve(item.id, "answered", item.answer, entry_id, staff);
  });
  if (added != nullptr) *added = fresh;
  if (knowledge_ != nullptr) knowledge_->Refresh();
  return Reread(item.id, false);
}

SupportDesk::Done SupportDesk::Answer(const TriageItem& item, const std::string& text,
                                      const std::string& staff) {
  stores_.tx.Transaction(
      [&] { stores_.triage.Resolve(item.id, "answered", text, item.entry_id, staff); });
  return Reread(item.id, true);
}

SupportDesk::Done SupportDesk::Dismiss(const TriageItem& item, const std::string& staff) {
  stores_.tx.Transaction([&] { stores_.triage.Resolve(item.id, "dismissed", "", "", staff); });
  return Reread(item.id, false);
}

std::optional<SupportDesk::Done> SupportDesk::Write(const TriageItem& item,
                                                    const LearnedEntry& entry,
                                                    const std::string& answer) {
  bool added = false;
  stores_.tx.Transaction([&] {
    added = stores_.taught.AddEntry(entry);
    if (added) stores_.triage.Resolve(item.id, "answered", answer, entry.id, entry.staff);
  });
  if (!added) return std::nullopt;
  if (knowledge_ != nullptr) knowledge_->Refresh();
  return Reread(item.id, true);
}

}  // namespace beian
