#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

namespace beian {

// What was recorded for one step. Sensitive values (ID numbers, phone
// numbers, emails) are kept only as `display` (masked) and `hash` (keyed
// hash, for comparisons); never raw.
struct FieldAnswer {
  std::string display;   // shown in summaries
  std::string hash;      // keyed hash of the normalised value; empty when not sensitive
  std::string status;    // "ok", "warning", "skipped", "confirmed", "auto"
  std::string message;   // the warning, when status is "warning"
  std::string error_id;  // the platform error the warning is about; may be empty
};

// One user's walkthrough: where they are, what they answered, the facts that
// steer the branches (province, entity, legal_rep, same_person …), and the
// last refused value waiting for "就用这个", and the entries just offered to
// choose from. Serialised as JSON into storage.
struct WalkState {
  bool active = false;  // a walkthrough is under way (possibly paused)
  bool paused = false;
  bool finished = false;  // the summary was shown
  size_t step = 0;        // index into FormSpec::steps
  std::map<std::string, FieldAnswer> answers;
  std::map<std::string, std::string> facts;
  std::optional<std::pair<std::string, FieldAnswer>> pending;  // step key → refused answer
  // The entries the last answer listed when it asked "which one is meant"
  // (knowledge-base ids, in the listed order), so that "2" picks one. Only
  // until the next message.
  std::vector<std::string> offered;
};

// The state as JSON text: the same text as nlohmann::json(s).dump(), written
// directly (a turn saves its state; building a json tree first cost about as
// much as the rest of the walkthrough step). Text that is not valid UTF-8
// has its stray bytes replaced by U+FFFD, so the result always parses.
std::string StateJson(const WalkState& s);

void to_json(nlohmann::json& j, const FieldAnswer& a);
void from_json(const nlohmann::json& j, FieldAnswer& a);
void to_json(nlohmann::json& j, const WalkState& s);
// Unknown or missing keys take their defaults, so an older stored state still loads.
void from_json(const nlohmann::json& j, WalkState& s);

}  // namespace beian
