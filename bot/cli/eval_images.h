#pragma once

#include <string>

#include "bot/cli/commands.h"

namespace beian {

// `beian-bot eval --images DIR`: reads DIR/expected.jsonl — one
// {"file": name, "kind": "error"|"multi"|"none"|"unreadable", "expect": [ids]}
// a line — answers every image as a screenshot sent in a chat and prints:
// the share of images with an error whose answered entries are exactly the
// expected ones, the share of images without one (none, unreadable) for
// which no answer is claimed, time per image (p50, p95, max; the model's
// load apart) and the peak resident memory. Exit 1 below a floor.
struct ImageEvalOptions {
  std::string dir;
  bool quiet = false;  // only the figures, not the misses
  double min_right = 0, min_silent = 0;
};

void RunImageEval(const GlobalOptions& g, const ImageEvalOptions& o);

}  // namespace beian
