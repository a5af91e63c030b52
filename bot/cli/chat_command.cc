#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "bot/cli/bot_assembly.h"
#include "bot/cli/commands.h"

namespace beian {
namespace {

struct ChatOptions {
  int idle_days = ServerConfig{}.session_idle_days;
  std::string db;
  std::string user;
  std::string log;
};

void RunChat(const GlobalOptions& g, const ChatOptions& o) {
  const bool interactive = ::isatty(STDIN_FILENO) != 0;
  const std::filesystem::path db_path =
      o.db.empty() ? DefaultDbPath() : std::filesystem::path(o.db);
  std::ofstream log_file;
  std::ostream null_stream(nullptr);
  std::ostream* log = interactive ? &null_stream : &std::cerr;
  if (!o.log.empty()) {
    log_file.open(o.log, std::ios::app);
    log = &log_file;
  }
  // serve's defaults (the config file and the environment are serve's), but
  // no flood limits: one person types here, scripts included.
  BotSetup setup{
      .kb_dir = g.KbDir(), .config = {}, .caches = false, .message_ids = false, .log = log};
  setup.config.db = db_path.string();
  setup.config.session_idle_days = o.idle_days;
  setup.config.rate_limit.user_per_minute = 0;
  setup.config.rate_limit.chat_per_minute = 0;
  const auto bot = BuildBot(setup);
  Engine& engine = *bot->engine;

  const std::string user = !o.user.empty() ? o.user : "local";
  if (interactive) {
    std::cout << bot->language->texts(BotText::kChatWelcome, {{"db", db_path.string()}}) << "\n> "
              << std::flush;
  }
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) {
      const Reply reply = engine.Handle(IncomingMessage::Direct("cli", "local", user, line));
      for (const std::string& text : reply.texts) std::cout << text << "\n\n";
    }
    if (interactive) std::cout << "> ";
    std::cout << std::flush;
  }
}

}  // namespace

void RegisterChat(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<ChatOptions>();
  CLI::App* cmd = app.add_subcommand(
      "chat",
      "Talk to the bot in the terminal: questions, pasted errors, and the step-by-step walkthrough "
      "(reads standard input line by line, so it can be scripted)");
  cmd->add_option("--db", o->db, "Database file (default: $BEIAN_DB or ./beian-bot.db)");
  cmd->add_option("--user", o->user,
                  "Who is talking (default: local); each user has their own progress");
  cmd->add_option("--session-idle-days", o->idle_days,
                  "Forget a walkthrough untouched for this many days")
      ->check(CLI::Range(1, 3650));
  cmd->add_option(
      "--log", o->log,
      "Append one line per turn to this file (default: standard error when input is piped)");
  cmd->callback([&g, o] { RunChat(g, *o); });
}

}  // namespace beian
