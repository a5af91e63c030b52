// Composition root: parses the command line and hands over to one verb.
#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/cli/commands.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/normalizer.h"

int main(int argc, char** argv) {
  CLI::App app{"beian-bot：微信小程序备案助手 (WeChat mini program ICP filing assistant)"};
  app.require_subcommand(1);
  beian::GlobalOptions global;
  app.add_option("--kb", global.kb_dir,
                 "Knowledge-base folder (default: $BEIAN_KB_DIR or knowledge/data)");
  beian::RegisterLookup(app, global);
  beian::RegisterKb(app, global);
  beian::RegisterBench(app, global);
  beian::RegisterServe(app, global);
  beian::RegisterChat(app, global);
  beian::RegisterTriage(app, global);
  beian::RegisterEval(app, global);
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
