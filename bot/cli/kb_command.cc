#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "bot/cli/commands.h"
#include "bot/core/kb_loader.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/staff_entry.h"
#include "knowledge/catalogue.h"
#include "storage/storage.h"
#include "storage/taught_store.h"

namespace beian {
namespace {

// All searchable text of an entry, one piece per line.
std::string SearchableText(const Entry& e) {
  std::string text = e.title;
  auto add = [&](const std::string& s) {
    if (!s.empty()) text += "\n" + s;
  };
  add(e.field_name);
  for (const auto& s : e.error_texts) add(s);
  for (const auto& s : e.aliases) add(s);
  add(e.summary);
  for (const auto& s : e.steps) add(s);
  for (const auto& s : e.notes) add(s);
  return text;
}

void RunCheck(const std::string& dir) {
  const ReadResult r = ReadKnowledgeBase(dir);
  if (!r.problems.empty()) {
    std::cerr << "知识库检查未通过（" << dir << "），共 " << r.problems.size() << " 个问题：\n";
    for (const auto& p : r.problems) std::cerr << "  " << p.ToString() << '\n';
    throw CLI::RuntimeError(1);
  }
  size_t aliases = 0;
  for (const auto& e : r.kb->entries()) aliases += e.aliases.size();
  std::cout << "知识库检查通过（" << dir << "）：" << r.kb->entries().size() << " 条，目录要求的 "
            << CatalogueIds().size() << " 个 id 全部存在，别名 " << aliases << " 条，同义词组 "
            << r.kb->lexicon().synonyms.size() << " 组。\n";
}

void RunList(const std::string& dir, bool json_out) {
  const auto kb = LoadKb(dir);
  if (!json_out) {
    for (const auto& e : kb->entries()) std::cout << e.id << '\t' << e.title << '\n';
    return;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : kb->entries()) {
    nlohmann::json item = {{"id", e.id},
                           {"kind", std::string(ToString(e.kind))},
                           {"title", e.title},
                           {"section", e.section},
                           {"certainty", std::string(ToString(e.certainty))},
                           {"text", SearchableText(e)}};
    if (e.field_no) item["field_no"] = *e.field_no;
    list.push_back(std::move(item));
  }
  std::cout << list.dump(2) << '\n';
}

// Writes every data file that has learned aliases, with them merged in, and
// the entries staff wrote (faq-staff.json) to `out`: copying a written file
// over knowledge/data/ adopts what staff taught (a staff entry needs at least
// five aliases there; `kb check` says which).
void RunExport(const std::string& kb_dir, const std::string& db_path, const std::string& out) {
  const auto base = LoadKb(kb_dir);
  const auto storage = OpenStorage(db_path.empty() ? DefaultDbPath().string() : db_path);
  TaughtStore& support = storage->taught();
  const auto learned = support.LearnedAliases();
  const auto written = ParseLearnedEntries(support.LearnedEntries());
  const auto merged = LiveKnowledge::WithLearned(*base, learned, written);
  std::set<std::string> files;
  for (const auto& [id, alias] : learned) {
    if (const Entry* e = merged->Find(id)) files.insert(e->file);
  }
  for (const Entry& e : written) files.insert(e.file);
  std::filesystem::create_directories(out);
  for (const std::string& file : files) {
    nlohmann::json entries = nlohmann::json::array();
    for (const Entry& e : merged->entries()) {
      if (e.file == file) entries.push_back(EntryToJson(e));
    }
    std::ofstream f(std::filesystem::path(out) / file);
    f << nlohmann::json{{"entries", entries}}.dump(2, ' ', false) << '\n';
    if (!f)
      throw std::runtime_error("cannot write " + (std::filesystem::path(out) / file).string());
  }
  std::cout << "导出了 " << learned.size() << " 条学到的说法、" << written.size()
            << " 个客服新写的条目，写入 " << files.size() << " 个文件（" << out
            << "）。核对后复制到 knowledge/data/ 即可并入知识库。\n";
}

}  // namespace

void RegisterKb(CLI::App& app, const GlobalOptions& g) {
  CLI::App* kb = app.add_subcommand("kb", "Check or list the knowledge base");
  kb->require_subcommand(1);

  auto check_dir = std::make_shared<std::string>();
  CLI::App* check =
      kb->add_subcommand("check", "Validate a knowledge-base folder; exits 1 on any problem");
  check->add_option("dir", *check_dir, "Folder to check (default: the configured knowledge base)");
  check->callback(
      [&g, check_dir] { RunCheck(!check_dir->empty() ? *check_dir : g.KbDir().string()); });

  auto export_db = std::make_shared<std::string>();
  auto export_out = std::make_shared<std::string>("kb-export");
  CLI::App* exp = kb->add_subcommand(
      "export", "Write the aliases staff taught into knowledge-base files for review");
  exp->add_option("--db", *export_db, "Database file (default: $BEIAN_DB or ./beian-bot.db)");
  exp->add_option("--out", *export_out, "Folder to write the files to")->capture_default_str();
  exp->callback(
      [&g, export_db, export_out] { RunExport(g.KbDir().string(), *export_db, *export_out); });

  auto json_out = std::make_shared<bool>(false);
  CLI::App* list = kb->add_subcommand("list", "List every entry");
  list->add_flag("--json", *json_out, "JSON array of {id, kind, title, text, …}");
  list->callback([&g, json_out] { RunList(g.KbDir().string(), *json_out); });
}

}  // namespace beian
