#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/asker.h"
#include "storage/outcome.h"

namespace beian {

struct TriageItem {
  std::string id;         // short stable id, e.g. "t3f9a1c"
  std::string group_key;  // what near-identical questions share
  std::string text;       // the first wording (masked); empty for kHuman
  TriageReason reason = TriageReason::kDeclined;
  std::string status;      // open / answered / dismissed
  std::int64_t count = 0;  // how many people asked it
  std::string answer;      // staff's reply, when answered
  std::string entry_id;    // the entry it was taught to, when taught
  std::string staff;
  std::int64_t first_at = 0, last_at = 0;
};

// A staff answer to an item this asker asked, not yet shown to them.
struct StaffAnswerFor {
  TriageReason reason = TriageReason::kDeclined;
  std::string question;  // the item's text (empty for kHuman)
  std::string answer;
};

// One wording of a question item and what it means (Meaning::Serialize).
struct Phrasing {
  std::string text;  // masked
  std::string meaning;
  std::int64_t count = 0;  // how often it was asked in these words
};

// A wording of an open item, as grouping compares a new question with it.
struct OpenPhrasing {
  std::string group_key;
  std::string meaning;
};

// The triage queue (tables `triage_items`, `triage_askers`): what the bot
// could not answer, grouped by a key the caller derives from the normalised
// text, with who asked and whether each has seen the staff answer.
// Thread-safety: any thread. Every method throws StorageError; every write
// joins the caller's Transaction when there is one.
// The short, stable id of the item with `group_key`: "t" + 7 hex
// characters of its StableHash, the same in every backend.
std::string TriageItemId(std::string_view group_key);

class TriageStore {
 public:
  virtual ~TriageStore() = default;

  // False only when this asker has no staff answer to show and no open
  // ticket for sure (SQLite's sole server keeps a filter for it; otherwise
  // always true).
  virtual bool MayHavePending(const Asker& asker) const = 0;

  // Adds an asker to the item with `group_key` (creating it, open, with this
  // text and reason); an answered or dismissed item asked again reopens.
  // Returns the item id.
  virtual std::string Triage(const std::string& group_key, const std::string& text,
                             TriageReason reason, const Asker& asker, std::int64_t now) = 0;
  // Open items first, most asked first; `status_filter` empty for all.
  // Sees the caller's uncommitted writes.
  virtual std::vector<TriageItem> Items(const std::string& status_filter, int limit) = 0;
  virtual std::optional<TriageItem> Item(const std::string& id) = 0;
  virtual std::vector<Asker> Askers(
      const std::string& id) = 0;  // by when they last asked, earliest first
  // Sets status (answered / dismissed) with the staff's answer or taught
  // entry; false when there is no such item.
  virtual bool Resolve(const std::string& id, const std::string& status, const std::string& answer,
                       const std::string& entry_id, const std::string& staff) = 0;
  // Staff answers not yet shown to this asker (then marked shown).
  virtual std::vector<StaffAnswerFor> TakeAnswersFor(const Asker& asker) = 0;
  // Marks the item's answer as delivered to this asker (pushed through a
  // platform API); false when it was delivered already.
  virtual bool MarkNotified(const std::string& id, const Asker& asker) = 0;

  // Question items' wordings (tables `triage_phrasings`, `triage_words`).
  // Keeps `text` (masked) as a wording of item `id` with its meaning, or
  // counts it once more when the item has it already, and indexes the item
  // under `words` as asked at `now` (at most kMaxPhrasings wordings an item:
  // later new ones are not kept).
  static constexpr int kMaxPhrasings = 20;
  virtual void AddPhrasing(const std::string& id, const std::string& text,
                           const std::string& meaning, const std::vector<std::string>& words,
                           std::int64_t now) = 0;
  // The wordings of the open items indexed under any of `words` (the first
  // kMaxLookupWords of them), at most `limit`, the most asked items first.
  // Under each word only the kLookupPerWord items last asked with it are
  // looked at: a word that hundreds of open items share costs no more than
  // a rare one (bench triage), and the item a question joins is nearly
  // always one asked lately.
  static constexpr std::size_t kMaxLookupWords = 8;
  static constexpr int kLookupPerWord = 64;
  virtual std::vector<OpenPhrasing> OpenByWords(const std::vector<std::string>& words,
                                                int limit) = 0;
  // The item's wordings, the most asked first.
  virtual std::vector<Phrasing> Phrasings(const std::string& id) = 0;
};

}  // namespace beian
