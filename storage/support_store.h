#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/outcome.h"

namespace beian {

class Database;
class IdFilter;

// One handled message as support staff see it (text already masked).
struct LoggedMessage {
  std::int64_t at = 0;
  std::string platform, chat, user, text;
  Outcome outcome = Outcome::kDeclined;
  std::string entry_id;  // best match, may be empty
  double score = 0;
};

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

struct Asker {
  std::string platform, chat, user;
};

// A staff answer to an item this asker asked, not yet shown to them.
struct StaffAnswerFor {
  TriageReason reason = TriageReason::kDeclined;
  std::string question;  // the item's text (empty for kHuman)
  std::string answer;
};

// A knowledge-base entry staff wrote, kept as its knowledge-base JSON.
struct LearnedEntry {
  std::string id;       // faq.…
  std::string json;     // the entry in the format of knowledge/data/*.json
  std::string item_id;  // the triage item it answered, may be empty
  std::string staff;
  std::int64_t at = 0;
};

// Messages of one day (China time) by outcome, for the statistics charts.
struct DayCount {
  std::string day;  // "2026-11-26"
  std::string outcome;
  std::int64_t count = 0;
};

// The support side of the database: the message log, the triage queue
// (grouped by a key the caller derives from the normalised text), human
// handoff tickets, and aliases staff taught.
// With `track_askers`, the store keeps in memory (an IdFilter) who may have a
// staff answer coming or an open ticket: the askers of the file's unanswered
// questions and open tickets (read once, here) and everyone this object has
// triaged or opened a ticket for since. Only Triage and OpenTicket create
// either, so for a process that is the sole server of the file (`serve`,
// holding the serve lock) MayHavePending answers false — with no read — for
// everyone else. Staff may answer and close from other processes.
// Thread-safety: safe from any thread. Every method throws StorageError.
class SupportStore {
 public:
  explicit SupportStore(Database& db, bool track_askers = false);
  ~SupportStore();

  // False only when this asker has no staff answer to show and no open
  // ticket for sure (always true without track_askers).
  bool MayHavePending(const Asker& asker) const;

  void Log(const LoggedMessage& m);
  // This user's last `limit` messages, newest first; with `since`, only those
  // logged at or after it (found through the time index: without it, a user
  // with no recent message costs a scan of the whole log).
  std::vector<LoggedMessage> History(const std::string& platform, const std::string& chat,
                                     const std::string& user, int limit, std::int64_t since = 0);
  // Deletes log rows older than `max_age_seconds`; returns how many.
  std::int64_t PurgeLog(std::int64_t now, std::int64_t max_age_seconds);

  // Adds an asker to the item with `group_key` (creating it, open, with this
  // text and reason); an answered or dismissed item asked again reopens.
  // Returns the item id.
  std::string Triage(const std::string& group_key, const std::string& text, TriageReason reason,
                     const Asker& asker, std::int64_t now);
  // Open items first, most asked first.
  std::vector<TriageItem> Items(const std::string& status_filter, int limit);
  std::optional<TriageItem> Item(const std::string& id);
  std::vector<Asker> Askers(const std::string& id);
  // Sets status (answered / dismissed) with the staff's answer or taught entry.
  bool Resolve(const std::string& id, const std::string& status, const std::string& answer,
               const std::string& entry_id, const std::string& staff);
  // Staff answers not yet shown to this asker (then marked shown).
  std::vector<StaffAnswerFor> TakeAnswersFor(const Asker& asker);
  // Marks the item's answer as delivered to this asker (pushed through a
  // platform API); false when it was delivered already.
  bool MarkNotified(const std::string& id, const Asker& asker);

  // Human handoff. OpenTicket returns the ticket id: an open ticket opened
  // since `since` is reused; older open ones (timed out) are closed first.
  std::int64_t OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since);
  // The open ticket of this user in this chat opened after `since`, if any.
  std::optional<std::int64_t> OpenTicketFor(const Asker& asker, std::int64_t since);
  bool CloseTicket(std::int64_t id, std::int64_t now);
  std::vector<std::pair<std::int64_t, Asker>> OpenTickets();

  // Teaching: returns false when the alias was already there.
  bool Teach(const std::string& entry_id, const std::string& alias, const std::string& staff,
             std::int64_t now);
  std::vector<std::pair<std::string, std::string>> LearnedAliases();  // (entry id, alias)
  // A new entry staff wrote; false when the id is taken. Bumps the generation.
  bool AddEntry(const LearnedEntry& entry);
  std::vector<LearnedEntry> LearnedEntries();  // oldest first
  // Bumped by every teaching; processes reload their knowledge base when it moves.
  std::int64_t KbGeneration();

  // Counts for `triage stats`: outcome → messages since `since`.
  std::vector<std::pair<std::string, std::int64_t>> OutcomeCounts(std::int64_t since);
  std::vector<std::pair<std::string, std::int64_t>> TopEntries(std::int64_t since, int limit);
  std::vector<std::pair<std::string, std::int64_t>> PlatformCounts(std::int64_t since);
  // Per day in China time (UTC+8), oldest first.
  std::vector<DayCount> DailyOutcomes(std::int64_t since);

 private:
  Database& db_;
  std::unique_ptr<IdFilter> askers_;  // null without track_askers
};

}  // namespace beian
