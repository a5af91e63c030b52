#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bot/channels/api_senders.h"
#include "bot/channels/dingtalk.h"
#include "bot/channels/feishu.h"
#include "bot/channels/generic_api.h"
#include "bot/channels/onebot.h"
#include "bot/channels/wechat.h"
#include "bot/channels/wecom.h"
#include "bot/cli/commands.h"
#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "bot/core/outbox.h"
#include "bot/core/staff_push.h"
#include "bot/server/address_set.h"
#include "bot/server/admin_api.h"
#include "bot/server/config.h"
#include "bot/server/http_server.h"
#include "bot/server/metrics.h"
#include "dialogs/form_spec.h"
#include "storage/database.h"
#include "storage/serve_lock.h"

namespace beian {
namespace {

HttpServer* g_server = nullptr;
LiveKnowledge* g_knowledge = nullptr;

// A page of web/ (empty, with a log line, when it is missing: its route is then off).
std::string ReadWebFile(const std::string& name) {
  const auto path = DefaultWebDir() / name;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file || text.str().empty()) {
    std::cerr << "serve: no web page at " << path.string() << ", its route is off\n";
    return "";
  }
  return text.str();
}

void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

// SIGHUP: re-read the knowledge-base files before the next message.
void OnHangup(int) {
  if (g_knowledge != nullptr) g_knowledge->RequestReload();
}

struct ServeOptions {
  std::string config;
  std::string listen;
  std::string db;
  bool allow_public = false;
};

// Each connection holds a descriptor: take the hard limit the system gives
// (usually far above the default 1,024), so that the connection caps, not
// the descriptor limit, decide who is turned away.
void RaiseDescriptorLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// The HTTP limits and the facing-the-internet settings of the config.
void ApplyInternetSettings(const ServerConfig& config, ServerOptions& options) {
  options.max_body_bytes = config.max_body_bytes;
  options.threads = config.threads;
  options.trusted_proxies = config.trusted_proxies;
  options.allowed_hosts = config.allowed_hosts;
  options.max_connections_per_address = config.limits.max_connections_per_address;
  options.request_deadline_seconds = config.limits.request_deadline_seconds;
  options.max_header_bytes = config.limits.max_header_bytes;
  options.requests_per_minute_per_address = config.rate_limit.address_per_minute;
  options.request_burst_per_address = config.rate_limit.address_burst;
  try {
    (void)AddressSet(config.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    std::cerr << "serve: trusted_proxies: " << e.what() << '\n';
    throw CLI::RuntimeError(2);
  }
}

// A server on a public address with /v1/messages open to anyone is refused
// unless the operator says it is meant; then it is said once, loudly.
void CheckExposure(const ServerConfig& config, const ServerOptions& options) {
  if (IsLoopbackHost(options.host) || !config.api_token.empty()) return;
  if (!config.allow_public_without_token) {
    std::cerr
        << "serve: refusing to listen on " << options.host
        << " without BEIAN_API_TOKEN: anyone who can reach it could drive conversations through "
           "/v1/messages. Put nginx in front (deploy/nginx/beian-bot.conf, docs/security.md) and "
           "listen on "
           "127.0.0.1, or set BEIAN_API_TOKEN, or pass --allow-public if this is really meant.\n";
    throw CLI::RuntimeError(2);
  }
  std::cerr << "serve: WARNING: listening on " << options.host
            << " with /v1/messages open to anyone (no BEIAN_API_TOKEN). The supported public setup "
               "is nginx in "
               "front of a loopback listener: see docs/security.md.\n";
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

void RunServe(const GlobalOptions& g, const ServeOptions& o) {
  ServerConfig config = o.config.empty() ? ServerConfig{} : LoadConfig(o.config);
  ApplyEnvironment(config);
  if (!o.listen.empty()) config.listen = o.listen;
  if (!o.db.empty()) config.db = o.db;
  if (o.allow_public) config.allow_public_without_token = true;
  ServerOptions options;
  ApplyInternetSettings(config, options);
  if (!ParseListen(config.listen, options)) {
    std::cerr << "serve: listen must be HOST:PORT, got '" << config.listen << "'\n";
    throw CLI::RuntimeError(2);
  }
  CheckExposure(config, options);
  RaiseDescriptorLimit();

  const Matcher matcher(LoadKb(g.KbDir()));
  const FormSpec form = LoadFormSpec(DefaultFormPath());
  const ServeLock owner(config.db);  // one server per file: the caches below rely on it
  Database db(config.db);
  const std::string secret = HashSecretFor(config.db, config.hash_secret);
  const Walkthrough walkthrough(form, matcher.kb(),
                                [secret](std::string_view v) { return KeyedHash(secret, v); });
  SessionStore sessions(db, kServeSessionCacheBytes);
  EngineOptions engine_options;
  engine_options.session_idle = std::chrono::hours(24 * config.session_idle_days);
  engine_options.group_prefix = config.group_prefix;
  engine_options.handoff_timeout = std::chrono::hours(config.handoff_timeout_hours);
  engine_options.user_per_minute = config.rate_limit.user_per_minute;
  engine_options.user_burst = config.rate_limit.user_burst;
  engine_options.chat_per_minute = config.rate_limit.chat_per_minute;
  engine_options.chat_burst = config.rate_limit.chat_burst;
  engine_options.group_errors = config.group_errors;
  for (const auto& [platform, rule] : config.group_overrides) {
    engine_options.group_rules[platform] = {rule.prefix.value_or(config.group_prefix),
                                            rule.errors.value_or(config.group_errors)};
  }
  const Clock clock = [] { return std::chrono::system_clock::now(); };
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock().time_since_epoch()).count();
  sessions.ExpireIdle(now_s, engine_options.session_idle.count());
  ProcessedStore(db).Prune(now_s, engine_options.dedup_window.count());
  ProcessedStore processed(db, engine_options.dedup_window.count());
  SupportStore support(db, /*track_askers=*/true);
  support.log.PurgeLog(now_s, static_cast<std::int64_t>(config.log_retention_days) * 86400);
  LiveKnowledge knowledge(matcher.kb_ptr(), support.taught, clock);
  knowledge.SetReloadSource(g.KbDir(), &std::cerr);  // for SIGHUP
  Engine engine(knowledge, walkthrough, sessions, &processed, &support, clock, engine_options,
                std::cerr);
  Metrics metrics;

  HttpServer server(options, knowledge, &engine, metrics);
  if (std::string page = ReadWebFile("index.html"); !page.empty())
    server.SetWebPage(std::move(page));
  OutboxStore outbox_store(db);
  Outbox outbox(outbox_store, clock, std::cerr);
  server.SetOutbox(&outbox);
  StaffPush staff_push(outbox);
  GenericApiChannel api(config.api_token);
  server.AddChannel("/v1/messages", api);
  std::vector<std::string> enabled{"/v1/messages"};
  // A platform without its secret stays off: its route answers 404.
  std::unique_ptr<WechatChannel> wechat;
  std::unique_ptr<DingtalkChannel> dingtalk;
  std::unique_ptr<WecomChannel> wecom;
  std::unique_ptr<FeishuChannel> feishu;
  std::unique_ptr<OnebotChannel> onebot;
  std::unique_ptr<WechatCsSender> wechat_cs;
  std::unique_ptr<FeishuReplySender> feishu_reply;
  try {
    if (!config.wechat.token.empty()) {
      wechat = std::make_unique<WechatChannel>(config.wechat.token, config.wechat.appid,
                                               config.wechat.aes_key,
                                               config.wechat.mode == "mini_program");
      server.AddChannel("/wechat", *wechat);
      enabled.push_back("/wechat");
      if (!config.wechat.app_secret.empty()) {
        wechat_cs = std::make_unique<WechatCsSender>(config.wechat.api_base, config.wechat.appid,
                                                     config.wechat.app_secret);
        outbox.Register("wechat-cs", *wechat_cs);
        staff_push.Route("wechat", "wechat-cs", "touser", StaffPush::Address::kUser);
      } else if (config.wechat.mode == "mini_program") {
        std::cerr << "serve: wechat.mode is mini_program but wechat.app_secret is empty: replies "
                     "cannot be sent\n";
      }
    }
    if (!config.onebot.secret.empty()) {
      onebot = std::make_unique<OnebotChannel>(config.onebot.secret);
      server.AddChannel("/onebot", *onebot);
      enabled.push_back("/onebot");
    }
    if (!config.feishu.verification_token.empty()) {
      feishu = std::make_unique<FeishuChannel>(config.feishu.verification_token,
                                               config.feishu.encrypt_key);
      server.AddChannel("/feishu", *feishu);
      enabled.push_back("/feishu");
      if (!config.feishu.app_id.empty() && !config.feishu.app_secret.empty()) {
        feishu_reply = std::make_unique<FeishuReplySender>(
            config.feishu.api_base, config.feishu.app_id, config.feishu.app_secret);
        outbox.Register("feishu", *feishu_reply);
        staff_push.Route("feishu", "feishu", "chat_id", StaffPush::Address::kChat);
      } else {
        std::cerr << "serve: feishu.app_id / app_secret are empty: replies cannot be sent\n";
      }
    }
    if (!config.dingtalk.app_secret.empty()) {
      dingtalk = std::make_unique<DingtalkChannel>(config.dingtalk.app_secret);
      server.AddChannel("/dingtalk", *dingtalk);
      enabled.push_back("/dingtalk");
    }
    if (!config.wecom.token.empty() && !config.wecom.aes_key.empty() &&
        !config.wecom.corp_id.empty()) {
      wecom = std::make_unique<WecomChannel>(config.wecom.token, config.wecom.aes_key,
                                             config.wecom.corp_id);
      server.AddChannel("/wecom", *wecom);
      enabled.push_back("/wecom");
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "serve: bad platform configuration: " << e.what() << '\n';
    throw CLI::RuntimeError(2);
  }

  std::unique_ptr<AdminApi> admin;
  if (!config.admin_token.empty()) {
    admin = std::make_unique<AdminApi>(
        config.admin_token, support, knowledge, g.KbDir(),
        [clock] {
          return std::chrono::duration_cast<std::chrono::seconds>(clock().time_since_epoch())
              .count();
        },
        &staff_push);
    server.SetAdmin(*admin, ReadWebFile("admin.html"));
  }

  const int port = server.Bind();
  if (port < 0) {
    std::cerr << "serve: cannot listen on " << options.host << ':' << options.port << '\n';
    throw CLI::RuntimeError(1);
  }
  outbox.Start();
  g_server = &server;
  g_knowledge = &knowledge;
  std::signal(SIGHUP, OnHangup);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cerr << "beian-bot 正在监听 http://" << options.host << ':' << port << " （"
            << matcher.kb().entries().size() << " 条知识库条目，数据库 " << config.db
            << "；对话接口：";
  for (size_t i = 0; i < enabled.size(); ++i) std::cerr << (i ? "、" : "") << enabled[i];
  std::cerr << "；Ctrl-C 退出）\n";
  const bool ok = server.Serve();
  g_server = nullptr;
  g_knowledge = nullptr;
  outbox.Stop();
  if (!ok) throw CLI::RuntimeError(1);
}

}  // namespace

void RegisterServe(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve",
                                     "Start the HTTP server: /healthz, /metrics, /v1/lookup, "
                                     "/v1/messages and the platform webhooks");
  cmd->add_option(
      "--config", o->config,
      "JSON config file (see docs/config.sample.json); environment variables override it");
  cmd->add_option("--listen", o->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd->add_option("--db", o->db, "Database file (default ./beian-bot.db)");
  cmd->add_flag(
      "--allow-public", o->allow_public,
      "Listen on a non-loopback address even without BEIAN_API_TOKEN (see docs/security.md)");
  cmd->callback([&g, o] { RunServe(g, *o); });
}

}  // namespace beian
