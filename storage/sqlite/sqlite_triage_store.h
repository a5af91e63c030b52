#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/outcome.h"
#include "storage/sqlite/pending_askers.h"
#include "storage/triage_store.h"

namespace beian {

class Database;

// The triage queue (tables `triage_items`, `triage_askers`): what the bot
// could not answer, grouped by a key the caller derives from the normalised
// text, with who asked and whether each has seen the staff answer.
// With `pending` (serve's filter, see PendingAskers), Triage adds its asker
// to it and MayHavePending consults it.
// Thread-safety: safe from any thread. Every method throws StorageError;
// every write joins the caller's Database::Transaction when there is one.
class SqliteTriageStore final : public TriageStore {
 public:
  // `pending` may be null (MayHavePending then always answers true); it must
  // outlive the store.
  explicit SqliteTriageStore(Database& db, PendingAskers* pending = nullptr)
      : db_(db), pending_(pending) {}

  // False only when this asker has no staff answer to show and no open
  // ticket for sure (always true without `pending`).
  bool MayHavePending(const Asker& asker) const override;

  // Adds an asker to the item with `group_key` (creating it, open, with this
  // text and reason); an answered or dismissed item asked again reopens.
  // Returns the item id.
  std::string Triage(const std::string& group_key, const std::string& text, TriageReason reason,
                     const Asker& asker, std::int64_t now) override;
  // Open items first, most asked first; `status_filter` empty for all.
  // Read on the write connection: sees the caller's uncommitted writes.
  std::vector<TriageItem> Items(const std::string& status_filter, int limit) override;
  std::optional<TriageItem> Item(const std::string& id) override;
  std::vector<Asker> Askers(
      const std::string& id) override;  // by when they last asked, earliest first
  // Sets status (answered / dismissed) with the staff's answer or taught
  // entry; false when there is no such item.
  bool Resolve(const std::string& id, const std::string& status, const std::string& answer,
               const std::string& entry_id, const std::string& staff) override;
  // Staff answers not yet shown to this asker (then marked shown).
  std::vector<StaffAnswerFor> TakeAnswersFor(const Asker& asker) override;
  // Marks the item's answer as delivered to this asker (pushed through a
  // platform API); false when it was delivered already.
  bool MarkNotified(const std::string& id, const Asker& asker) override;
  void AddPhrasing(const std::string& id, const std::string& text, const std::string& meaning,
                   const std::vector<std::string>& words, std::int64_t now) override;
  std::vector<OpenPhrasing> OpenByWords(const std::vector<std::string>& words, int limit) override;
  std::vector<Phrasing> Phrasings(const std::string& id) override;

 private:
  Database& db_;
  PendingAskers* pending_;
};

}  // namespace beian
