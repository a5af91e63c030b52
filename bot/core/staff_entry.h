#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bot/core/bot_texts.h"
#include "knowledge/entry.h"
#include "storage/taught_store.h"
#include "storage/triage_store.h"

namespace beian {

// What a staff member writes to answer a question the knowledge base could not.
struct StaffAnswer {
  std::string id;         // "faq.…"; empty = "faq.staff-<item id>"
  std::string item_id;    // the triage item answered
  std::string question;   // the item's text: the new entry's first alias
  std::string title;      // empty = the question
  std::string answer;     // first line = summary, further lines = steps
  std::string certainty;  // certain / likely / uncertain / varies; empty = likely
  std::string staff;
  std::int64_t at = 0;  // seconds since the epoch
};

// Builds the new entry in the knowledge-base format (docs/kb-format.md), its
// source naming the staff member and the day (bot-texts.json
// "staff.entry-source"; an answer of one line gets the step
// "staff.entry-step"). On bad input returns false and says why in `error`
// (English, for the API's JSON error).
bool BuildStaffEntry(const StaffAnswer& answer, const BotTexts& say, nlohmann::json& entry,
                     std::string& error);

// One triage item as staff tools show it: `beian-bot triage list --json`
// and the admin API's /admin/triage both answer with this shape.
nlohmann::json TriageItemJson(const TriageItem& item);
// A teaching ({id, item_id, entry_id, staff, at, phrasings, undone}), as
// `triage --json teachings` and GET /admin/api/teachings list them.
nlohmann::json TeachingJson(const Teaching& t);
// An item's wordings ([{text, count}]), as `triage --json show` and GET
// /admin/api/items/{id} give them.
nlohmann::json WordingsJson(const std::vector<Phrasing>& wordings);

// The entries staff wrote, read back; stored rows that no longer parse are skipped.
std::vector<Entry> ParseLearnedEntries(const std::vector<LearnedEntry>& rows);

}  // namespace beian
