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
#include "bot/channels/media_sources.h"
#include "bot/channels/onebot.h"
#include "bot/channels/wechat.h"
#include "bot/channels/wecom.h"
#include "bot/cli/bot_assembly.h"
#include "bot/cli/commands.h"
#include "bot/core/outbox.h"
#include "bot/core/staff_push.h"
#include "bot/server/address_set.h"
#include "bot/server/admin_api.h"
#include "bot/server/config.h"
#include "bot/server/http_server.h"
#include "bot/server/metrics.h"
#include "storage/storage.h"

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

// The config of `serve`: the file, then the environment, then the flags.
// Exits with status 2 and the error when it cannot be used.
ServerConfig ServeConfig(const ServeOptions& o, ServerOptions& options) {
  try {
    ServerConfig config = o.config.empty() ? ServerConfig{} : LoadConfig(o.config);
    ApplyEnvironment(config);
    if (!o.listen.empty()) config.listen = o.listen;
    if (!o.db.empty()) config.db = o.db;
    if (o.allow_public) config.allow_public_without_token = true;
    options = ServerOptionsFrom(config);
    return config;
  } catch (const ConfigError& e) {
    std::cerr << "serve: " << e.what() << '\n';
    throw CLI::RuntimeError(2);
  }
}

// The platform channels and reply senders the config switches on.
struct Platforms {
  std::unique_ptr<WechatChannel> wechat;
  std::unique_ptr<DingtalkChannel> dingtalk;
  std::unique_ptr<WecomChannel> wecom;
  std::unique_ptr<FeishuChannel> feishu;
  std::unique_ptr<OnebotChannel> onebot;
  std::unique_ptr<WechatCsSender> wechat_cs;
  std::unique_ptr<FeishuReplySender> feishu_reply;
  std::unique_ptr<DingtalkSessionSender> dingtalk_session;
  std::unique_ptr<OnebotApiSender> onebot_api;
  std::unique_ptr<WecomAppSender> wecom_app;
  std::unique_ptr<FeishuMedia> feishu_media;  // pictures: with the app's credentials
  std::unique_ptr<DingtalkMedia> dingtalk_media;
  std::unique_ptr<WechatMedia> wechat_media;  // pictures by MediaId: with app_secret
  std::unique_ptr<WecomMedia> wecom_media;    // … with wecom.secret
};

// Registers the senders of late answers (slow screenshots) of the platforms
// that otherwise answer only in the HTTP response: DingTalk's sessionWebhook,
// OneBot's send_msg and WeCom's app message API.
void AddLateSenders(const ServerConfig& config, Outbox& outbox, Platforms& p) {
  if (p.dingtalk && !config.dingtalk.session_base.empty()) {
    p.dingtalk_session = std::make_unique<DingtalkSessionSender>(config.dingtalk.session_base);
    outbox.Register("dingtalk-session", *p.dingtalk_session);
  }
  if (p.onebot && !config.onebot.api_base.empty()) {
    p.onebot_api =
        std::make_unique<OnebotApiSender>(config.onebot.api_base, config.onebot.access_token);
    outbox.Register("onebot", *p.onebot_api);
    p.onebot->EnableLateReplies();
  }
  if (p.wecom && !config.wecom.secret.empty()) {
    p.wecom_app = std::make_unique<WecomAppSender>(config.wecom.api_base, config.wecom.corp_id,
                                                   config.wecom.secret);
    outbox.Register("wecom", *p.wecom_app);
    p.wecom->EnableLateReplies();
  }
}

// Adds the route of each platform whose secret is set (a platform without
// it stays off: its route answers 404) and appends it to `enabled`.
void AddPlatforms(const ServerConfig& config, const BotTexts& texts, HttpServer& server,
                  Outbox& outbox, StaffPush& staff_push, Platforms& p,
                  std::vector<std::string>& enabled) {
  auto add = [&](const std::string& path, Channel& channel, const MediaSource* media = nullptr) {
    channel.UseTexts(texts);
    server.AddChannel(path, channel, media);
    enabled.push_back(path);
  };
  if (!config.wechat.token.empty()) {
    p.wechat = std::make_unique<WechatChannel>(config.wechat.token, config.wechat.appid,
                                               config.wechat.aes_key,
                                               config.wechat.mode == "mini_program");
    if (!config.wechat.app_secret.empty()) {
      p.wechat_media =
          std::make_unique<WechatMedia>(config.wechat.api_base, config.wechat.appid,
                                        config.wechat.app_secret, ImageFetchOptionsFrom(config));
    }
    add("/wechat", *p.wechat, p.wechat_media.get());
    if (!config.wechat.app_secret.empty()) {
      p.wechat_cs = std::make_unique<WechatCsSender>(config.wechat.api_base, config.wechat.appid,
                                                     config.wechat.app_secret);
      outbox.Register("wechat-cs", *p.wechat_cs);
      p.wechat->EnableLateReplies();  // a slow screenshot is answered through the same API
      staff_push.Route("wechat", "wechat-cs", "touser", StaffPush::Address::kUser);
    } else if (config.wechat.mode == "mini_program") {
      std::cerr << "serve: wechat.mode is mini_program but wechat.app_secret is empty: replies "
                   "cannot be sent\n";
    }
  }
  if (!config.onebot.secret.empty()) {
    p.onebot = std::make_unique<OnebotChannel>(config.onebot.secret);
    add("/onebot", *p.onebot);
  }
  if (!config.feishu.verification_token.empty()) {
    p.feishu = std::make_unique<FeishuChannel>(config.feishu.verification_token,
                                               config.feishu.encrypt_key);
    if (!config.feishu.app_id.empty() && !config.feishu.app_secret.empty()) {
      p.feishu_media =
          std::make_unique<FeishuMedia>(config.feishu.api_base, config.feishu.app_id,
                                        config.feishu.app_secret, config.ocr.max_image_bytes);
    }
    add("/feishu", *p.feishu, p.feishu_media.get());
    if (!config.feishu.app_id.empty() && !config.feishu.app_secret.empty()) {
      p.feishu_reply = std::make_unique<FeishuReplySender>(
          config.feishu.api_base, config.feishu.app_id, config.feishu.app_secret);
      outbox.Register("feishu", *p.feishu_reply);
      staff_push.Route("feishu", "feishu", "chat_id", StaffPush::Address::kChat);
    } else {
      std::cerr << "serve: feishu.app_id / app_secret are empty: replies cannot be sent\n";
    }
  }
  if (!config.dingtalk.app_secret.empty()) {
    p.dingtalk =
        std::make_unique<DingtalkChannel>(config.dingtalk.app_secret, config.dingtalk.session_base);
    if (!config.dingtalk.app_key.empty()) {
      p.dingtalk_media = std::make_unique<DingtalkMedia>(
          config.dingtalk.api_base, config.dingtalk.app_key, config.dingtalk.app_secret,
          ImageFetchOptionsFrom(config));
    }
    add("/dingtalk", *p.dingtalk, p.dingtalk_media.get());
  }
  if (!config.wecom.token.empty() && !config.wecom.aes_key.empty() &&
      !config.wecom.corp_id.empty()) {
    p.wecom = std::make_unique<WecomChannel>(config.wecom.token, config.wecom.aes_key,
                                             config.wecom.corp_id);
    if (!config.wecom.secret.empty()) {
      p.wecom_media =
          std::make_unique<WecomMedia>(config.wecom.api_base, config.wecom.corp_id,
                                       config.wecom.secret, ImageFetchOptionsFrom(config));
    }
    add("/wecom", *p.wecom, p.wecom_media.get());
  }
}

void RunServe(const GlobalOptions& g, const ServeOptions& o) {
  ServerOptions options;
  const ServerConfig config = ServeConfig(o, options);
  CheckExposure(config, options);
  RaiseDescriptorLimit();

  // A SQLite file gets one server (its serve lock, taken here): its caches rely on it.
  const auto bot = BuildBot({.kb_dir = g.KbDir(), .config = config});
  bot->knowledge->SetReloadSource(g.KbDir(), &std::cerr);  // for SIGHUP
  Metrics metrics;
  // Screenshots are read on their own threads (ocr.workers 0: not at all).
  std::unique_ptr<OcrPool> ocr;
  if (config.ocr.workers > 0) ocr = std::make_unique<OcrPool>(OcrPoolOptionsFrom(config));
  HttpServer server(options, *bot->knowledge, bot->language->texts, bot->engine.get(), metrics);
  if (ocr)
    server.SetOcr(*ocr, ImageFetchOptionsFrom(config),
                  std::chrono::milliseconds(config.ocr.late_after_ms));
  if (std::string page = ReadWebFile("index.html"); !page.empty())
    server.SetWebPage(std::move(page));
  Outbox outbox(bot->storage->outbox(), bot->clock, std::cerr);
  server.SetOutbox(&outbox);
  StaffPush staff_push(outbox, bot->language->texts);
  GenericApiChannel api(config.api_token);
  api.UseTexts(bot->language->texts);
  server.AddChannel("/v1/messages", api);
  std::vector<std::string> enabled{"/v1/messages"};
  Platforms platforms;
  try {
    AddPlatforms(config, bot->language->texts, server, outbox, staff_push, platforms, enabled);
    AddLateSenders(config, outbox, platforms);
  } catch (const std::invalid_argument& e) {
    std::cerr << "serve: bad platform configuration: " << e.what() << '\n';
    throw CLI::RuntimeError(2);
  }

  std::unique_ptr<AdminApi> admin;
  if (!config.admin_token.empty()) {
    const Clock clock = bot->clock;
    admin = std::make_unique<AdminApi>(
        config.admin_token, *bot->support, *bot->knowledge, bot->language->texts, g.KbDir(),
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
  g_knowledge = bot->knowledge.get();
  std::signal(SIGHUP, OnHangup);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cerr << "beian-bot 正在监听 http://" << options.host << ':' << port << " （"
            << bot->kb->entries().size() << " 条知识库条目，数据库 " << ShownStorage(config.db)
            << "；对话接口：";
  for (size_t i = 0; i < enabled.size(); ++i) std::cerr << (i ? "、" : "") << enabled[i];
  std::cerr << "；Ctrl-C 退出）\n";
  const bool ok = server.Serve();
  ocr.reset();  // its last late answers still reach the engine and the outbox
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
