// beian-bot eval FILE: scores the matcher on an evaluation set, per style of
// message, with the two full-text baselines beside it.
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "bot/cli/bench.h"
#include "bot/cli/commands.h"
#include "bot/cli/eval_images.h"
#include "bot/cli/eval_triage.h"
#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "knowledge/search_index.h"
#include "storage/sqlite/fts_index.h"

namespace beian {
namespace {

using nlohmann::json;

struct Case {
  std::string q;
  std::vector<std::string> expect;  // empty: must be declined
  std::string style;                // "-" when the set has none
  std::string kind;  // errors / questions / declined, as ../shared/eval/score.py counts them
};

// The categories of ../shared/eval/score.py: a pasted error is an error id
// whose text carries an error's wording.
std::string KindOf(const std::string& q, const std::vector<std::string>& expect) {
  static const std::regex kErrorHint(
      "【|】|\\[|\\]|不一致|不通过|失败|不正确|不允许|不足|为空|有误|未能|不能超过|必须|请上传|"
      "请在|仅支持|需加盖");
  if (expect.empty()) return "declined";
  return expect.front().rfind("error.", 0) == 0 && std::regex_search(q, kErrorHint) ? "errors"
                                                                                    : "questions";
}

std::vector<Case> ReadSet(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CLI::RuntimeError(2);
  std::vector<Case> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("q") || !j["q"].is_string() ||
        !j.contains("expect") || !j["expect"].is_array()) {
      std::cerr << "eval: " << path << ':' << n << ": not {\"q\": text, \"expect\": [ids]}\n";
      throw CLI::RuntimeError(2);
    }
    Case c{j["q"].get<std::string>(), {}, "-", ""};
    for (const auto& id : j["expect"]) {
      if (id.is_string()) c.expect.push_back(id.get<std::string>());
    }
    if (j.contains("style") && j["style"].is_string()) c.style = j["style"].get<std::string>();
    c.kind = KindOf(c.q, c.expect);
    out.push_back(std::move(c));
  }
  return out;
}

// What one system made of a case: answered, and its first entry.
struct Verdict {
  bool answered = false;
  std::string top;
};

bool Right(const Case& c, const Verdict& v) {
  if (c.expect.empty()) return !v.answered;
  return v.answered && std::find(c.expect.begin(), c.expect.end(), v.top) != c.expect.end();
}

// The baselines answer with their best entry whenever they find one (FTS5),
// or when its BM25 share of the query's ideal reaches 0.3 (bigram BM25).
class Baselines {
 public:
  explicit Baselines(const KnowledgeBase& kb) : kb_(kb) {
    for (size_t i = 0; i < kb.entries().size(); ++i) {
      const std::string text = EntryText(kb.entries()[i]);
      fts_.Add(static_cast<std::int64_t>(i), text);
      bm25_.AddText(static_cast<std::uint32_t>(i), DecodeUtf8(text), 1.0, false);
    }
    bm25_.Finish();
  }
  Verdict Fts(const std::string& q) {
    const auto hits = fts_.Search(q, 1);
    if (hits.empty()) return {};
    return {true, kb_.entries()[static_cast<size_t>(hits.front())].id};
  }
  Verdict Bm25(const std::string& q) const {
    const auto hits = bm25_.Search(DecodeUtf8(q), 1);
    if (hits.empty() || hits.front().bm25 < 0.3) return {};
    return {true, kb_.entries()[hits.front().doc].id};
  }

 private:
  const KnowledgeBase& kb_;
  FtsIndex fts_;
  SearchIndex bm25_;
};

struct Tally {
  int right = 0, total = 0;
  void Add(bool ok) {
    right += ok;
    ++total;
  }
  std::string Text() const {
    std::ostringstream out;
    out << std::setw(4) << right << '/' << std::setw(4) << std::left << total << std::right
        << std::setw(6) << std::fixed << std::setprecision(1)
        << (total ? 100.0 * right / total : 0.0) << '%';
    return out.str();
  }
};

struct EvalOptions {
  std::string set;
  bool baselines = false;
  bool quiet = false;
  // Floors, as shares 0..1: the bot's kinds and every style must reach them.
  double min_errors = 0, min_questions = 0, min_declined = 0, min_style = 0;
};

// The floor a row of the table must reach (0 when none applies).
double FloorOf(const std::string& row, const EvalOptions& o) {
  if (row == "kind errors") return o.min_errors;
  if (row == "kind questions") return o.min_questions;
  if (row == "kind declined") return o.min_declined;
  if (row.rfind("style ", 0) == 0 && row != "style -") return o.min_style;
  return 0;
}

// Prints each row of the bot's table under its floor; true when none is.
bool CheckFloors(const std::map<std::string, Tally>& rows, const EvalOptions& o) {
  bool ok = true;
  for (const auto& [row, tally] : rows) {
    const double floor = FloorOf(row, o);
    const double share = tally.total ? static_cast<double>(tally.right) / tally.total : 1.0;
    if (share + 1e-9 < floor) {
      std::cout << "BELOW FLOOR " << row << ": " << tally.Text() << " < " << 100 * floor << "%\n";
      ok = false;
    }
  }
  return ok;
}

void RunEval(const GlobalOptions& g, const EvalOptions& o) {
  const std::vector<Case> cases = ReadSet(o.set);
  const Matcher matcher(LoadKb(g.KbDir()));
  std::unique_ptr<Baselines> baselines;
  if (o.baselines) baselines = std::make_unique<Baselines>(matcher.kb());
  // [system][row]: rows are the styles, then the kinds, then "overall".
  std::map<std::string, std::map<std::string, Tally>> table;
  std::vector<std::string> misses;
  for (const Case& c : cases) {
    const MatchResult m = matcher.Match(c.q, 1);
    const Verdict bot{m.answered, m.matches.empty() ? "" : m.matches.front().entry->id};
    const bool ok = Right(c, bot);
    for (const std::string& row : {"style " + c.style, "kind " + c.kind, std::string("overall")}) {
      table["bot"][row].Add(ok);
      if (baselines) {
        table["fts5"][row].Add(Right(c, baselines->Fts(c.q)));
        table["bm25"][row].Add(Right(c, baselines->Bm25(c.q)));
      }
    }
    if (!ok) {
      misses.push_back(
          "MISS [" + c.style + "/" + c.kind + "] " + c.q + "  →  " +
          (bot.answered ? bot.top : "declined" + (bot.top.empty() ? "" : " (" + bot.top + ")")) +
          "  want " + (c.expect.empty() ? std::string("declined") : c.expect.front()));
    }
  }
  if (!o.quiet) {
    for (const auto& m : misses) std::cout << m << '\n';
  }
  const std::vector<std::string> systems =
      baselines ? std::vector<std::string>{"bot", "fts5", "bm25"} : std::vector<std::string>{"bot"};
  std::cout << std::left << std::setw(22) << "" << std::right;
  for (const auto& s : systems) std::cout << std::setw(18) << s;
  std::cout << '\n';
  for (const auto& [row, tally] : table["bot"]) {
    std::cout << std::left << std::setw(22) << row << std::right;
    for (const auto& s : systems) std::cout << std::setw(18) << table[s][row].Text();
    std::cout << '\n';
  }
  if (!CheckFloors(table["bot"], o)) throw CLI::RuntimeError(1);
}

}  // namespace

void RegisterEval(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<EvalOptions>();
  auto t = std::make_shared<TriageEvalOptions>();
  auto im = std::make_shared<ImageEvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval",
                                     "Score the matcher on an evaluation set (JSON Lines of q, "
                                     "expect, style): per style and kind, and the misses; or, "
                                     "with --triage, the triage queue's grouping; or, with "
                                     "--images, answers from screenshots");
  cmd->add_option("set", o->set, "The evaluation set")->check(CLI::ExistingFile);
  cmd->add_option("--triage", t->set,
                  "Score the triage queue's grouping on a labelled set (JSON Lines of group, text)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--images", im->dir,
                  "Score answers from screenshots: a folder of images with expected.jsonl "
                  "(file, kind, expect)")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--min-right", im->min_right,
                  "With --images: fail below this share of images with an error answered right")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-silent", im->min_silent,
                  "With --images: fail below this share of images without one left unanswered")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--explain", t->explain, "With --triage: print each message's words and weights");
  cmd->add_option("--threshold", t->threshold, "With --triage: the similarity that joins an item")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-precision", t->min_precision, "With --triage: fail below this precision")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--min-recall", t->min_recall, "With --triage: fail below this recall")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_flag("--baselines", o->baselines,
                "Score SQLite FTS5 and bigram BM25 on the same set, side by side");
  cmd->add_flag("--quiet", o->quiet, "Only the table, not the misses");
  const auto share = CLI::Range(0.0, 1.0);
  cmd->add_option("--min-errors", o->min_errors,
                  "Fail (exit 1) when pasted errors score below this share")
      ->check(share);
  cmd->add_option("--min-questions", o->min_questions, "Fail when questions score below this share")
      ->check(share);
  cmd->add_option("--min-declined", o->min_declined, "Fail when declines score below this share")
      ->check(share);
  cmd->add_option("--min-style", o->min_style, "Fail when any one style scores below this share")
      ->check(share);
  cmd->callback([&g, o, t, im] {
    if (!im->dir.empty()) {
      im->quiet = o->quiet;
      RunImageEval(g, *im);
      return;
    }
    if (!t->set.empty()) {
      t->quiet = o->quiet;
      RunTriageEval(g, *t);
      return;
    }
    if (o->set.empty()) throw CLI::RequiredError("set (or --triage FILE)");
    RunEval(g, *o);
  });
}

}  // namespace beian
