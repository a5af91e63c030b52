#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "bot/cli/commands.h"
#include "bot/server/http_server.h"
#include "knowledge/matcher.h"

namespace beian {
namespace {

HttpServer* g_server = nullptr;

void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

// "HOST:PORT" or ":PORT" or "PORT".
bool ParseListen(const std::string& s, ServerOptions& o) {
  const auto colon = s.rfind(':');
  const std::string host = colon == std::string::npos ? "" : s.substr(0, colon);
  const std::string port = colon == std::string::npos ? s : s.substr(colon + 1);
  try {
    size_t used = 0;
    const int p = std::stoi(port, &used);
    if (used != port.size() || p < 0 || p > 65535) return false;
    o.port = p;
  } catch (const std::exception&) {
    return false;
  }
  if (!host.empty()) o.host = host;
  return true;
}

void RunServe(const GlobalOptions& g, std::string listen) {
  if (const char* env = std::getenv("BEIAN_LISTEN"); env != nullptr && *env != '\0') listen = env;
  ServerOptions options;
  if (!ParseListen(listen, options)) {
    std::cerr << "serve: --listen must be HOST:PORT, got '" << listen << "'\n";
    throw CLI::RuntimeError(2);
  }
  const Matcher matcher(LoadKb(g.KbDir()));
  HttpServer server(options, matcher);
  const int port = server.Bind();
  if (port < 0) {
    std::cerr << "serve: cannot listen on " << options.host << ':' << options.port << '\n';
    throw CLI::RuntimeError(1);
  }
  g_server = &server;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cerr << "beian-bot 正在监听 http://" << options.host << ':' << port << " （"
            << matcher.kb().entries().size() << " 条知识库条目；Ctrl-C 退出）\n";
  const bool ok = server.Serve();
  g_server = nullptr;
  if (!ok) throw CLI::RuntimeError(1);
}

}  // namespace

void RegisterServe(CLI::App& app, const GlobalOptions& g) {
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  CLI::App* cmd = app.add_subcommand("serve", "Start the HTTP server (GET /healthz, GET /v1/lookup)");
  cmd->add_option("--listen", *listen, "HOST:PORT to listen on ($BEIAN_LISTEN overrides)")
      ->capture_default_str();
  cmd->callback([&g, listen] { RunServe(g, *listen); });
}

}  // namespace beian
