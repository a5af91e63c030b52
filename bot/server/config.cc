#include "bot/server/config.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace beian {
namespace {

using nlohmann::json;

void Set(const json& j, const std::string& where, std::string& out) {
  if (!j.is_string()) throw ConfigError(where + " must be a string");
  out = j.get<std::string>();
}

template <typename F>
void Section(const json& j, const std::string& where, F f) {
  if (!j.is_object()) throw ConfigError(where + " must be an object");
  for (const auto& [key, value] : j.items()) f(key, value, where + "." + key);
}

void Unknown(const std::string& where) { throw ConfigError("unknown key " + where); }

void SetList(const json& j, const std::string& where, std::vector<std::string>& out) {
  if (!j.is_array()) throw ConfigError(where + " must be an array of strings");
  out.clear();
  for (const json& item : j) {
    if (!item.is_string()) throw ConfigError(where + " must be an array of strings");
    out.push_back(item.get<std::string>());
  }
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

std::size_t PositiveInteger(const json& v, const std::string& where) {
  if (!v.is_number_unsigned() || v.get<std::size_t>() == 0 || v.get<std::size_t>() > (1u << 30)) {
    throw ConfigError(where + " must be a positive integer");
  }
  return v.get<std::size_t>();
}

// "group_prefix" / "group_errors" inside a platform's section; true when `k` was one.
bool GroupKey(ServerConfig& c, const std::string& platform, const std::string& k, const json& x,
              const std::string& w) {
  if (k == "group_prefix") {
    std::string v;
    Set(x, w, v);
    c.group_overrides[platform].prefix = v;
    return true;
  }
  if (k == "group_errors") {
    if (!x.is_boolean()) throw ConfigError(w + " must be true or false");
    c.group_overrides[platform].errors = x.get<bool>();
    return true;
  }
  return false;
}

}  // namespace

ServerConfig LoadConfig(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read config file " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  const json j = json::parse(buf.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw ConfigError(path.string() + " is not a JSON object");
  ServerConfig c;
  const std::string file = path.filename().string();
  Section(j, file, [&](const std::string& key, const json& v, const std::string& where) {
    if (key.rfind("_", 0) == 0) return;  // "_comment" keys document the file
    if (key == "listen") {
      Set(v, where, c.listen);
    } else if (key == "db") {
      Set(v, where, c.db);
    } else if (key == "api_token") {
      Set(v, where, c.api_token);
    } else if (key == "admin_token") {
      Set(v, where, c.admin_token);
    } else if (key == "hash_secret") {
      Set(v, where, c.hash_secret);
    } else if (key == "group_prefix") {
      Set(v, where, c.group_prefix);
    } else if (key == "group_errors") {
      if (!v.is_boolean()) throw ConfigError(where + " must be true or false");
      c.group_errors = v.get<bool>();
    } else if (key == "max_body_bytes" || key == "session_idle_days" ||
               key == "log_retention_days" || key == "handoff_timeout_hours" || key == "threads") {
      if (!v.is_number_unsigned() || v.get<std::size_t>() == 0 ||
          v.get<std::size_t>() > (1u << 30)) {
        throw ConfigError(where + " must be a positive integer");
      }
      if (key == "max_body_bytes")
        c.max_body_bytes = v.get<std::size_t>();
      else if (key == "session_idle_days")
        c.session_idle_days = v.get<int>();
      else if (key == "handoff_timeout_hours")
        c.handoff_timeout_hours = v.get<int>();
      else if (key == "threads")
        c.threads = std::min<std::size_t>(v.get<std::size_t>(), 4096);
      else
        c.log_retention_days = v.get<int>();
    } else if (key == "trusted_proxies") {
      SetList(v, where, c.trusted_proxies);
    } else if (key == "allowed_hosts") {
      SetList(v, where, c.allowed_hosts);
    } else if (key == "allow_public_without_token") {
      if (!v.is_boolean()) throw ConfigError(where + " must be true or false");
      c.allow_public_without_token = v.get<bool>();
    } else if (key == "limits") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (k == "max_connections_per_address")
          c.limits.max_connections_per_address = PositiveInteger(x, w);
        else if (k == "request_deadline_seconds")
          c.limits.request_deadline_seconds =
              static_cast<int>(std::min<std::size_t>(PositiveInteger(x, w), 3600));
        else if (k == "max_header_bytes")
          c.limits.max_header_bytes = std::max<std::size_t>(PositiveInteger(x, w), 1024);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else if (key == "rate_limit") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        double* target = k == "user_per_minute"      ? &c.rate_limit.user_per_minute
                         : k == "user_burst"         ? &c.rate_limit.user_burst
                         : k == "chat_per_minute"    ? &c.rate_limit.chat_per_minute
                         : k == "chat_burst"         ? &c.rate_limit.chat_burst
                         : k == "address_per_minute" ? &c.rate_limit.address_per_minute
                         : k == "address_burst"      ? &c.rate_limit.address_burst
                                                     : nullptr;
        if (target == nullptr) {
          if (k.rfind("_", 0) != 0) Unknown(w);
          return;
        }
        if (!x.is_number() || x.get<double>() < 0)
          throw ConfigError(w + " must be a number, 0 or more");
        *target = x.get<double>();
      });
    } else if (key == "wechat") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (GroupKey(c, "wechat", k, x, w)) return;
        if (k == "token")
          Set(x, w, c.wechat.token);
        else if (k == "appid")
          Set(x, w, c.wechat.appid);
        else if (k == "aes_key")
          Set(x, w, c.wechat.aes_key);
        else if (k == "api_base")
          Set(x, w, c.wechat.api_base);
        else if (k == "app_secret")
          Set(x, w, c.wechat.app_secret);
        else if (k == "mode")
          Set(x, w, c.wechat.mode);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else if (key == "dingtalk") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (GroupKey(c, "dingtalk", k, x, w)) return;
        if (k == "app_secret")
          Set(x, w, c.dingtalk.app_secret);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else if (key == "feishu") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (GroupKey(c, "feishu", k, x, w)) return;
        if (k == "verification_token")
          Set(x, w, c.feishu.verification_token);
        else if (k == "encrypt_key")
          Set(x, w, c.feishu.encrypt_key);
        else if (k == "api_base")
          Set(x, w, c.feishu.api_base);
        else if (k == "app_id")
          Set(x, w, c.feishu.app_id);
        else if (k == "app_secret")
          Set(x, w, c.feishu.app_secret);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else if (key == "onebot") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (GroupKey(c, "onebot", k, x, w)) return;
        if (k == "secret")
          Set(x, w, c.onebot.secret);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else if (key == "api") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (!GroupKey(c, "api", k, x, w) && k.rfind("_", 0) != 0) Unknown(w);
      });
    } else if (key == "wecom") {
      Section(v, where, [&](const std::string& k, const json& x, const std::string& w) {
        if (GroupKey(c, "wecom", k, x, w)) return;
        if (k == "token")
          Set(x, w, c.wecom.token);
        else if (k == "aes_key")
          Set(x, w, c.wecom.aes_key);
        else if (k == "corp_id")
          Set(x, w, c.wecom.corp_id);
        else if (k.rfind("_", 0) != 0)
          Unknown(w);
      });
    } else {
      Unknown(where);
    }
  });
  return c;
}

void ApplyEnvironment(ServerConfig& c) {
  const std::pair<const char*, std::string*> vars[] = {
      {"BEIAN_LISTEN", &c.listen},
      {"BEIAN_DB", &c.db},
      {"BEIAN_API_TOKEN", &c.api_token},
      {"BEIAN_WECHAT_TOKEN", &c.wechat.token},
      {"BEIAN_WECHAT_APPID", &c.wechat.appid},
      {"BEIAN_WECHAT_AES_KEY", &c.wechat.aes_key},
      {"BEIAN_WECHAT_API_BASE", &c.wechat.api_base},
      {"BEIAN_DINGTALK_APP_SECRET", &c.dingtalk.app_secret},
      {"BEIAN_FEISHU_VERIFICATION_TOKEN", &c.feishu.verification_token},
      {"BEIAN_FEISHU_ENCRYPT_KEY", &c.feishu.encrypt_key},
      {"BEIAN_FEISHU_API_BASE", &c.feishu.api_base},
      {"BEIAN_WECOM_TOKEN", &c.wecom.token},
      {"BEIAN_WECOM_AES_KEY", &c.wecom.aes_key},
      {"BEIAN_WECOM_CORP_ID", &c.wecom.corp_id},
      {"BEIAN_GROUP_PREFIX", &c.group_prefix},
      {"BEIAN_WECHAT_APP_SECRET", &c.wechat.app_secret},
      {"BEIAN_WECHAT_MODE", &c.wechat.mode},
      {"BEIAN_FEISHU_APP_ID", &c.feishu.app_id},
      {"BEIAN_FEISHU_APP_SECRET", &c.feishu.app_secret},
      {"BEIAN_ADMIN_TOKEN", &c.admin_token},
      {"BEIAN_ONEBOT_SECRET", &c.onebot.secret},
  };
  for (const auto& [name, target] : vars) {
    if (const char* v = std::getenv(name); v != nullptr) *target = v;
  }
  if (const char* v = std::getenv("BEIAN_TRUSTED_PROXIES"); v != nullptr)
    c.trusted_proxies = SplitList(v);
  if (const char* v = std::getenv("BEIAN_ALLOWED_HOSTS"); v != nullptr)
    c.allowed_hosts = SplitList(v);
  if (const char* v = std::getenv("BEIAN_ALLOW_PUBLIC"); v != nullptr && *v != '\0') {
    const std::string flag = v;
    if (flag != "0" && flag != "1") throw ConfigError("BEIAN_ALLOW_PUBLIC must be 1 or 0");
    c.allow_public_without_token = flag == "1";
  }
  if (const char* v = std::getenv("BEIAN_MAX_CONNECTIONS_PER_ADDRESS");
      v != nullptr && *v != '\0') {
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    if (*end != '\0' || n < 1 || n > 1'000'000)
      throw ConfigError("BEIAN_MAX_CONNECTIONS_PER_ADDRESS must be a positive number");
    c.limits.max_connections_per_address = static_cast<std::size_t>(n);
  }
  if (const char* v = std::getenv("BEIAN_THREADS"); v != nullptr && *v != '\0') {
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    if (*end != '\0' || n < 1 || n > 4096)
      throw ConfigError("BEIAN_THREADS must be a number from 1 to 4096");
    c.threads = static_cast<std::size_t>(n);
  }
  const std::pair<const char*, double*> rates[] = {
      {"BEIAN_USER_RATE", &c.rate_limit.user_per_minute},
      {"BEIAN_CHAT_RATE", &c.rate_limit.chat_per_minute},
      {"BEIAN_ADDRESS_RATE", &c.rate_limit.address_per_minute}};
  for (const auto& [name, target] : rates) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') continue;
    char* end = nullptr;
    const double d = std::strtod(v, &end);
    if (*end != '\0' || d < 0)
      throw ConfigError(std::string(name) + " must be a number, 0 or more");
    *target = d;
  }
}

}  // namespace beian
