#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/cli/commands.h"
#include "bot/cli/lookup_image.h"
#include "bot/core/bot_language.h"
#include "bot/core/kb_loader.h"
#include "bot/core/lookup_answer.h"

namespace beian {
namespace {

struct LookupOptions {
  bool json = false;
  bool explain = false;
  size_t top = 5;
  std::vector<std::string> words;
  std::vector<std::string> images;
};

void Answer(const Matcher& matcher, const BotTexts& say, const LookupOptions& o,
            const std::string& query) {
  const MatchResult r = matcher.Match(query, o.top);
  if (o.json) {
    std::cout << LookupJson(query, r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
  } else if (o.explain) {
    std::cout << ExplainMatch(r);
  } else {
    std::cout << RenderAnswer(r, matcher.kb(), say);
  }
}

void RunLookup(const GlobalOptions& g, const LookupOptions& o) {
  // One thread, maybe thousands of lines: unsynchronised streams are faster.
  // Only here, before any I/O — they are not thread-safe, and the server's
  // threads share std::cerr.
  std::ios::sync_with_stdio(false);
  const Matcher matcher(LoadKb(g.KbDir()));
  const BotTexts say = BotLanguage::Load(DefaultFormPath().parent_path()).texts;
  if (!o.images.empty()) {
    if (!LookupImages(matcher, say, o.images, o.json, o.top)) throw CLI::RuntimeError(1);
    return;
  }
  if (!o.words.empty()) {
    std::string query;
    for (const auto& w : o.words) {
      if (!query.empty()) query += ' ';
      query += w;
    }
    Answer(matcher, say, o, query);
    return;
  }
  // Batch mode: one query per line, one answer per line (JSON Lines), in order.
  std::string line;
  bool first = true;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!o.json && !first) std::cout << "\n————————————\n\n";
    first = false;
    Answer(matcher, say, o, line);
  }
}

}  // namespace

void RegisterLookup(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<LookupOptions>();
  CLI::App* cmd = app.add_subcommand("lookup",
                                     "Answer a question or a pasted error from the knowledge base "
                                     "(reads stdin, one query a line, without TEXT)");
  cmd->add_flag("--json", o->json, "Print the JSON contract instead of a readable answer");
  cmd->add_flag("--explain", o->explain, "Show how each match was scored instead of the answer");
  cmd->add_option("--top", o->top, "How many matches to list")->check(CLI::Range(1, 50));
  cmd->add_option("--image", o->images,
                  "Answer from screenshots (PNG, JPEG, WebP or BMP) instead of text")
      ->excludes(cmd->get_option("--explain"));
  cmd->add_option("text", o->words, "The question or error text");
  cmd->callback([&g, o] { RunLookup(g, *o); });
}

}  // namespace beian
