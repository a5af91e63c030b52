#include "dialogs/walk_state.h"

namespace beian {
namespace {

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
  j = {{"active", s.active}, {"paused", s.paused}, {"finished", s.finished}, {"step", s.step},
       {"answers", s.answers}, {"facts", s.facts}};
  if (s.pending) j["pending"] = {{"key", s.pending->first}, {"answer", s.pending->second}};
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
  if (const auto p = j.find("pending"); p != j.end() && p->is_object()) {
    std::string key;
    FieldAnswer answer;
    Get(*p, "key", key);
    Get(*p, "answer", answer);
    if (!key.empty()) s.pending.emplace(key, answer);
  }
}

}  // namespace beian
