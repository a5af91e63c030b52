#include "bot/server/admin_api.h"

#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/core/staff_entry.h"
#include "knowledge/knowledge_base.h"

namespace beian {
namespace {

using nlohmann::json;

ChannelResponse Ok(const json& j) {
  return ChannelResponse::Json(200, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

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

}  // namespace

AdminApi::AdminApi(std::string token, SupportStore& support, LiveKnowledge& knowledge,
                   std::filesystem::path kb_dir, std::function<std::int64_t()> now_seconds,
                   StaffPush* push)
    : token_(std::move(token)),
      support_(support),
      knowledge_(knowledge),
      kb_dir_(std::move(kb_dir)),
      now_(std::move(now_seconds)),
      push_(push) {}

int AdminApi::Deliver(const TriageItem& item) {
  if (push_ == nullptr || item.status != "answered" || item.answer.empty()) return 0;
  int pushed = 0;
  for (const Asker& a : support_.Askers(item.id)) {
    // Marked first: a message of the user racing this push shows it at most once.
    if (push_->CanReach(a) && support_.MarkNotified(item.id, a)) {
      push_->Send(a, StaffAnswerMessage(item.reason, item.text, item.answer));
      ++pushed;
    }
  }
  return pushed;
}

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
  auto str = [&](const char* key) {
    const auto it = in.find(key);
    return it != in.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string staff = str("staff").empty() ? "admin" : str("staff");

  if (method == "GET" && parts == std::vector<std::string>{"items"}) {
    const auto status = query.count("status") ? query.at("status") : "";
    json list = json::array();
    for (const auto& t : support_.Items(status, 500)) list.push_back(TriageItemJson(t));
    return Ok(list);
  }
  if (parts.size() >= 2 && parts[0] == "items") {
    const auto item = support_.Item(parts[1]);
    if (!item) return ChannelResponse::Error(404, "no such item");
    if (method == "GET" && parts.size() == 2) {
      json j = TriageItemJson(*item);
      j["askers"] = json::array();
      for (const auto& a : support_.Askers(item->id)) {
        json history = json::array();
        for (const auto& m : support_.History(a.platform, a.chat, a.user, 10)) {
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
    if (method == "POST" && parts.size() == 3 && parts[2] == "answer") {
      if (str("text").empty()) return ChannelResponse::Error(400, "'text' is required");
      support_.Resolve(item->id, "answered", str("text"), item->entry_id, staff);
      const auto answered = *support_.Item(item->id);
      json j = TriageItemJson(answered);
      j["pushed"] = Deliver(answered);
      return Ok(j);
    }
    if (method == "POST" && parts.size() == 3 && parts[2] == "write") {
      const StaffAnswer a{
          str("id"),    item->id,      item->reason == TriageReason::kHuman ? "" : item->text,
          str("title"), str("answer"), str("certainty"),
          staff,        now_()};
      if (a.question.empty() && a.title.empty())
        return ChannelResponse::Error(400, "'title' is required here");
      json entry;
      std::string error;
      if (!BuildStaffEntry(a, entry, error)) return ChannelResponse::Error(400, error);
      const std::string id = entry["id"].get<std::string>();
      if (knowledge_.Current()->kb().Find(id) != nullptr ||
          !support_.AddEntry({id, entry.dump(), item->id, staff, a.at})) {
        return ChannelResponse::Error(409, "an entry with this id exists");
      }
      knowledge_.Refresh();
      support_.Resolve(item->id, "answered", str("answer"), id, staff);
      const auto answered = *support_.Item(item->id);
      json j = TriageItemJson(answered);
      j["pushed"] = Deliver(answered);
      j["entry"] = entry;
      return Ok(j);
    }
    if (method == "POST" && parts.size() == 3 && parts[2] == "teach") {
      const std::string entry = str("entry_id");
      if (knowledge_.Current()->kb().Find(entry) == nullptr)
        return ChannelResponse::Error(400, "unknown entry_id");
      support_.Teach(entry, item->text, staff, now_());
      knowledge_.Refresh();
      support_.Resolve(item->id, "answered", item->answer, entry, staff);
      return Ok(TriageItemJson(*support_.Item(item->id)));
    }
    if (method == "POST" && parts.size() == 3 && parts[2] == "dismiss") {
      support_.Resolve(item->id, "dismissed", "", "", staff);
      return Ok(TriageItemJson(*support_.Item(item->id)));
    }
  }
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
    for (const auto& [id, a] : support_.OpenTickets()) {
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
    if (!support_.CloseTicket(id, now_()))
      return ChannelResponse::Error(404, "no open ticket with this id");
    return Ok({{"id", id}, {"status", "closed"}});
  }
  if (method == "GET" && parts == std::vector<std::string>{"stats"}) {
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
              {"open_items", support_.Items("open", 10000).size()}};
    for (const auto& [k, v] : support_.OutcomeCounts(since)) j["outcomes"][k] = v;
    const auto matcher = knowledge_.Current();
    auto title = [&](const std::string& id) {
      const Entry* e = matcher->kb().Find(id);
      return e != nullptr ? e->title : std::string();
    };
    j["top_errors"] = json::array();
    for (const auto& [k, v] : support_.TopEntries(since, 200)) {
      if (j["top_entries"].size() < 10)
        j["top_entries"].push_back({{"id", k}, {"title", title(k)}, {"count", v}});
      const Entry* e = matcher->kb().Find(k);
      if (e != nullptr && e->kind == EntryKind::kError && j["top_errors"].size() < 10) {
        j["top_errors"].push_back({{"id", k}, {"title", e->title}, {"count", v}});
      }
    }
    for (const auto& [k, v] : support_.PlatformCounts(since)) j["platforms"][k] = v;
    j["daily"] = json::array();
    for (const DayCount& d : support_.DailyOutcomes(since)) {
      j["daily"].push_back({{"day", d.day}, {"outcome", d.outcome}, {"count", d.count}});
    }
    return Ok(j);
  }
  if (method == "POST" && parts == std::vector<std::string>{"reload"}) {
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
  return ChannelResponse::Error(404, "not found");
}

}  // namespace beian
