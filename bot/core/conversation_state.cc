#include "bot/core/conversation_state.h"

#include <nlohmann/json.hpp>

namespace beian {

LoadedState LoadState(SessionStore& sessions, const SessionKey& key,
                      std::optional<SessionRecord> record, std::int64_t now_s,
                      std::chrono::seconds idle) {
  LoadedState out;
  if (!record) return out;
  if (now_s - record->updated_at > idle.count()) {
    sessions.Delete(key);  // idle too long: start afresh
    return out;
  }
  if (const auto* parsed = dynamic_cast<const ParsedWalk*>(record->parsed.get())) {
    out.state = parsed->state;
    out.text = std::move(record->state);
    return out;
  }
  const nlohmann::json j = nlohmann::json::parse(record->state, nullptr, false);
  if (!j.is_discarded()) {
    out.state = j.get<WalkState>();
    out.text = std::move(record->state);
  }
  return out;
}

std::optional<std::string> StateToSave(const LoadedState& before, const WalkState& after) {
  std::string text = StateJson(after);
  const bool worth =
      !before.text.empty() || after.active || after.finished || !after.offered.empty();
  if (text == before.text || !worth) return std::nullopt;
  return text;
}

}  // namespace beian
