// The typed configuration: strict reading with the key path in every error,
// the environment table, the JSON round trip, the defaults that ServerOptions
// and EngineOptions take from ServerConfig, and `serve` refusing a bad file.
#include "bot/server/config.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "bot/cli/bot_assembly.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;

std::filesystem::path SamplePath() {
  return std::filesystem::path(BEIAN_TEST_FORM).parent_path().parent_path().parent_path() / "docs" /
         "config.sample.json";
}

// The message LoadConfig throws for a file holding `text` (empty when it loads).
std::string LoadError(const std::string& text) {
  test::TempDir dir;
  test::WriteFile(dir.path() / "config.json", text);
  try {
    (void)LoadConfig(dir.path() / "config.json");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

json::json_pointer Pointer(const std::string& key_path) {
  std::string pointer = "/" + key_path;
  std::replace(pointer.begin(), pointer.end(), '.', '/');
  return json::json_pointer(pointer);
}

// Sets environment variables for one scope, unsetting them after.
class Env {
 public:
  Env& Set(const std::string& name, const std::string& value) {
    ::setenv(name.c_str(), value.c_str(), 1);
    names_.insert(name);
    return *this;
  }
  ~Env() {
    for (const std::string& name : names_) ::unsetenv(name.c_str());
  }

 private:
  std::set<std::string> names_;
};

TEST_CASE("config: the sample loads and documents every key") {
  const ServerConfig c = LoadConfig(SamplePath());
  CHECK(c.listen == "127.0.0.1:8080");
  CHECK(c.trusted_proxies == std::vector<std::string>{"127.0.0.1", "::1"});
  CHECK(c.limits == LimitsConfig{});
  CHECK(c.rate_limit == RateLimitConfig{});
  CHECK(c.wechat == WechatConfig{});
  CHECK(c.group_overrides.at("api") == GroupOverride{"#备案", true});
  // Apart from the lists and the api section it sets, the sample is the defaults.
  ServerConfig defaults;
  defaults.trusted_proxies = c.trusted_proxies;
  defaults.group_overrides = c.group_overrides;
  CHECK(c == defaults);
  // Every key the defaults write appears in the sample.
  const json sample = json::parse(std::ifstream(SamplePath()));
  const json written = json(ServerConfig{}).flatten();
  for (const auto& [pointer, value] : written.items()) {
    CAPTURE(pointer);
    if (pointer.rfind("/trusted_proxies", 0) == 0 || pointer.rfind("/allowed_hosts", 0) == 0)
      continue;
    CHECK(sample.contains(json::json_pointer(pointer)));
  }
}

TEST_CASE("config: an unknown key is named by its path, with the keys that are known") {
  CHECK(LoadError(R"({"tokne": "x"})") ==
        "config.json.tokne: unknown key; known keys: listen, db, db_connections, api_token, "
        "hash_secret, "
        "admin_token, max_body_bytes, threads, trusted_proxies, allowed_hosts, "
        "allow_public_without_token, limits, ocr, session_idle_days, log_retention_days, "
        "handoff_timeout_hours, rate_limit, group_prefix, group_errors, api, wechat, dingtalk, "
        "feishu, onebot, wecom");
  CHECK(LoadError(R"({"wechat": {"token": "t", "tokne": "x"}})") ==
        "config.json.wechat.tokne: unknown key; known keys: token, appid, aes_key, app_secret, "
        "mode, api_base, group_prefix, group_errors");
  CHECK(LoadError(R"({"limits": {"max_conections_per_address": 3}})")
            .starts_with("config.json.limits.max_conections_per_address: unknown key; known keys: "
                         "max_connections_per_address, request_deadline_seconds"));
  CHECK(LoadError(R"({"api": {"token": "x"}})") ==
        "config.json.api.token: unknown key; known keys: group_prefix, group_errors");
  // Keys starting with _ are comments, at any level.
  CHECK(LoadError(R"({"_note": 1, "rate_limit": {"_why": [], "user_burst": 5}})").empty());
}

TEST_CASE("config: a wrong type or a value out of range is named by its path") {
  CHECK(LoadError(R"({"limits": {"request_deadline_seconds": "10"}})") ==
        "config.json.limits.request_deadline_seconds: expected a positive integer, got a string");
  CHECK(LoadError(R"({"limits": {"max_connections_per_address": -1}})") ==
        "config.json.limits.max_connections_per_address: expected a positive integer up to "
        "1073741824, got -1");
  CHECK(LoadError(R"({"threads": 0})").starts_with("config.json.threads: expected a positive"));
  CHECK(LoadError(R"({"session_idle_days": 1.5})")
            .starts_with("config.json.session_idle_days: expected a positive integer"));
  CHECK(LoadError(R"({"rate_limit": {"chat_burst": -2}})") ==
        "config.json.rate_limit.chat_burst: expected a number, 0 or more, got -2");
  CHECK(LoadError(R"({"group_errors": "yes"})") ==
        "config.json.group_errors: expected true or false, got a string");
  CHECK(LoadError(R"({"feishu": {"group_errors": 1}})") ==
        "config.json.feishu.group_errors: expected true or false, got a number");
  CHECK(LoadError(R"({"trusted_proxies": ["127.0.0.1", 8]})") ==
        "config.json.trusted_proxies: expected an array of strings, got an array holding a "
        "number");
  CHECK(LoadError(R"({"wechat": "tok"})") ==
        "config.json.wechat: expected an object, got a string");
  CHECK(LoadError(R"({"listen": "127.0.0.1:70000"})") ==
        "config.json.listen: expected HOST:PORT with a port from 0 to 65535, got "
        "'127.0.0.1:70000'");
  CHECK(LoadError("[1]").ends_with("config.json is not a JSON object"));
  CHECK(LoadError("{\"db\": ").find("is not valid JSON") != std::string::npos);
  // Past a soft ceiling a value is brought to it, as before.
  test::TempDir dir;
  test::WriteFile(dir.path() / "c.json",
                  R"({"threads": 10000, "limits": {"request_deadline_seconds": 99999,
                      "max_header_bytes": 10}})");
  const ServerConfig c = LoadConfig(dir.path() / "c.json");
  CHECK(c.threads == 4096);
  CHECK(c.limits.request_deadline_seconds == 3600);
  CHECK(c.limits.max_header_bytes == 1024);
}

TEST_CASE("config: to_json and from_json round-trip, group overrides included") {
  ServerConfig c;
  c.listen = ":9000";
  c.threads = 12;
  c.allowed_hosts = {"bot.example.com"};
  c.allow_public_without_token = true;
  c.limits.max_header_bytes = 4096;
  c.rate_limit.user_per_minute = 2.5;
  c.group_errors = false;
  c.group_overrides["api"].prefix = "#bot";
  c.group_overrides["feishu"].errors = true;
  c.wechat.mode = "mini_program";
  c.wecom.corp_id = "corp";
  const json j = c;
  CHECK(j.at("api") == json{{"group_prefix", "#bot"}});
  CHECK(j.at("feishu").at("group_errors") == true);
  CHECK(!j.at("feishu").contains("group_prefix"));
  CHECK(j.get<ServerConfig>() == c);
  const ServerConfig sample = LoadConfig(SamplePath());
  CHECK(json(sample).get<ServerConfig>() == sample);
  CHECK(json(ServerConfig{}).get<ServerConfig>() == ServerConfig{});
}

TEST_CASE("config: each environment variable overrides the key its table row names") {
  std::set<std::string> names;
  const json defaults = ServerConfig{};
  for (const EnvVariable& variable : EnvironmentTable()) {
    CAPTURE(variable.name);
    CHECK(names.insert(variable.name).second);
    REQUIRE(defaults.contains(Pointer(variable.key)));
    const json& before = defaults.at(Pointer(variable.key));
    std::string text = "from-env";
    json expected = text;
    if (before.is_array()) {
      text = "10.0.0.1, ,10.0.0.2";
      expected = {"10.0.0.1", "10.0.0.2"};
    } else if (before.is_boolean()) {
      text = "1";
      expected = true;
    } else if (before.is_number()) {
      text = "7";
      expected = 7;
    }
    ServerConfig c;
    {
      Env env;
      env.Set(variable.name, text);
      ApplyEnvironment(c);
    }
    CHECK(json(c).at(Pointer(variable.key)) == expected);
    CHECK(variable.empty_is_unset == (before.is_number() || before.is_boolean()));
  }
  CHECK(names.size() == 35);
  // Empty: a text takes it, a number is left alone.
  ServerConfig c;
  c.api_token = "file";
  {
    Env env;
    env.Set("BEIAN_API_TOKEN", "").Set("BEIAN_THREADS", "");
    ApplyEnvironment(c);
  }
  CHECK(c.api_token.empty());
  CHECK(c.threads == kDefaultThreads);
}

TEST_CASE("config: a bad environment value is named by its variable") {
  auto error = [](const std::string& name, const std::string& value) {
    Env env;
    env.Set(name, value);
    ServerConfig c;
    try {
      ApplyEnvironment(c);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(error("BEIAN_USER_RATE", "abc") ==
        "BEIAN_USER_RATE: expected a number, 0 or more, got 'abc'");
  CHECK(error("BEIAN_ADDRESS_RATE", "-1") ==
        "BEIAN_ADDRESS_RATE: expected a number, 0 or more, got '-1'");
  CHECK(error("BEIAN_THREADS", "5000") ==
        "BEIAN_THREADS: expected a whole number from 1 to 4096, got '5000'");
  CHECK(error("BEIAN_MAX_CONNECTIONS_PER_ADDRESS", "0") ==
        "BEIAN_MAX_CONNECTIONS_PER_ADDRESS: expected a whole number from 1 to 1000000, got '0'");
  CHECK(error("BEIAN_ALLOW_PUBLIC", "yes") == "BEIAN_ALLOW_PUBLIC: expected 1 or 0, got 'yes'");
  CHECK(error("BEIAN_USER_RATE", "0").empty());
}

TEST_CASE("config: ServerOptions and EngineOptions take ServerConfig's defaults") {
  const ServerConfig config;
  const ServerOptions from = ServerOptionsFrom(config);
  const ServerOptions own;
  CHECK(from.host == own.host);
  CHECK(from.port == own.port);
  CHECK(from.max_body_bytes == own.max_body_bytes);
  CHECK(from.max_header_bytes == own.max_header_bytes);
  CHECK(from.request_deadline_seconds == own.request_deadline_seconds);
  CHECK(from.threads == own.threads);  // was 64 in ServerOptions, 256 in the config
  CHECK(from.max_connections_per_address == own.max_connections_per_address);
  CHECK(from.requests_per_minute_per_address == own.requests_per_minute_per_address);
  CHECK(from.request_burst_per_address == own.request_burst_per_address);

  const EngineOptions engine = EngineOptionsFrom(config);
  const EngineOptions engine_own;
  CHECK(engine.session_idle == engine_own.session_idle);
  CHECK(engine.group_prefix == engine_own.group_prefix);
  CHECK(engine.group_errors == engine_own.group_errors);
  CHECK(engine.handoff_timeout == engine_own.handoff_timeout);
  CHECK(engine.user_burst == engine_own.user_burst);
  CHECK(engine.chat_burst == engine_own.chat_burst);
  CHECK(engine.dedup_window == engine_own.dedup_window);
  // serve's flood limits (EngineOptions' own per-minute default is 0 = off).
  CHECK(engine.user_per_minute == 30);
  CHECK(engine.chat_per_minute == 300);
  CHECK(engine.group_rules.empty());
}

TEST_CASE("config: ServerOptionsFrom and EngineOptionsFrom map each key") {
  ServerConfig c;
  c.listen = ":9000";
  c.group_prefix = "#bot";
  c.group_overrides["dingtalk"].errors = false;
  c.session_idle_days = 2;
  c.handoff_timeout_hours = 3;
  c.limits.request_deadline_seconds = 4;
  const ServerOptions options = ServerOptionsFrom(c);
  CHECK(options.host == kDefaultHost);
  CHECK(options.port == 9000);
  CHECK(options.request_deadline_seconds == 4);
  const EngineOptions engine = EngineOptionsFrom(c);
  CHECK(engine.session_idle == std::chrono::hours(48));
  CHECK(engine.handoff_timeout == std::chrono::hours(3));
  CHECK(engine.group_rules.at("dingtalk").prefix == "#bot");
  CHECK(!engine.group_rules.at("dingtalk").errors);
  c.listen = "host:port";
  CHECK_THROWS_WITH_AS(ServerOptionsFrom(c), "listen must be HOST:PORT, got 'host:port'",
                       ConfigError);
  c.listen = "127.0.0.1:0";
  c.trusted_proxies = {"not-an-address"};
  CHECK_THROWS_AS(ServerOptionsFrom(c), ConfigError);
}

TEST_CASE("config: serve refuses a bad config file with the error and status 2") {
  test::TempDir dir;
  test::WriteFile(dir.path() / "bad.json", R"({"wechat": {"tokne": "x"}})");
  const auto r =
      test::RunBot("serve --listen 127.0.0.1:0 --db '" + (dir.path() / "bot.db").string() +
                   "' --config '" + (dir.path() / "bad.json").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("serve: bad.json.wechat.tokne: unknown key; known keys: token, appid") !=
        std::string::npos);
  CHECK(!std::filesystem::exists(dir.path() / "bot.db"));  // nothing was opened
  Env env;
  env.Set("BEIAN_USER_RATE", "abc");
  const auto bad_env =
      test::RunBot("serve --listen 127.0.0.1:0 --db '" + (dir.path() / "bot.db").string() +
                   "' --config '" + SamplePath().string() + "'");
  CHECK(bad_env.exit_code == 2);
  CHECK(bad_env.err == "serve: BEIAN_USER_RATE: expected a number, 0 or more, got 'abc'\n");
}

}  // namespace
}  // namespace beian
