#pragma once

#include <string>
#include <vector>

#include "bot/cli/commands.h"

namespace beian {

struct Entry;

// All the text of an entry that full-text search indexes (the baselines of
// `bench lookup` and `eval --baselines`).
std::string EntryText(const Entry& e);

// The string `field` of every line of a JSON Lines file (lines without it
// are skipped). Throws std::runtime_error when the file cannot be read or
// no line has it.
std::vector<std::string> ReadJsonLinesField(const std::string& path, const std::string& field);

// The resident memory of this process, in KiB (-1 when unknown).
long ResidentKb();

// `bench engine`: sends `messages` walkthrough messages (the mix of
// scripts/bench-http.lua) straight to Engine::Handle from `threads` threads,
// on a fresh database in the temporary folder, and prints the time a message.
// `cache`: the session cache and message-id filter of `serve`.
void RunBenchEngine(const GlobalOptions& g, int messages, int threads, bool cache);

// `bench triage`: fills a fresh queue (a new SQLite file, or the empty
// database `db` names) with `items` open items made from the wordings of
// `set` (JSON Lines with "text"), then groups each wording of `set`
// `repeat` times as a new question and prints the time per question.
struct BenchTriageOptions {
  std::string set;
  std::string db;
  int items = 100000;
  int repeat = 3;
};
void RunBenchTriage(const GlobalOptions& g, const BenchTriageOptions& o);

}  // namespace beian
