#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace beian {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything `serve` can be told (docs/config.sample.json documents each key).
// A platform whose secret is empty is switched off: its route answers 404.
struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string db = "beian-bot.db";
  std::string api_token;  // bearer token for POST /v1/messages; empty = open
  std::string hash_secret;
  std::string admin_token;  // bearer token for /admin/api; empty = the staff API is off  //
                            // keyed-hash secret; empty = $BEIAN_HASH_SECRET or beian-bot.secret
  std::size_t max_body_bytes = 64 * 1024;
  // Worker threads at most = connections served at once (httplib keeps a
  // thread on each keep-alive connection); started as connections need them,
  // ended after a minute idle. Env BEIAN_THREADS.
  std::size_t threads = 256;
  // Facing the internet (docs/security.md). Reverse proxies whose
  // X-Forwarded-For is believed (addresses or networks; env
  // BEIAN_TRUSTED_PROXIES, comma-separated); host names the browser-facing
  // routes answer to besides loopback ones (env BEIAN_ALLOWED_HOSTS); and the
  // operator's explicit word that a non-loopback listen address without
  // api_token is meant (env BEIAN_ALLOW_PUBLIC=1, or serve --allow-public).
  std::vector<std::string> trusted_proxies;
  std::vector<std::string> allowed_hosts;
  bool allow_public_without_token = false;
  // "limits" section: connections open at once from one client address (env
  // BEIAN_MAX_CONNECTIONS_PER_ADDRESS), the time a whole request may take to
  // arrive, and its header bytes.
  struct {
    std::size_t max_connections_per_address = 32;
    int request_deadline_seconds = 10;
    std::size_t max_header_bytes = 16 * 1024;
  } limits;
  std::string group_prefix = "#备案";
  bool group_errors = true;
  // Per platform ("api", "wechat", "dingtalk", "feishu", "wecom"): a section's
  // own "group_prefix" / "group_errors" replace the two above for it.
  struct GroupOverride {
    std::optional<std::string> prefix;
    std::optional<bool> errors;
  };
  std::map<std::string, GroupOverride> group_overrides;
  int session_idle_days = 30;
  int log_retention_days = 180;    // the message log is purged after this
  int handoff_timeout_hours = 24;  // after 转人工 the bot is quiet for that user this long at most
  // Flood limits: messages a minute on average and at once, per member and
  // per chat ("rate_limit" section; 0 = off; env BEIAN_USER_RATE and
  // BEIAN_CHAT_RATE set the per-minute figures).
  // Per client address too (HTTP requests, any route; loopback clients are
  // exempt; env BEIAN_ADDRESS_RATE).
  struct {
    double user_per_minute = 30, user_burst = 10;
    double chat_per_minute = 300, chat_burst = 60;
    double address_per_minute = 3000, address_burst = 300;
  } rate_limit;

  struct {
    std::string token, appid, aes_key;
    std::string app_secret;                 // for the customer-service API (mini program replies)
    std::string mode = "official_account";  // or "mini_program"
    std::string api_base = "https://api.weixin.qq.com";
  } wechat;
  struct {
    std::string app_secret;
  } dingtalk;
  struct {
    std::string verification_token, encrypt_key;
    std::string app_id, app_secret;  // for the reply API
    std::string api_base = "https://open.feishu.cn";
  } feishu;
  struct {
    std::string token, aes_key, corp_id;
  } wecom;
  struct {
    std::string secret;  // X-Signature HMAC secret; empty = /onebot is off
  } onebot;
};

// Reads a JSON config file (unknown keys are an error, so typos are caught).
// Throws ConfigError naming the file and the key.
ServerConfig LoadConfig(const std::filesystem::path& path);

// Environment variables override the file: BEIAN_LISTEN, BEIAN_DB,
// BEIAN_API_TOKEN, BEIAN_WECHAT_TOKEN, BEIAN_WECHAT_APPID, BEIAN_WECHAT_AES_KEY,
// BEIAN_WECHAT_API_BASE, BEIAN_DINGTALK_APP_SECRET,
// BEIAN_FEISHU_VERIFICATION_TOKEN, BEIAN_FEISHU_ENCRYPT_KEY,
// BEIAN_FEISHU_API_BASE, BEIAN_WECOM_TOKEN, BEIAN_WECOM_AES_KEY,
// BEIAN_WECOM_CORP_ID, BEIAN_GROUP_PREFIX; and BEIAN_WECHAT_APP_SECRET,
// BEIAN_WECHAT_MODE, BEIAN_FEISHU_APP_ID, BEIAN_FEISHU_APP_SECRET,
// BEIAN_ADMIN_TOKEN, BEIAN_ONEBOT_SECRET; the lists BEIAN_TRUSTED_PROXIES and
// BEIAN_ALLOWED_HOSTS (comma-separated) and BEIAN_ALLOW_PUBLIC ("1" / "0").
void ApplyEnvironment(ServerConfig& config);

}  // namespace beian
