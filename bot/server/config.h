#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace beian {

// A configuration that cannot be used. The message names the place first:
// the file and the key ("config.json.limits.threads: …") or the environment
// variable ("BEIAN_THREADS: …").
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What from_json throws: the key path inside the JSON it read ("wechat.tokn",
// "" for the value itself) and what is wrong there. LoadConfig turns it into
// a ConfigError naming the file.
class ConfigKeyError : public ConfigError {
 public:
  ConfigKeyError(std::string path, std::string problem);
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }
  // The same error one level up, under `key`.
  ConfigKeyError Under(const std::string& key) const;

 private:
  std::string path_, problem_;
};

// Defaults the HTTP server (ServerOptions, bot/server/http_server.h) takes too.
inline constexpr const char* kDefaultHost = "127.0.0.1";
inline constexpr int kDefaultPort = 8080;
inline constexpr std::size_t kDefaultMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kDefaultThreads = 256;

// "limits": connections open at once from one client address (env
// BEIAN_MAX_CONNECTIONS_PER_ADDRESS), the seconds a whole request may take to
// arrive (at most 3,600), and its header bytes (at least 1,024).
struct LimitsConfig {
  std::size_t max_connections_per_address = 32;
  int request_deadline_seconds = 10;
  std::size_t max_header_bytes = 16 * 1024;
  bool operator==(const LimitsConfig&) const = default;
};

// "ocr": reading screenshots (issue #25). Worker threads (each holds its own
// Tesseract engine, about 40 MB), images queued beyond them, images one
// sender may have queued or being read, the largest image accepted (bytes
// and pixels), where the chi_sim model is (empty: Tesseract's default) and
// the hosts pictures may be downloaded from (OneBot's image URLs, the generic
// API's image_url: "host", "host:port" or "*.suffix").
// workers 0 turns screenshots off: they are answered "text only".
struct OcrConfig {
  std::size_t workers = 1;
  std::size_t max_waiting = 8;
  std::size_t max_per_sender = 2;
  std::size_t max_image_bytes = 5 * 1024 * 1024;
  std::size_t max_image_pixels = 20'000'000;
  // Where the platform can take a late answer (WeChat with app_secret, the
  // mini program, Feishu), a screenshot not read within this is acknowledged
  // ("正在识别") and answered through the outbox: platforms wait 5 s.
  std::size_t late_after_ms = 3000;
  std::string tessdata;
  // Tencent's picture hosts: WeChat's and WeCom's PicUrl (mmbiz.qpic.cn,
  // wework.qpic.cn), QQ's (gchat.qpic.cn, multimedia.nt.qq.com.cn).
  std::vector<std::string> image_hosts = {"*.qpic.cn", "multimedia.nt.qq.com.cn"};
  bool operator==(const OcrConfig&) const = default;
};

// "rate_limit": flood limits, messages a minute on average and at once, per
// member and per chat (0 = off; env BEIAN_USER_RATE and BEIAN_CHAT_RATE set
// the per-minute figures); and HTTP requests per client address (any route;
// loopback clients are exempt; env BEIAN_ADDRESS_RATE).
struct RateLimitConfig {
  double user_per_minute = 30, user_burst = 10;
  double chat_per_minute = 300, chat_burst = 60;
  double address_per_minute = 3000, address_burst = 300;
  bool operator==(const RateLimitConfig&) const = default;
};

// A platform section's own "group_prefix" / "group_errors", replacing the
// top-level ones for that platform; unset = the top-level one.
struct GroupOverride {
  std::optional<std::string> prefix;
  std::optional<bool> errors;
  bool operator==(const GroupOverride&) const = default;
};

struct WechatConfig {
  std::string token, appid, aes_key;
  std::string app_secret;                 // for the customer-service API (mini program replies)
  std::string mode = "official_account";  // or "mini_program"
  std::string api_base = "https://api.weixin.qq.com";
  bool operator==(const WechatConfig&) const = default;
};

struct DingtalkConfig {
  std::string app_secret;
  // For pictures (the robot's file download API); empty app_key: pictures
  // are answered "text only".
  std::string app_key;
  std::string api_base = "https://api.dingtalk.com";
  // Where a message's sessionWebhook may point (late answers to slow
  // screenshots are posted there); empty: no late answers, the bot waits.
  std::string session_base = "https://oapi.dingtalk.com";
  bool operator==(const DingtalkConfig&) const = default;
};

struct FeishuConfig {
  std::string verification_token, encrypt_key;
  std::string app_id, app_secret;  // for the reply API
  std::string api_base = "https://open.feishu.cn";
  bool operator==(const FeishuConfig&) const = default;
};

struct WecomConfig {
  std::string token, aes_key, corp_id;
  // The self-built app's Secret, for pictures by MediaId (the media API);
  // empty: only their PicUrl is tried.
  std::string secret;
  std::string api_base = "https://qyapi.weixin.qq.com";
  bool operator==(const WecomConfig&) const = default;
};

struct OnebotConfig {
  std::string secret;  // X-Signature HMAC secret; empty = /onebot is off
  // The implementation's HTTP API (for late answers to slow screenshots,
  // POST {api_base}/send_msg) and its access token; empty: no late answers.
  std::string api_base, access_token;
  bool operator==(const OnebotConfig&) const = default;
};

// Everything `serve` can be told (docs/config.sample.json documents each
// key), with the defaults of serve, chat and bench engine: ServerOptions
// takes its defaults from here, and ServerOptionsFrom / EngineOptionsFrom
// (bot/cli/bot_assembly.h) fill the server's and the engine's options from a
// ServerConfig. A platform whose secret is empty is switched off: its route
// answers 404.
struct ServerConfig {
  std::string listen = std::string(kDefaultHost) + ':' + std::to_string(kDefaultPort);
  std::string db = "beian-bot.db";  // a SQLite file, or postgresql://… (env BEIAN_DB)
  // PostgreSQL: connections this instance opens at most (a turn holds one
  // from its first read to its commit). Env BEIAN_DB_CONNECTIONS.
  std::size_t db_connections = 32;
  std::string api_token;    // bearer token for POST /v1/messages; empty = open
  std::string hash_secret;  // keyed-hash secret; empty = $BEIAN_HASH_SECRET or beian-bot.secret
  std::string admin_token;  // bearer token for /admin/api; empty = the staff API is off
  std::size_t max_body_bytes = kDefaultMaxBodyBytes;
  // Worker threads at most = connections served at once (httplib keeps a
  // thread on each keep-alive connection); started as connections need them,
  // ended after a minute idle. At most 4,096. Env BEIAN_THREADS.
  std::size_t threads = kDefaultThreads;
  // Facing the internet (docs/security.md). Reverse proxies whose
  // X-Forwarded-For is believed (addresses or networks; env
  // BEIAN_TRUSTED_PROXIES, comma-separated); host names the browser-facing
  // routes answer to besides loopback ones (env BEIAN_ALLOWED_HOSTS); and the
  // operator's explicit word that a non-loopback listen address without
  // api_token is meant (env BEIAN_ALLOW_PUBLIC=1, or serve --allow-public).
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> allowed_hosts;
  bool allow_public_without_token = false;
  LimitsConfig limits;
  OcrConfig ocr;
  std::string group_prefix = "#备案";
  bool group_errors = true;
  // By platform ("api", "wechat", "dingtalk", "feishu", "onebot", "wecom"):
  // in the JSON, the group keys of that platform's section.
  std::map<std::string, GroupOverride> group_overrides;
  int session_idle_days = 30;
  int log_retention_days = 180;    // the message log is purged after this
  int handoff_timeout_hours = 24;  // after 转人工 the bot is quiet for that user this long at most
  RateLimitConfig rate_limit;
  WechatConfig wechat;
  DingtalkConfig dingtalk;
  FeishuConfig feishu;
  WecomConfig wecom;
  OnebotConfig onebot;
  bool operator==(const ServerConfig&) const = default;
};

// Strict JSON reading and writing of each section: keys starting with "_"
// are comments; any other unknown key, a value of the wrong type or out of
// range throws ConfigKeyError with its path. A value past a soft ceiling
// (threads, request_deadline_seconds, max_header_bytes) is brought to it.
void from_json(const nlohmann::json& j, LimitsConfig& c);
void to_json(nlohmann::json& j, const LimitsConfig& c);
void from_json(const nlohmann::json& j, OcrConfig& c);
void to_json(nlohmann::json& j, const OcrConfig& c);
void from_json(const nlohmann::json& j, RateLimitConfig& c);
void to_json(nlohmann::json& j, const RateLimitConfig& c);
void from_json(const nlohmann::json& j, WechatConfig& c);
void to_json(nlohmann::json& j, const WechatConfig& c);
void from_json(const nlohmann::json& j, DingtalkConfig& c);
void to_json(nlohmann::json& j, const DingtalkConfig& c);
void from_json(const nlohmann::json& j, FeishuConfig& c);
void to_json(nlohmann::json& j, const FeishuConfig& c);
void from_json(const nlohmann::json& j, WecomConfig& c);
void to_json(nlohmann::json& j, const WecomConfig& c);
void from_json(const nlohmann::json& j, OnebotConfig& c);
void to_json(nlohmann::json& j, const OnebotConfig& c);
// The whole file; starts from the defaults, so a key left out keeps its default.
void from_json(const nlohmann::json& j, ServerConfig& c);
void to_json(nlohmann::json& j, const ServerConfig& c);

// Reads a JSON config file. Throws ConfigError naming the file and the key
// path ("c.json.wechat.tokn: unknown key; known keys: token, …").
ServerConfig LoadConfig(const std::filesystem::path& path);

// One environment variable that overrides a config key.
struct EnvVariable {
  const char* name;  // "BEIAN_THREADS"
  const char* key;   // the key path it overrides ("threads")
  // Sets the field from the variable's text; throws ConfigKeyError (path "")
  // when the text is not a value of the field.
  void (*set)(ServerConfig& config, const std::string& text);
  // An empty variable counts as unset (numbers and flags); a text field or
  // list takes the empty value.
  bool empty_is_unset;
};

// Every variable ApplyEnvironment reads, in one table.
const std::vector<EnvVariable>& EnvironmentTable();

// Environment variables override the file (EnvironmentTable): BEIAN_LISTEN,
// BEIAN_DB, BEIAN_API_TOKEN, BEIAN_ADMIN_TOKEN, BEIAN_GROUP_PREFIX, the
// platforms' secrets (BEIAN_WECHAT_*, BEIAN_DINGTALK_*,
// BEIAN_FEISHU_*, BEIAN_WECOM_*, BEIAN_ONEBOT_SECRET), the lists
// BEIAN_TRUSTED_PROXIES and BEIAN_ALLOWED_HOSTS (comma-separated), and
// BEIAN_ALLOW_PUBLIC ("1" / "0"), BEIAN_THREADS,
// BEIAN_MAX_CONNECTIONS_PER_ADDRESS, BEIAN_USER_RATE, BEIAN_CHAT_RATE,
// BEIAN_ADDRESS_RATE. Throws ConfigError naming the variable when its value
// is bad ("BEIAN_USER_RATE: expected a number, 0 or more, got 'abc'").
void ApplyEnvironment(ServerConfig& config);

// "HOST:PORT", ":PORT" or "PORT" (port 0 to 65535); host is empty when not
// given. nullopt when malformed.
struct ListenAddress {
  std::string host;
  int port = 0;
};
std::optional<ListenAddress> ParseListen(const std::string& listen);

}  // namespace beian
