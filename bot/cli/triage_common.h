#pragma once

// What the `triage` verbs share (triage_command.cc, triage_teach.cc).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bot/cli/commands.h"
#include "bot/core/kb_loader.h"
#include "bot/support/support_desk.h"
#include "storage/storage.h"
#include "storage/support_stores.h"

namespace beian {

struct TriageOptions {
  std::string db;
  bool json_out = false;
  std::string status;
  int limit = 50;
  int days = 7;
  std::string staff;
  std::string item;
  std::string entry;
  std::vector<std::string> words;
  std::int64_t ticket = 0;
  std::string title, new_id, certainty;
  bool yes = false;             // teach: no confirmation of a suggested entry
  bool with_conflicts = false;  // teach: the conflicting wordings too
};

inline std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Who is acting: --staff, else $USER.
inline std::string Staff(const TriageOptions& o) {
  if (!o.staff.empty()) return o.staff;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "staff";
}

// Opens the database named by --db (or the default) for one command.
struct Opened {
  std::unique_ptr<Storage> storage;
  SupportStores support{*storage};
  SupportDesk desk{support};  // no live matcher, no platform API: answers wait for the next message
  explicit Opened(const TriageOptions& o)
      : storage(OpenStorage(o.db.empty() ? DefaultDbPath().string() : o.db)) {}
};

// The item, or a message and exit status 1.
inline TriageItem RequireItem(SupportStores& s, const std::string& id) {
  auto item = s.triage.Item(id);
  if (!item) {
    std::cerr << "triage: no item " << id << '\n';
    throw CLI::RuntimeError(1);
  }
  return *item;
}

// `triage teach`, `teachings` and `undo` (triage_teach.cc).
void RegisterTriageTeaching(CLI::App& triage, const GlobalOptions& g,
                            const std::shared_ptr<TriageOptions>& o);

}  // namespace beian
