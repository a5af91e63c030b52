// beian-bot eval --triage FILE: groups a labelled set of unanswered
// questions as the triage queue would, one after another, and scores the
// grouping pair by pair against the labels.
#include "bot/cli/eval_triage.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/support/triage_grouping.h"
#include "knowledge/matcher.h"
#include "knowledge/meaning.h"
#include "knowledge/normalizer.h"
#include "storage/triage_store.h"

namespace beian {
namespace {

struct Labelled {
  std::string text, group;
};

std::vector<Labelled> ReadLabelled(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CLI::RuntimeError(2);
  std::vector<Labelled> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string() ||
        !j.contains("group") || !j["group"].is_string()) {
      std::cerr << "eval: " << path << ':' << n << ": not {\"group\": label, \"text\": text}\n";
      throw CLI::RuntimeError(2);
    }
    out.push_back({j["text"].get<std::string>(), j["group"].get<std::string>()});
  }
  return out;
}

// Pair counts: same label and same item (true positives), different labels
// in one item (false positives), same label in different items (false negatives).
struct Pairs {
  long same_both = 0, item_only = 0, label_only = 0;
  double Precision() const {
    return same_both + item_only ? static_cast<double>(same_both) / (same_both + item_only) : 1;
  }
  double Recall() const {
    return same_both + label_only ? static_cast<double>(same_both) / (same_both + label_only) : 1;
  }
};

Pairs Score(const std::vector<Labelled>& set, const std::vector<std::size_t>& item) {
  Pairs p;
  for (std::size_t i = 0; i < set.size(); ++i) {
    for (std::size_t j = i + 1; j < set.size(); ++j) {
      const bool label = set[i].group == set[j].group, together = item[i] == item[j];
      p.same_both += label && together;
      p.item_only += !label && together;
      p.label_only += label && !together;
    }
  }
  return p;
}

// What went wrong, for tuning: items holding several labels, labels split
// over several items.
void PrintMisses(const std::vector<Labelled>& set, const std::vector<std::size_t>& item) {
  std::map<std::size_t, std::map<std::string, std::vector<std::string>>> by_item;
  std::map<std::string, std::map<std::size_t, int>> by_label;
  for (std::size_t i = 0; i < set.size(); ++i) {
    by_item[item[i]][set[i].group].push_back(set[i].text);
    ++by_label[set[i].group][item[i]];
  }
  for (const auto& [id, labels] : by_item) {
    if (labels.size() < 2) continue;
    std::cout << "MIXED item " << id << ':';
    for (const auto& [label, texts] : labels) std::cout << "  [" << label << "] " << texts.front();
    std::cout << '\n';
  }
  for (const auto& [label, items] : by_label) {
    if (items.size() > 1) std::cout << "SPLIT " << label << " over " << items.size() << " items\n";
  }
}

void Explain(const MeaningReader& reader, const Labelled& l, const Meaning& m) {
  std::cout << "[" << l.group << "] " << l.text << "  →";
  for (const int s : m.sections) std::cout << " §" << s;
  for (const auto& w : m.words) {
    std::cout << ' ' << EncodeUtf8(w) << ':' << std::setprecision(1) << std::fixed
              << reader.Weight(w);
  }
  if (!m.topic.empty()) std::cout << "  topic " << m.topic;
  std::cout << '\n';
}

}  // namespace

void RunTriageEval(const GlobalOptions& g, const TriageEvalOptions& o) {
  const std::vector<Labelled> set = ReadLabelled(o.set);
  const Matcher matcher(LoadKb(g.KbDir()));
  const MeaningReader reader(matcher);
  // Every wording the queue keeps, as
  // TriageStore::OpenByWords lists them; LookupWords guarantees that the
  // words lookup finds every wording that could join, so all are compared.
  std::vector<GroupCandidate> kept;
  std::vector<std::size_t> kept_item;  // the item of each kept wording
  std::vector<int> wordings;           // per item
  std::vector<std::size_t> item_of;
  for (const Labelled& l : set) {
    const Meaning m = reader.Read(l.text);
    if (o.explain) Explain(reader, l, m);
    const GroupCandidate* joined = ChooseGroup(reader, m, kept, o.threshold);
    const std::size_t item = joined ? kept_item[joined - kept.data()] : wordings.size();
    if (item == wordings.size()) wordings.push_back(0);
    if (wordings[item] < TriageStore::kMaxPhrasings) {
      ++wordings[item];
      kept.push_back({std::to_string(item), m});
      kept_item.push_back(item);
    }
    item_of.push_back(item);
  }
  if (!o.quiet) PrintMisses(set, item_of);
  const Pairs p = Score(set, item_of);
  std::map<std::string, int> labels;
  for (const auto& l : set) ++labels[l.group];
  std::cout << std::fixed << std::setprecision(3) << set.size() << " messages, " << labels.size()
            << " groups → " << wordings.size() << " items; pairwise precision " << p.Precision()
            << ", recall " << p.Recall() << " (threshold " << o.threshold << ")\n";
  bool ok = true;
  if (p.Precision() + 1e-9 < o.min_precision) {
    std::cout << "BELOW FLOOR precision < " << o.min_precision << '\n';
    ok = false;
  }
  if (p.Recall() + 1e-9 < o.min_recall) {
    std::cout << "BELOW FLOOR recall < " << o.min_recall << '\n';
    ok = false;
  }
  if (!ok) throw CLI::RuntimeError(1);
}

}  // namespace beian
