// Composition root: parses the command line and hands over to one verb.
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "bot/cli/commands.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/normalizer.h"

namespace {

// glibc gives each busy thread its own heap and, by default, hands the top
// of that heap back to the kernel whenever more than 128 KB of it is free.
// A turn frees that much often (SQLite's page caches for a query's temporary
// tables), and every hand-back flushes the address space from every core:
// with serve's many threads that cost more than half of a turn's CPU
// (docs/benchmarks.md, "Session 17"). Keep up to 4 MB free per heap instead
// (32 MB was faster still but broke the 64 MB budget of
// tests/attack/run-attacks), and serve only blocks of 4 MB and more
// (picture bodies) straight from the kernel.
void TuneMalloc() {
  ::mallopt(M_TRIM_THRESHOLD, 4 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

}  // namespace

int main(int argc, char** argv) {
  TuneMalloc();
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
