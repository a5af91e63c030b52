// AdminApi's teaching routes (admin_api.h): a whole item taught in one step,
// with its conflicts shown first; teachings listed and undone.
#include <nlohmann/json.hpp>

#include "bot/core/staff_entry.h"
#include "bot/server/admin_api.h"
#include "knowledge/matcher.h"

namespace beian {
using nlohmann::json;

json AdminApi::ItemDetails(const TriageItem& item) {
  json j = TriageItemJson(item);
  j["wordings"] = WordingsJson(stores_.triage.Phrasings(item.id));
  j["suggestions"] = json::array();
  const auto matcher = knowledge_.Current();
  for (const auto& s : desk_.Suggest(item, *matcher)) {
    const Entry* e = matcher->kb().Find(s.entry_id);
    j["suggestions"].push_back(
        {{"entry_id", s.entry_id}, {"title", e ? e->title : ""}, {"score", s.score}});
  }
  return j;
}

ChannelResponse AdminApi::Teach(const TriageItem& item, const std::string& entry_id, const json& in,
                                const std::string& staff) {
  const auto plan = desk_.Plan(item, entry_id, *knowledge_.Current());
  if (in.value("dry_run", false)) {
    json wordings = json::array();
    for (const auto& w : plan) {
      wordings.push_back({{"text", w.text},
                          {"conflict", w.conflict.empty() ? json(nullptr) : json(w.conflict)},
                          {"score", w.conflict_score}});
    }
    return Ok({{"entry_id", entry_id}, {"wordings", wordings}});
  }
  std::vector<std::string> chosen;
  json conflicts = json::array();
  if (const auto it = in.find("phrasings"); it != in.end()) {
    if (!it->is_array()) return ChannelResponse::Error(400, "'phrasings' must be a list of texts");
    for (const auto& p : *it) {
      const bool known = p.is_string() && std::any_of(plan.begin(), plan.end(), [&](const auto& w) {
                           return w.text == p.get<std::string>();
                         });
      if (!known) return ChannelResponse::Error(400, "'phrasings' must be wordings of this item");
      chosen.push_back(p.get<std::string>());
    }
  } else {
    for (const auto& w : plan) {
      if (w.conflict.empty()) {
        chosen.push_back(w.text);
      } else {
        conflicts.push_back(
            {{"text", w.text}, {"entry_id", w.conflict}, {"score", w.conflict_score}});
      }
    }
  }
  Teaching taught;  // nothing chosen (every wording conflicts): resolved, nothing taught
  const auto done = desk_.Teach(item, entry_id, staff, now_(), chosen, &taught);
  json j = TriageItemJson(done.item);
  j["teaching"] = {{"id", taught.id}, {"phrasings", taught.phrasings}};
  j["conflicts"] = conflicts;
  return Ok(j);
}

ChannelResponse AdminApi::OnTeachings(const std::string& method,
                                      const std::vector<std::string>& parts) {
  if (method == "GET" && parts.size() == 1) {
    json list = json::array();
    for (const Teaching& t : stores_.taught.Teachings(200)) list.push_back(TeachingJson(t));
    return Ok(list);
  }
  if (method == "POST" && parts.size() == 3 && parts[2] == "undo") {
    std::int64_t id = 0;
    try {
      id = std::stoll(parts[1]);
    } catch (const std::exception&) {
      return ChannelResponse::Error(400, "bad teaching id");
    }
    const auto undone = desk_.Undo(id);
    if (!undone) return ChannelResponse::Error(404, "no such teaching, or undone already");
    json j = TeachingJson(*undone);
    j["undone"] = true;
    return Ok(j);
  }
  return ChannelResponse::Error(404, "not found");
}

}  // namespace beian
