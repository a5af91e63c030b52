// The environment variables that override the config file (config.h,
// EnvironmentTable and ApplyEnvironment).
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "bot/server/config.h"

namespace beian {
namespace {

[[noreturn]] void Expected(const std::string& what, const std::string& got) {
  throw ConfigKeyError("", "expected " + what + ", got " + got);
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// A whole number from `low` to `high`.
std::size_t EnvCount(const std::string& text, long low, long high) {
  char* end = nullptr;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || n < low || n > high) {
    Expected("a whole number from " + std::to_string(low) + " to " + std::to_string(high),
             "'" + text + "'");
  }
  return static_cast<std::size_t>(n);
}

double EnvRate(const std::string& text) {
  char* end = nullptr;
  const double d = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(d) || d < 0) Expected("a number, 0 or more", "'" + text + "'");
  return d;
}

bool EnvFlag(const std::string& text) {
  if (text != "0" && text != "1") Expected("1 or 0", "'" + text + "'");
  return text == "1";
}

}  // namespace

const std::vector<EnvVariable>& EnvironmentTable() {
  using C = ServerConfig;
  using T = const std::string&;
  static const std::vector<EnvVariable> table = {
      {"BEIAN_LISTEN", "listen", [](C& c, T v) { c.listen = v; }, false},
      {"BEIAN_DB", "db", [](C& c, T v) { c.db = v; }, false},
      {"BEIAN_DB_CONNECTIONS", "db_connections",
       [](C& c, T v) { c.db_connections = EnvCount(v, 1, 1000); }, true},
      {"BEIAN_API_TOKEN", "api_token", [](C& c, T v) { c.api_token = v; }, false},
      {"BEIAN_ADMIN_TOKEN", "admin_token", [](C& c, T v) { c.admin_token = v; }, false},
      {"BEIAN_GROUP_PREFIX", "group_prefix", [](C& c, T v) { c.group_prefix = v; }, false},
      {"BEIAN_TRUSTED_PROXIES", "trusted_proxies",
       [](C& c, T v) { c.trusted_proxies = SplitList(v); }, false},
      {"BEIAN_ALLOWED_HOSTS", "allowed_hosts", [](C& c, T v) { c.allowed_hosts = SplitList(v); },
       false},
      {"BEIAN_ALLOW_PUBLIC", "allow_public_without_token",
       [](C& c, T v) { c.allow_public_without_token = EnvFlag(v); }, true},
      {"BEIAN_THREADS", "threads", [](C& c, T v) { c.threads = EnvCount(v, 1, 4096); }, true},
      {"BEIAN_MAX_CONNECTIONS_PER_ADDRESS", "limits.max_connections_per_address",
       [](C& c, T v) { c.limits.max_connections_per_address = EnvCount(v, 1, 1'000'000); }, true},
      {"BEIAN_USER_RATE", "rate_limit.user_per_minute",
       [](C& c, T v) { c.rate_limit.user_per_minute = EnvRate(v); }, true},
      {"BEIAN_CHAT_RATE", "rate_limit.chat_per_minute",
       [](C& c, T v) { c.rate_limit.chat_per_minute = EnvRate(v); }, true},
      {"BEIAN_ADDRESS_RATE", "rate_limit.address_per_minute",
       [](C& c, T v) { c.rate_limit.address_per_minute = EnvRate(v); }, true},
      {"BEIAN_WECHAT_TOKEN", "wechat.token", [](C& c, T v) { c.wechat.token = v; }, false},
      {"BEIAN_WECHAT_APPID", "wechat.appid", [](C& c, T v) { c.wechat.appid = v; }, false},
      {"BEIAN_WECHAT_AES_KEY", "wechat.aes_key", [](C& c, T v) { c.wechat.aes_key = v; }, false},
      {"BEIAN_WECHAT_APP_SECRET", "wechat.app_secret", [](C& c, T v) { c.wechat.app_secret = v; },
       false},
      {"BEIAN_WECHAT_MODE", "wechat.mode", [](C& c, T v) { c.wechat.mode = v; }, false},
      {"BEIAN_WECHAT_API_BASE", "wechat.api_base", [](C& c, T v) { c.wechat.api_base = v; }, false},
      {"BEIAN_DINGTALK_APP_SECRET", "dingtalk.app_secret",
       [](C& c, T v) { c.dingtalk.app_secret = v; }, false},
      {"BEIAN_DINGTALK_APP_KEY", "dingtalk.app_key", [](C& c, T v) { c.dingtalk.app_key = v; },
       false},
      {"BEIAN_DINGTALK_API_BASE", "dingtalk.api_base", [](C& c, T v) { c.dingtalk.api_base = v; },
       false},
      {"BEIAN_FEISHU_VERIFICATION_TOKEN", "feishu.verification_token",
       [](C& c, T v) { c.feishu.verification_token = v; }, false},
      {"BEIAN_FEISHU_ENCRYPT_KEY", "feishu.encrypt_key",
       [](C& c, T v) { c.feishu.encrypt_key = v; }, false},
      {"BEIAN_FEISHU_APP_ID", "feishu.app_id", [](C& c, T v) { c.feishu.app_id = v; }, false},
      {"BEIAN_FEISHU_APP_SECRET", "feishu.app_secret", [](C& c, T v) { c.feishu.app_secret = v; },
       false},
      {"BEIAN_FEISHU_API_BASE", "feishu.api_base", [](C& c, T v) { c.feishu.api_base = v; }, false},
      {"BEIAN_OCR_IMAGE_HOSTS", "ocr.image_hosts",
       [](C& c, T v) { c.ocr.image_hosts = SplitList(v); }, false},
      {"BEIAN_ONEBOT_SECRET", "onebot.secret", [](C& c, T v) { c.onebot.secret = v; }, false},
      {"BEIAN_WECOM_TOKEN", "wecom.token", [](C& c, T v) { c.wecom.token = v; }, false},
      {"BEIAN_WECOM_AES_KEY", "wecom.aes_key", [](C& c, T v) { c.wecom.aes_key = v; }, false},
      {"BEIAN_WECOM_CORP_ID", "wecom.corp_id", [](C& c, T v) { c.wecom.corp_id = v; }, false},
      {"BEIAN_WECOM_SECRET", "wecom.secret", [](C& c, T v) { c.wecom.secret = v; }, false},
      {"BEIAN_WECOM_API_BASE", "wecom.api_base", [](C& c, T v) { c.wecom.api_base = v; }, false},
  };
  return table;
}

void ApplyEnvironment(ServerConfig& config) {
  for (const EnvVariable& variable : EnvironmentTable()) {
    const char* text = std::getenv(variable.name);
    if (text == nullptr || (variable.empty_is_unset && *text == '\0')) continue;
    try {
      variable.set(config, text);
    } catch (const ConfigKeyError& e) {
      throw ConfigError(std::string(variable.name) + ": " + e.problem());
    }
  }
}

}  // namespace beian
