#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "bot/core/kb_loader.h"

namespace beian {

// Options every sub-command shares.
struct GlobalOptions {
  std::string kb_dir;  // empty = DefaultKbDir()

  std::filesystem::path KbDir() const {
    return kb_dir.empty() ? DefaultKbDir() : std::filesystem::path(kb_dir);
  }
};

// Each Register* adds one verb (with its --help) to `app`. The callbacks
// signal a failing exit status by throwing CLI::RuntimeError(code); other
// exceptions reach main. `g` must outlive app.parse().
void RegisterLookup(CLI::App& app, const GlobalOptions& g);
void RegisterKb(CLI::App& app, const GlobalOptions& g);
void RegisterBench(CLI::App& app, const GlobalOptions& g);
void RegisterServe(CLI::App& app, const GlobalOptions& g);
void RegisterChat(CLI::App& app, const GlobalOptions& g);
void RegisterTriage(CLI::App& app, const GlobalOptions& g);
void RegisterEval(CLI::App& app, const GlobalOptions& g);

}  // namespace beian
