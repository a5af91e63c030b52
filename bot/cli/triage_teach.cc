// beian-bot triage teach / teachings / undo: teaching a whole item in one
// step through the SupportDesk (as the admin API and page do).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/cli/triage_common.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/staff_entry.h"
#include "knowledge/matcher.h"

namespace beian {
namespace {

using nlohmann::json;

// The knowledge base as the running bots see it: the files plus what staff taught.
std::shared_ptr<const Matcher> LiveMatcher(const GlobalOptions& g, SupportStores& s) {
  const auto base = LoadKb(g.KbDir());
  return std::make_shared<const Matcher>(LiveKnowledge::WithLearned(
      *base, s.taught.LearnedAliases(), ParseLearnedEntries(s.taught.LearnedEntries())));
}

std::string Title(const Matcher& m, const std::string& id) {
  const Entry* e = m.kb().Find(id);
  return e != nullptr ? e->title : "?";
}

// The entry to teach: the one named, or the first suggestion.
std::string ChooseEntry(Opened& d, const TriageItem& t, const Matcher& m, const std::string& id) {
  if (!id.empty()) {
    if (m.kb().Find(id) != nullptr) return id;
    std::cerr << "triage: no knowledge-base entry " << id << '\n';
    throw CLI::RuntimeError(1);
  }
  const auto suggested = d.desk.Suggest(t, m);
  if (suggested.empty()) {
    std::cerr << "triage: 没有可建议的条目，请写上条目 id（beian-bot kb list 可以查）\n";
    throw CLI::RuntimeError(1);
  }
  return suggested.front().entry_id;
}

bool Confirmed(std::size_t n) {
  std::cout << "确认教这 " << n << " 个说法吗？[y/N] " << std::flush;
  std::string line;
  return std::getline(std::cin, line) && (line == "y" || line == "Y" || line == "yes");
}

void Teach(const GlobalOptions& g, const TriageOptions& o) {
  Opened d(o);
  const TriageItem t = RequireItem(d.support, o.item);
  const auto matcher = LiveMatcher(g, d.support);
  const std::string entry = ChooseEntry(d, t, *matcher, o.entry);
  std::vector<std::string> chosen;
  std::cout << "要教给 " << entry << "（" << Title(*matcher, entry) << "）的说法：\n";
  for (const auto& w : d.desk.Plan(t, entry, *matcher)) {
    const bool take = w.conflict.empty() || o.with_conflicts;
    if (take) chosen.push_back(w.text);
    std::cout << (take ? "  ✓ " : "  ✗ ") << w.text;
    if (!w.conflict.empty()) {
      std::cout << "  （冲突：现在会答成 " << w.conflict << "“" << Title(*matcher, w.conflict)
                << "”，得分 " << std::fixed << std::setprecision(2) << w.conflict_score
                << (o.with_conflicts ? "）" : "；加 --with-conflicts 才一起教）");
    }
    std::cout << '\n';
  }
  if (chosen.empty()) {
    std::cout << "没有可教的说法，什么也没改。\n";
    return;
  }
  // A suggested entry is confirmed first; one named on the command line is not.
  if (o.entry.empty() && !o.yes && !Confirmed(chosen.size())) {
    std::cout << "已取消，什么也没改。\n";
    return;
  }
  Teaching taught;
  d.desk.Teach(t, entry, Staff(o), NowSeconds(), chosen, &taught);
  if (taught.phrasings.empty()) {
    std::cout << "这些说法都已经教过了；这一项已标为已解决。\n";
    return;
  }
  std::cout << "已学会 " << taught.phrasings.size() << " 个说法 → " << entry << "，教学记录 #"
            << taught.id << "（撤销：beian-bot triage undo " << taught.id
            << "）。正在运行的机器人会在下一条消息前用上它们。\n";
}

void Teachings(const TriageOptions& o) {
  Opened d(o);
  const auto list = d.support.taught.Teachings(o.limit);
  if (o.json_out) {
    json out = json::array();
    for (const Teaching& t : list) out.push_back(TeachingJson(t));
    std::cout << out.dump(2) << '\n';
    return;
  }
  if (list.empty()) std::cout << "还没有教过。\n";
  for (const Teaching& t : list) {
    std::cout << '#' << t.id << (t.undone ? " [已撤销] " : " ") << t.staff << " 把 "
              << t.phrasings.size() << " 个说法教给 " << t.entry_id << "（条目来自 " << t.item_id
              << "）：";
    for (std::size_t i = 0; i < t.phrasings.size(); ++i)
      std::cout << (i ? "、" : "") << "“" << t.phrasings[i] << "”";
    std::cout << '\n';
  }
}

void Undo(const TriageOptions& o) {
  Opened d(o);
  const auto undone = d.desk.Undo(o.ticket);
  if (!undone) {
    std::cerr << "triage: 没有教学记录 #" << o.ticket << "，或者已经撤销过了\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "已撤销 #" << undone->id << "：去掉了 " << undone->phrasings.size() << " 个说法，"
            << undone->item_id << " 重新回到待处理队列。\n";
}

}  // namespace

void RegisterTriageTeaching(CLI::App& triage, const GlobalOptions& g,
                            const std::shared_ptr<TriageOptions>& o) {
  CLI::App* teach = triage.add_subcommand(
      "teach",
      "Teach every wording of the item to a knowledge-base entry in one step (default: the "
      "first suggestion); wordings another entry already answers are shown and left out");
  teach->add_option("item", o->item, "Item id")->required();
  teach->add_option("entry", o->entry, "Entry id, e.g. field.host.mail-address");
  teach->add_flag("--yes,-y", o->yes, "Take the first suggestion without asking");
  teach->add_flag("--with-conflicts", o->with_conflicts, "Teach the conflicting wordings too");
  teach->callback([&g, o] { Teach(g, *o); });

  CLI::App* teachings =
      triage.add_subcommand("teachings", "What was taught, by whom, newest first");
  teachings->add_option("--limit", o->limit, "At most this many");
  teachings->callback([o] { Teachings(*o); });

  CLI::App* undo = triage.add_subcommand("undo", "Undo a teaching: its wordings are forgotten");
  undo->add_option("teaching", o->ticket, "Teaching number (see `triage teachings`)")->required();
  undo->callback([o] { Undo(*o); });
}

}  // namespace beian
