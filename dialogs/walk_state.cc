#include "dialogs/walk_state.h"

#include <nlohmann/json.hpp>

#include "knowledge/json_text.h"

namespace beian {
namespace {

// Keys in nlohmann's order (its objects are sorted maps).
void AppendAnswer(std::string& out, const FieldAnswer& a) {
  out += "{\"display\":";
  AppendJsonString(out, a.display);
  if (!a.error_id.empty()) {
    out += ",\"error_id\":";
    AppendJsonString(out, a.error_id);
  }
  if (!a.hash.empty()) {
    out += ",\"hash\":";
    AppendJsonString(out, a.hash);
  }
  if (!a.message.empty()) {
    out += ",\"message\":";
    AppendJsonString(out, a.message);
  }
  out += ",\"status\":";
  AppendJsonString(out, a.status);
  out += '}';
}

const char* Bool(bool b) { return b ? "true" : "false"; }

// {"key":value,…} in the map's (sorted) order; `value` appends one value.
template <typename Map, typename AppendValue>
void AppendObject(std::string& out, const Map& map, AppendValue value) {
  out += '{';
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it != map.begin()) out += ',';
    AppendJsonString(out, it->first);
    out += ':';
    value(out, it->second);
  }
  out += '}';
}

template <typename T>
void Get(const nlohmann::json& j, const char* key, T& out) {
  const auto it = j.find(key);
  if (it != j.end() && !it->is_null()) {
    try {
      out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
      // keep the default: a damaged field must not lose the rest of the state
    }
  }
}

}  // namespace

std::string StateJson(const WalkState& s) {
  std::string out;
  out.reserve(512);
  out += "{\"active\":";
  out += Bool(s.active);
  out += ",\"answers\":";
  AppendObject(out, s.answers, AppendAnswer);
  out += ",\"facts\":";
  AppendObject(out, s.facts, [](std::string& o, const std::string& v) { AppendJsonString(o, v); });
  out += ",\"finished\":";
  out += Bool(s.finished);
  if (!s.offered.empty()) {
    out += ",\"offered\":[";
    for (size_t i = 0; i < s.offered.size(); ++i) {
      if (i > 0) out += ',';
      AppendJsonString(out, s.offered[i]);
    }
    out += ']';
  }
  out += ",\"paused\":";
  out += Bool(s.paused);
  if (s.pending) {
    out += ",\"pending\":{\"answer\":";
    AppendAnswer(out, s.pending->second);
    out += ",\"key\":";
    AppendJsonString(out, s.pending->first);
    out += '}';
  }
  out += ",\"step\":";
  out += std::to_string(s.step);
  out += '}';
  return out;
}

void to_json(nlohmann::json& j, const FieldAnswer& a) {
  j = {{"display", a.display}, {"status", a.status}};
  if (!a.hash.empty()) j["hash"] = a.hash;
  if (!a.message.empty()) j["message"] = a.message;
  if (!a.error_id.empty()) j["error_id"] = a.error_id;
}

void from_json(const nlohmann::json& j, FieldAnswer& a) {
  Get(j, "display", a.display);
  Get(j, "hash", a.hash);
  Get(j, "status", a.status);
  Get(j, "message", a.message);
  Get(j, "error_id", a.error_id);
}

void to_json(nlohmann::json& j, const WalkState& s) {
  j = {{"active", s.active}, {"paused", s.paused},   {"finished", s.finished},
       {"step", s.step},     {"answers", s.answers}, {"facts", s.facts}};
  if (s.pending) j["pending"] = {{"key", s.pending->first}, {"answer", s.pending->second}};
  if (!s.offered.empty()) j["offered"] = s.offered;
}

void from_json(const nlohmann::json& j, WalkState& s) {
  s = WalkState{};
  if (!j.is_object()) return;
  Get(j, "active", s.active);
  Get(j, "paused", s.paused);
  Get(j, "finished", s.finished);
  Get(j, "step", s.step);
  Get(j, "answers", s.answers);
  Get(j, "facts", s.facts);
  Get(j, "offered", s.offered);
  if (const auto p = j.find("pending"); p != j.end() && p->is_object()) {
    std::string key;
    FieldAnswer answer;
    Get(*p, "key", key);
    Get(*p, "answer", answer);
    if (!key.empty()) s.pending.emplace(key, answer);
  }
}

}  // namespace beian
