#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "dialogs/walk_state.h"
#include "storage/session_store.h"

namespace beian {

// The parsed state SessionStore's cache keeps beside the saved JSON.
struct ParsedWalk : SessionPayload {
  explicit ParsedWalk(WalkState s) : state(std::move(s)) {}
  WalkState state;
};

struct LoadedState {
  WalkState state;
  std::string text;  // the JSON it was loaded from; empty for a new conversation
};

// A conversation's walkthrough state from `record` (as SessionStore::Load
// gave it): the cached parsed form when the store kept one, else parsed from
// the saved JSON (unreadable JSON starts afresh). A session idle for longer
// than `idle` is deleted from `sessions` and starts afresh. Throws StorageError.
LoadedState LoadState(SessionStore& sessions, const SessionKey& key,
                      std::optional<SessionRecord> record, std::int64_t now_s,
                      std::chrono::seconds idle);

// The JSON to save after a turn, or nullopt when there is nothing to save:
// the state did not change, or the conversation has no walkthrough and
// nothing offered (a plain question leaves no session behind).
std::optional<std::string> StateToSave(const LoadedState& before, const WalkState& after);

}  // namespace beian
