#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "bot/channels/channel.h"
#include "bot/core/knowledge_source.h"
#include "storage/support_store.h"

namespace beian {

// The staff API under /admin/api/ (bearer token; without a configured token
// the routes are not served at all):
//   GET  items[?status=open]          the triage queue (as `triage --json list`)
//   GET  items/{id}                   one item with its askers
//   POST items/{id}/answer {"text"}   reply to everyone who asked
//   POST items/{id}/teach {"entry_id"} the item's text becomes an alias
//   POST items/{id}/dismiss
//   GET  tickets                      users waiting for a human
//   POST tickets/{id}/close
//   GET  stats[?days=7]               outcomes, top entries, platforms, open items
//   POST reload                       re-read the knowledge-base files; a broken
//                                     file is refused (400) and the old base kept
// Thread-safety: Handle may run concurrently.
class AdminApi {
 public:
  AdminApi(std::string token, SupportStore& support, LiveKnowledge& knowledge, std::filesystem::path kb_dir,
           std::function<std::int64_t()> now_seconds);

  // `path` is what follows /admin/api/; `authorization` the request header.
  ChannelResponse Handle(const std::string& method, const std::string& path,
                         const std::map<std::string, std::string>& query, const std::string& body,
                         const std::string& authorization);

 private:
  std::string token_;
  SupportStore& support_;
  LiveKnowledge& knowledge_;
  std::filesystem::path kb_dir_;
  std::function<std::int64_t()> now_;
};

}  // namespace beian
