#pragma once

#include <string>

#include "bot/cli/commands.h"
#include "bot/support/triage_grouping.h"

namespace beian {

// `beian-bot eval --triage FILE`: JSON Lines of {"group": label, "text":
// message}, grouped in file order as the triage queue groups unanswered
// questions; prints pairwise precision and recall against the labels (and,
// unless quiet, the mixed items and split labels). Exit 1 below a floor.
struct TriageEvalOptions {
  std::string set;
  bool quiet = false;
  bool explain = false;  // print each message's words and weights
  double threshold = kSameMeaning;
  double min_precision = 0, min_recall = 0;
};

void RunTriageEval(const GlobalOptions& g, const TriageEvalOptions& o);

}  // namespace beian
