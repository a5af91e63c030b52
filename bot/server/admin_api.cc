#include "bot/server/admin_api.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/channels/crypto.h"
#include "bot/core/staff_entry.h"
#include "knowledge/knowledge_base.h"

namespace beian {
namespace {

using nlohmann::json;

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t i = 0;
  while (i <= path.size()) {
    const size_t slash = path.find('/', i);
    const std::string part =
        path.substr(i, slash == std::string::npos ? std::string::npos : slash - i);
    if (!part.empty()) parts.push_back(part);
    if (slash == std::string::npos) break;
    i = slash + 1;
  }
  return parts;
}

// The string `key` of a JSON body; empty when missing or not a string.
std::string Str(const json& in, const char* key) {
  const auto it = in.find(key);
  return it != in.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ChannelResponse AdminApi::Ok(const json& j) {
  return ChannelResponse::Json(200, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

AdminApi::AdminApi(std::string token, SupportStores& stores, LiveKnowledge& knowledge,
                   const BotTexts& texts, std::filesystem::path kb_dir,
                   std::function<std::int64_t()> now_seconds, StaffPush* push)
    : token_(std::move(token)),
      stores_(stores),
      knowledge_(knowledge),
      texts_(texts),
      kb_dir_(std::move(kb_dir)),
      now_(std::move(now_seconds)),
      desk_(stores, &knowledge, push) {}

ChannelResponse AdminApi::Handle(const std::string& method, const std::string& path,
                                 const std::map<std::string, std::string>& query,
                                 const std::string& body, const std::string& authorization) {
  if (!ConstantTimeEquals(authorization, "Bearer " + token_)) {
    return ChannelResponse::Error(401, "missing or wrong admin token");
  }
  const auto parts = Split(path);
  const json in = body.empty() ? json::object() : json::parse(body, nullptr, false);
  if (in.is_discarded() || !in.is_object())
    return ChannelResponse::Error(400, "body must be a JSON object");
  const std::string staff = Str(in, "staff").empty() ? "admin" : Str(in, "staff");

  if (method == "GET" && parts == std::vector<std::string>{"items"}) {
    const auto status = query.count("status") ? query.at("status") : "";
    json list = json::array();
    for (const auto& t : stores_.triage.Items(status, 500)) list.push_back(TriageItemJson(t));
    return Ok(list);
  }
  if (parts.size() >= 2 && parts[0] == "items") return OnItem(method, parts, in, staff);
  if (!parts.empty() && parts[0] == "teachings") return OnTeachings(method, parts);
  if (method == "GET" && parts == std::vector<std::string>{"entries"}) {
    json list = json::array();
    for (const Entry& e : knowledge_.Current()->kb().entries()) {
      list.push_back({{"id", e.id},
                      {"title", e.title},
                      {"kind", std::string(ToString(e.kind))},
                      {"section", e.section}});
    }
    return Ok(list);
  }
  if (method == "GET" && parts == std::vector<std::string>{"tickets"}) {
    json list = json::array();
    for (const auto& [id, a] : stores_.tickets.OpenTickets()) {
      list.push_back({{"id", id}, {"platform", a.platform}, {"chat", a.chat}, {"user", a.user}});
    }
    return Ok(list);
  }
  if (method == "POST" && parts.size() == 3 && parts[0] == "tickets" && parts[2] == "close") {
    std::int64_t id = 0;
    try {
      id = std::stoll(parts[1]);
    } catch (const std::exception&) {
      return ChannelResponse::Error(400, "bad ticket id");
    }
    if (!stores_.tickets.CloseTicket(id, now_()))
      return ChannelResponse::Error(404, "no open ticket with this id");
    return Ok({{"id", id}, {"status", "closed"}});
  }
  if (method == "GET" && parts == std::vector<std::string>{"stats"}) return Stats(query);
  if (method == "POST" && parts == std::vector<std::string>{"reload"}) return Reload();
  return ChannelResponse::Error(404, "not found");
}

ChannelResponse AdminApi::OnItem(const std::string& method, const std::vector<std::string>& parts,
                                 const json& in, const std::string& staff) {
  const auto item = stores_.triage.Item(parts[1]);
  if (!item) return ChannelResponse::Error(404, "no such item");
  if (method == "GET" && parts.size() == 2) {
    json j = ItemDetails(*item);
    j["askers"] = json::array();
    for (const auto& a : stores_.triage.Askers(item->id)) {
      json history = json::array();
      for (const auto& m : stores_.log.History(a.platform, a.chat, a.user, 10)) {
        history.push_back({{"at", m.at},
                           {"text", m.text},
                           {"outcome", Name(m.outcome)},
                           {"entry_id", m.entry_id}});
      }
      j["askers"].push_back(
          {{"platform", a.platform}, {"chat", a.chat}, {"user", a.user}, {"history", history}});
    }
    return Ok(j);
  }
  const std::string action = parts.size() == 3 && method == "POST" ? parts[2] : "";
  if (action == "answer") {
    if (Str(in, "text").empty()) return ChannelResponse::Error(400, "'text' is required");
    const auto done = desk_.Answer(*item, Str(in, "text"), staff);
    json j = TriageItemJson(done.item);
    j["pushed"] = done.pushed;
    return Ok(j);
  }
  if (action == "write") return WriteEntry(*item, in, staff);
  if (action == "teach") {
    const std::string entry = Str(in, "entry_id");
    if (knowledge_.Current()->kb().Find(entry) == nullptr)
      return ChannelResponse::Error(400, "unknown entry_id");
    return Teach(*item, entry, in, staff);
  }
  if (action == "dismiss") return Ok(TriageItemJson(desk_.Dismiss(*item, staff).item));
  return ChannelResponse::Error(404, "not found");
}

ChannelResponse AdminApi::WriteEntry(const TriageItem& item, const json& in,
                                     const std::string& staff) {
  const StaffAnswer a{Str(in, "id"),
                      item.id,
                      item.reason == TriageReason::kHuman ? "" : item.text,
                      Str(in, "title"),
                      Str(in, "answer"),
                      Str(in, "certainty"),
                      staff,
                      now_()};
  if (a.question.empty() && a.title.empty())
    return ChannelResponse::Error(400, "'title' is required here");
  json entry;
  std::string error;
  if (!BuildStaffEntry(a, texts_, entry, error)) return ChannelResponse::Error(400, error);
  const std::string id = entry["id"].get<std::string>();
  std::optional<SupportDesk::Done> done;
  if (knowledge_.Current()->kb().Find(id) == nullptr)
    done = desk_.Write(item, {id, entry.dump(), item.id, staff, a.at}, a.answer);
  if (!done) return ChannelResponse::Error(409, "an entry with this id exists");
  json j = TriageItemJson(done->item);
  j["pushed"] = done->pushed;
  j["entry"] = entry;
  return Ok(j);
}

ChannelResponse AdminApi::Stats(const Query& query) {
  int days = 7;
  if (query.count("days")) {
    try {
      days = std::clamp(std::stoi(query.at("days")), 1, 3650);
    } catch (const std::exception&) {
      return ChannelResponse::Error(400, "days must be a number");
    }
  }
  const std::int64_t since = now_() - std::int64_t{days} * 86400;
  json j = {{"days", days},
            {"outcomes", json::object()},
            {"top_entries", json::array()},
            {"platforms", json::object()},
            {"open_items", stores_.triage.Items("open", 10000).size()}};
  for (const auto& [k, v] : stores_.log.OutcomeCounts(since)) j["outcomes"][k] = v;
  const auto matcher = knowledge_.Current();
  auto title = [&](const std::string& id) {
    const Entry* e = matcher->kb().Find(id);
    return e != nullptr ? e->title : std::string();
  };
  j["top_errors"] = json::array();
  for (const auto& [k, v] : stores_.log.TopEntries(since, 200)) {
    if (j["top_entries"].size() < 10)
      j["top_entries"].push_back({{"id", k}, {"title", title(k)}, {"count", v}});
    const Entry* e = matcher->kb().Find(k);
    if (e != nullptr && e->kind == EntryKind::kError && j["top_errors"].size() < 10) {
      j["top_errors"].push_back({{"id", k}, {"title", e->title}, {"count", v}});
    }
  }
  for (const auto& [k, v] : stores_.log.PlatformCounts(since)) j["platforms"][k] = v;
  j["daily"] = json::array();
  for (const DayCount& d : stores_.log.DailyOutcomes(since)) {
    j["daily"].push_back({{"day", d.day}, {"outcome", d.outcome}, {"count", d.count}});
  }
  return Ok(j);
}

ChannelResponse AdminApi::Reload() {
  ReadResult r = ReadKnowledgeBase(kb_dir_);
  if (!r.problems.empty()) {
    json problems = json::array();
    for (const auto& p : r.problems) problems.push_back(p.ToString());
    return ChannelResponse::Json(
        400, json{{"error", "knowledge base is invalid; the old one keeps serving"},
                  {"problems", problems}}
                 .dump(-1, ' ', false, json::error_handler_t::replace));
  }
  knowledge_.ReplaceBase(std::make_shared<const KnowledgeBase>(std::move(*r.kb)));
  return Ok({{"status", "reloaded"}, {"entries", knowledge_.Current()->kb().entries().size()}});
}

}  // namespace beian
