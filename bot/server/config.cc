#include "bot/server/config.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

namespace beian {

ConfigKeyError::ConfigKeyError(std::string path, std::string problem)
    : ConfigError(path.empty() ? problem : path + ": " + problem),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

ConfigKeyError ConfigKeyError::Under(const std::string& key) const {
  return ConfigKeyError(path_.empty() ? key : key + "." + path_, problem_);
}

namespace {

using nlohmann::json;

constexpr std::size_t kMaxCount = std::size_t{1} << 30;

std::string TypeOf(const json& v) {
  switch (v.type()) {
    case json::value_t::object:
      return "an object";
    case json::value_t::array:
      return "an array";
    case json::value_t::string:
      return "a string";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::null:
      return "null";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

[[noreturn]] void Expected(const std::string& what, const std::string& got) {
  throw ConfigKeyError("", "expected " + what + ", got " + got);
}

[[noreturn]] void WrongType(const std::string& what, const json& v) { Expected(what, TypeOf(v)); }

void Read(const json& v, std::string& out) {
  if (!v.is_string()) WrongType("a string", v);
  out = v.get<std::string>();
}

void Read(const json& v, bool& out) {
  if (!v.is_boolean()) WrongType("true or false", v);
  out = v.get<bool>();
}

void Read(const json& v, std::vector<std::string>& out) {
  if (!v.is_array()) WrongType("an array of strings", v);
  std::vector<std::string> items;
  for (const json& item : v) {
    if (!item.is_string()) Expected("an array of strings", "an array holding " + TypeOf(item));
    items.push_back(item.get<std::string>());
  }
  out = std::move(items);
}

template <typename T>
void Read(const json& v, std::optional<T>& out) {
  T value{};
  Read(v, value);
  out = std::move(value);
}

// One key of a section: how it is read into the struct S and written from it
// (a null written value = the key is left out).
template <typename S>
struct Field {
  const char* key;
  std::function<void(const json&, S&)> read;
  std::function<json(const S&)> write;
};

template <typename T>
json Written(const T& value) {
  return value;
}
template <typename T>
json Written(const std::optional<T>& value) {
  return value ? json(*value) : json();
}

// A string, flag, list or optional of them.
template <typename S, typename T>
Field<S> Plain(const char* key, T S::*m) {
  return {key, [m](const json& v, S& s) { Read(v, s.*m); },
          [m](const S& s) { return Written(s.*m); }};
}

// A positive integer up to 2^30, then brought into [floor, ceiling].
template <typename S, typename T>
Field<S> Count(const char* key, T S::*m, std::size_t floor = 1, std::size_t ceiling = kMaxCount) {
  return {key,
          [m, floor, ceiling](const json& v, S& s) {
            if (!v.is_number()) WrongType("a positive integer", v);
            const auto n = v.is_number_integer() ? v.get<std::int64_t>() : 0;
            if (n < 1 || n > static_cast<std::int64_t>(kMaxCount))
              Expected("a positive integer up to " + std::to_string(kMaxCount), v.dump());
            s.*m = static_cast<T>(std::clamp(static_cast<std::size_t>(n), floor, ceiling));
          },
          [m](const S& s) { return json(s.*m); }};
}

// A number, 0 or more.
template <typename S>
Field<S> Rate(const char* key, double S::*m) {
  return {key,
          [m](const json& v, S& s) {
            if (!v.is_number()) WrongType("a number", v);
            if (v.get<double>() < 0) Expected("a number, 0 or more", v.dump());
            s.*m = v.get<double>();
          },
          [m](const S& s) { return json(s.*m); }};
}

// A nested section with from_json / to_json of its own.
template <typename S, typename T>
Field<S> Section(const char* key, T S::*m) {
  return {key, [m](const json& v, S& s) { s.*m = v.get<T>(); },
          [m](const S& s) { return json(s.*m); }};
}

// A key bound to the object it is read into.
struct BoundKey {
  const char* key;
  std::function<void(const json&)> read;
};

template <typename S>
void Bind(const std::vector<Field<S>>& fields, S& s, std::vector<BoundKey>& out) {
  for (const Field<S>& f : fields)
    out.push_back({f.key, [&f, &s](const json& v) { f.read(v, s); }});
}

// Reads the object `j` key by key; errors get the key in their path.
void ReadKeys(const json& j, const std::vector<BoundKey>& keys) {
  if (!j.is_object()) WrongType("an object", j);
  for (const auto& [key, value] : j.items()) {
    if (key.rfind('_', 0) == 0) continue;  // "_comment" keys document the file
    const auto known =
        std::find_if(keys.begin(), keys.end(), [&key](const BoundKey& k) { return key == k.key; });
    if (known == keys.end()) {
      std::string names;
      for (const BoundKey& k : keys) names += (names.empty() ? "" : ", ") + std::string(k.key);
      throw ConfigKeyError(key, "unknown key; known keys: " + names);
    }
    try {
      known->read(value);
    } catch (const ConfigKeyError& e) {
      throw e.Under(key);
    }
  }
}

template <typename S>
void ReadFields(const json& j, const std::vector<Field<S>>& fields, S& s) {
  std::vector<BoundKey> keys;
  Bind(fields, s, keys);
  ReadKeys(j, keys);
}

template <typename S>
json WriteFields(const std::vector<Field<S>>& fields, const S& s) {
  json j = json::object();
  for (const Field<S>& f : fields) {
    if (json v = f.write(s); !v.is_null()) j[f.key] = std::move(v);
  }
  return j;
}

// The tables: every key of every section, in the order of docs/config.sample.json.
template <typename S>
const std::vector<Field<S>>& Fields();

const std::vector<Field<GroupOverride>>& GroupFields() {
  static const std::vector<Field<GroupOverride>> fields = {
      Plain("group_prefix", &GroupOverride::prefix),
      Plain("group_errors", &GroupOverride::errors),
  };
  return fields;
}

// A platform's section: the keys of P (none for "api") and the group keys,
// which go to group_overrides[key].
template <typename P = GroupOverride>
Field<ServerConfig> Platform(const char* key, P ServerConfig::*m = nullptr) {
  return {key,
          [key, m](const json& v, ServerConfig& c) {
            GroupOverride group;
            std::vector<BoundKey> keys;
            if constexpr (!std::is_same_v<P, GroupOverride>) Bind(Fields<P>(), c.*m, keys);
            Bind(GroupFields(), group, keys);
            ReadKeys(v, keys);
            if (group.prefix || group.errors) c.group_overrides[key] = group;
          },
          [key, m](const ServerConfig& c) {
            json j = json::object();
            if constexpr (!std::is_same_v<P, GroupOverride>) j = c.*m;
            if (const auto it = c.group_overrides.find(key); it != c.group_overrides.end())
              j.update(WriteFields(GroupFields(), it->second));
            return j;
          }};
}

Field<ServerConfig> Listen() {
  return {"listen",
          [](const json& v, ServerConfig& c) {
            Read(v, c.listen);
            if (!ParseListen(c.listen))
              Expected("HOST:PORT with a port from 0 to 65535", "'" + c.listen + "'");
          },
          [](const ServerConfig& c) { return json(c.listen); }};
}

template <>
const std::vector<Field<LimitsConfig>>& Fields() {
  using L = LimitsConfig;
  static const std::vector<Field<L>> fields = {
      Count("max_connections_per_address", &L::max_connections_per_address),
      Count("request_deadline_seconds", &L::request_deadline_seconds, 1, 3600),
      Count("max_header_bytes", &L::max_header_bytes, 1024),
  };
  return fields;
}

template <>
const std::vector<Field<OcrConfig>>& Fields() {
  using O = OcrConfig;
  static const std::vector<Field<O>> fields = {
      Count("workers", &O::workers, 0, 64),
      Count("max_waiting", &O::max_waiting, 0, 10'000),
      Count("max_per_sender", &O::max_per_sender, 1, 1000),
      Count("max_image_bytes", &O::max_image_bytes, 1024, 64 * 1024 * 1024),
      Count("max_image_pixels", &O::max_image_pixels, 1024, 100'000'000),
      Count("late_after_ms", &O::late_after_ms, 1, 60'000),
      Plain("tessdata", &O::tessdata),
      Plain("image_hosts", &O::image_hosts),
  };
  return fields;
}

template <>
const std::vector<Field<RateLimitConfig>>& Fields() {
  using R = RateLimitConfig;
  static const std::vector<Field<R>> fields = {
      Rate("user_per_minute", &R::user_per_minute),       Rate("user_burst", &R::user_burst),
      Rate("chat_per_minute", &R::chat_per_minute),       Rate("chat_burst", &R::chat_burst),
      Rate("address_per_minute", &R::address_per_minute), Rate("address_burst", &R::address_burst),
  };
  return fields;
}

template <>
const std::vector<Field<WechatConfig>>& Fields() {
  using W = WechatConfig;
  static const std::vector<Field<W>> fields = {
      Plain("token", &W::token),     Plain("appid", &W::appid),
      Plain("aes_key", &W::aes_key), Plain("app_secret", &W::app_secret),
      Plain("mode", &W::mode),       Plain("api_base", &W::api_base),
  };
  return fields;
}

template <>
const std::vector<Field<DingtalkConfig>>& Fields() {
  static const std::vector<Field<DingtalkConfig>> fields = {
      Plain("app_secret", &DingtalkConfig::app_secret),
      Plain("app_key", &DingtalkConfig::app_key),
      Plain("api_base", &DingtalkConfig::api_base),
      Plain("session_base", &DingtalkConfig::session_base),
  };
  return fields;
}

template <>
const std::vector<Field<FeishuConfig>>& Fields() {
  using F = FeishuConfig;
  static const std::vector<Field<F>> fields = {
      Plain("verification_token", &F::verification_token),
      Plain("encrypt_key", &F::encrypt_key),
      Plain("app_id", &F::app_id),
      Plain("app_secret", &F::app_secret),
      Plain("api_base", &F::api_base),
  };
  return fields;
}

template <>
const std::vector<Field<WecomConfig>>& Fields() {
  using W = WecomConfig;
  static const std::vector<Field<W>> fields = {
      Plain("token", &W::token),   Plain("aes_key", &W::aes_key),   Plain("corp_id", &W::corp_id),
      Plain("secret", &W::secret), Plain("api_base", &W::api_base),
  };
  return fields;
}

template <>
const std::vector<Field<OnebotConfig>>& Fields() {
  static const std::vector<Field<OnebotConfig>> fields = {
      Plain("secret", &OnebotConfig::secret),
      Plain("api_base", &OnebotConfig::api_base),
      Plain("access_token", &OnebotConfig::access_token),
  };
  return fields;
}

template <>
const std::vector<Field<ServerConfig>>& Fields() {
  using C = ServerConfig;
  static const std::vector<Field<C>> fields = {
      Listen(),
      Plain("db", &C::db),
      Count("db_connections", &C::db_connections, 1, 1000),
      Plain("api_token", &C::api_token),
      Plain("hash_secret", &C::hash_secret),
      Plain("admin_token", &C::admin_token),
      Count("max_body_bytes", &C::max_body_bytes),
      Count("threads", &C::threads, 1, 4096),
      Plain("trusted_proxies", &C::trusted_proxies),
      Plain("allowed_hosts", &C::allowed_hosts),
      Plain("allow_public_without_token", &C::allow_public_without_token),
      Section("limits", &C::limits),
      Section("ocr", &C::ocr),
      Count("session_idle_days", &C::session_idle_days),
      Count("log_retention_days", &C::log_retention_days),
      Count("handoff_timeout_hours", &C::handoff_timeout_hours),
      Section("rate_limit", &C::rate_limit),
      Plain("group_prefix", &C::group_prefix),
      Plain("group_errors", &C::group_errors),
      Platform("api"),
      Platform("wechat", &C::wechat),
      Platform("dingtalk", &C::dingtalk),
      Platform("feishu", &C::feishu),
      Platform("onebot", &C::onebot),
      Platform("wecom", &C::wecom),
  };
  return fields;
}

}  // namespace

#define BEIAN_CONFIG_JSON(T)                                             \
  void from_json(const json& j, T& c) { ReadFields(j, Fields<T>(), c); } \
  void to_json(json& j, const T& c) { j = WriteFields(Fields<T>(), c); }
BEIAN_CONFIG_JSON(LimitsConfig)
BEIAN_CONFIG_JSON(OcrConfig)
BEIAN_CONFIG_JSON(RateLimitConfig)
BEIAN_CONFIG_JSON(WechatConfig)
BEIAN_CONFIG_JSON(DingtalkConfig)
BEIAN_CONFIG_JSON(FeishuConfig)
BEIAN_CONFIG_JSON(WecomConfig)
BEIAN_CONFIG_JSON(OnebotConfig)
BEIAN_CONFIG_JSON(ServerConfig)
#undef BEIAN_CONFIG_JSON

ServerConfig LoadConfig(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError("cannot read config file " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  json j;
  try {
    j = json::parse(buf.str());
  } catch (const json::parse_error& e) {
    throw ConfigError(path.string() + " is not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw ConfigError(path.string() + " is not a JSON object");
  try {
    return j.get<ServerConfig>();
  } catch (const ConfigKeyError& e) {
    throw ConfigError(e.Under(path.filename().string()).what());
  }
}

std::optional<ListenAddress> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  ListenAddress out;
  out.host = colon == std::string::npos ? "" : listen.substr(0, colon);
  const std::string port = colon == std::string::npos ? listen : listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  out.port = std::stoi(port);
  if (out.port > 65535) return std::nullopt;
  return out;
}

}  // namespace beian
