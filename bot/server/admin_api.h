#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "bot/channels/channel.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/staff_push.h"
#include "bot/support/support_desk.h"
#include "storage/support_stores.h"

namespace beian {

// The staff API under /admin/api/ (bearer token; without a configured token
// the routes are not served at all). Bodies and answers are JSON; a body may
// carry "staff" (who did it; default "admin").
//   GET  items[?status=open]          the triage queue (as `triage --json list`)
//   GET  items/{id}                   one item with its askers and their recent
//                                     messages, its "wordings" [{text, count}] and
//                                     "suggestions" [{entry_id, title, score}]: the
//                                     three entries the matcher almost chose
//   POST items/{id}/answer {"text"}   reply to everyone who asked: pushed at once
//                                     where the platform has an API (StaffPush),
//                                     otherwise shown with their next message
//   POST items/{id}/teach {"entry_id", "phrasings"?, "dry_run"?}
//                                     teaches the item's wordings to the entry in
//                                     one step: `phrasings` (some of the item's
//                                     wordings) or else every wording the matcher
//                                     does not already answer with another entry;
//                                     answers the item plus "teaching" {id,
//                                     phrasings} and "conflicts" [{text, entry_id,
//                                     score}] (not taught). With "dry_run": only
//                                     {"entry_id", "wordings": [{text, conflict,
//                                     score}]}, nothing written
//   GET  teachings                    [{id, item_id, entry_id, staff, at,
//                                     phrasings, undone}], newest first
//   POST teachings/{id}/undo          removes what it taught, reopens its item
//   POST items/{id}/write {"answer", "title"?, "id"?, "certainty"?}
//                                     a new faq.* entry (the item's text its first
//                                     alias) that also answers the askers; 409 when
//                                     the id is taken
//   POST items/{id}/dismiss
//   GET  entries                      [{id, title, kind, section}] of the live base
//   GET  tickets                      users waiting for a human
//   POST tickets/{id}/close
//   GET  stats[?days=7]               outcomes, top entries and errors (with titles),
//                                     platforms, open items, and "daily":
//                                     [{day, outcome, count}] in China time
//   POST reload                       re-read the knowledge-base files; a broken
//                                     file is refused (400) and the old base kept
// Whatever is taught or written answers the next message (no restart).
// Answering, teaching, writing and dismissing go through a SupportDesk (one
// transaction each).
// Thread-safety: Handle may run concurrently.
class AdminApi {
 public:
  // `push` may be null (staff answers then wait for the user's next message).
  // `texts` words the entries staff write (BuildStaffEntry). The references
  // must outlive the object.
  AdminApi(std::string token, SupportStores& stores, LiveKnowledge& knowledge,
           const BotTexts& texts, std::filesystem::path kb_dir,
           std::function<std::int64_t()> now_seconds, StaffPush* push = nullptr);

  // `path` is what follows /admin/api/; `authorization` the request header.
  ChannelResponse Handle(const std::string& method, const std::string& path,
                         const std::map<std::string, std::string>& query, const std::string& body,
                         const std::string& authorization);

 private:
  using Query = std::map<std::string, std::string>;
  static ChannelResponse Ok(const nlohmann::json& j);  // 200 with the JSON
  // The routes under items/{id}; `in` is the JSON body.
  ChannelResponse OnItem(const std::string& method, const std::vector<std::string>& parts,
                         const nlohmann::json& in, const std::string& staff);
  ChannelResponse WriteEntry(const TriageItem& item, const nlohmann::json& in,
                             const std::string& staff);
  // admin_teach.cc: teaching a whole item, listing and undoing teachings.
  ChannelResponse Teach(const TriageItem& item, const std::string& entry_id,
                        const nlohmann::json& in, const std::string& staff);
  ChannelResponse OnTeachings(const std::string& method, const std::vector<std::string>& parts);
  nlohmann::json ItemDetails(const TriageItem& item);
  ChannelResponse Stats(const Query& query);
  ChannelResponse Reload();

  std::string token_;
  SupportStores& stores_;
  LiveKnowledge& knowledge_;
  const BotTexts& texts_;
  std::filesystem::path kb_dir_;
  std::function<std::int64_t()> now_;
  SupportDesk desk_;
};

}  // namespace beian
