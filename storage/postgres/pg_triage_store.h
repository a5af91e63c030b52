#pragma once

#include "storage/triage_store.h"

namespace beian {

class PgDatabase;

// The SQL condition MayHavePending tests, on $1 platform, $2 chat, $3 user
// (also part of PgTurnReader's statement).
extern const char* const kPgPendingCondition;

// TriageStore on PostgreSQL (tables `triage_items`, `triage_askers`), as
// SqliteTriageStore behaves: item ids are "t" + 7 hex digits of the group
// key's FNV-1a hash; an item asked again reopens. Other instances write
// too, so MayHavePending asks the server (one statement for both the staff
// answers and the open tickets, instead of one each). Every call joins this
// thread's Transaction (reads included).
// Thread-safety: any thread. Every method throws StorageError.
class PgTriageStore : public TriageStore {
 public:
  explicit PgTriageStore(PgDatabase& db) : db_(db) {}

  bool MayHavePending(const Asker& asker) const override;
  std::string Triage(const std::string& group_key, const std::string& text, TriageReason reason,
                     const Asker& asker, std::int64_t now) override;
  std::vector<TriageItem> Items(const std::string& status_filter, int limit) override;
  std::optional<TriageItem> Item(const std::string& id) override;
  std::vector<Asker> Askers(const std::string& id) override;
  bool Resolve(const std::string& id, const std::string& status, const std::string& answer,
               const std::string& entry_id, const std::string& staff) override;
  std::vector<StaffAnswerFor> TakeAnswersFor(const Asker& asker) override;
  bool MarkNotified(const std::string& id, const Asker& asker) override;
  void AddPhrasing(const std::string& id, const std::string& text, const std::string& meaning,
                   const std::vector<std::string>& words, std::int64_t now) override;
  std::vector<OpenPhrasing> OpenByWords(const std::vector<std::string>& words, int limit) override;
  std::vector<Phrasing> Phrasings(const std::string& id) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
