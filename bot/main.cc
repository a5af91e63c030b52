// Composition root: parses the command line and hands over to one verb.
#include <algorithm>
#include <iostream>
#include <string_view>

#include <CLI/CLI.hpp>

#include "bot/cli/commands.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/normalizer.h"

int main(int argc, char** argv) {
  // Unsynchronised C++ streams read lookup's JSON Lines faster but are not
  // thread-safe: the server's threads all write their log lines to std::cerr
  // (with it off, lines were cut into one another under load).
  if (std::none_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "serve"; })) {
    std::ios::sync_with_stdio(false);
  }
  CLI::App app{"beian-bot：微信小程序备案助手 (WeChat mini program ICP filing assistant)"};
  app.require_subcommand(1);
  beian::GlobalOptions global;
  app.add_option("--kb", global.kb_dir, "Knowledge-base folder (default: $BEIAN_KB_DIR or knowledge/data)");
  beian::RegisterLookup(app, global);
  beian::RegisterKb(app, global);
  beian::RegisterBench(app, global);
  beian::RegisterServe(app, global);
  beian::RegisterChat(app, global);
  beian::RegisterTriage(app, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const beian::KnowledgeBaseError& e) {
    std::cerr << "beian-bot: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "beian-bot: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
