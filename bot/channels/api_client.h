#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace beian {

// What the clients of platform APIs (the outbox's senders, the picture
// fetchers) share.

// A client for `base` ("https://api.example.com"): 5 s to connect,
// `read_seconds` per read, redirects not followed.
inline httplib::Client ApiClient(const std::string& base, int read_seconds) {
  httplib::Client c(base);
  c.set_connection_timeout(5, 0);
  c.set_read_timeout(read_seconds, 0);
  c.set_follow_location(false);
  return c;
}

// The answer's body as JSON; discarded (is_discarded) when there is no
// answer or it is not JSON.
inline nlohmann::json JsonBody(const httplib::Result& r) {
  return r ? nlohmann::json::parse(r->body, nullptr, false) : nlohmann::json();
}

// Feishu's tenant_access_token for an app (POST {base}/open-apis/auth/v3/
// tenant_access_token/internal) and its lifetime; "" with `error` set when
// it is refused.
inline std::string FeishuTenantToken(const std::string& base, const std::string& app_id,
                                     const std::string& secret, std::chrono::seconds& lifetime,
                                     std::string& error) {
  auto client = ApiClient(base, 10);
  const auto r = client.Post("/open-apis/auth/v3/tenant_access_token/internal",
                             nlohmann::json{{"app_id", app_id}, {"app_secret", secret}}.dump(),
                             "application/json");
  const nlohmann::json j = JsonBody(r);
  if (!r || r->status != 200 || !j.is_object() || j.value("code", -1) != 0 ||
      !j.contains("tenant_access_token") || !j["tenant_access_token"].is_string()) {
    error = "tenant access token: " +
            (r ? "HTTP " + std::to_string(r->status) + " " + r->body.substr(0, 120)
               : "no response (" + httplib::to_string(r.error()) + ")");
    return "";
  }
  lifetime = std::chrono::seconds(j.value("expire", 7200));
  return j["tenant_access_token"].get<std::string>();
}

// An access token shared by threads, fetched again when it expires (five
// minutes before the lifetime the platform gave, at least 60 s after it
// came) or when the caller says the platform refused it.
class CachedToken {
 public:
  // `fetch` returns the token and its lifetime, or "" and sets the error.
  using Fetcher = std::function<std::string(std::chrono::seconds& lifetime, std::string& error)>;
  std::string Get(bool refresh, const Fetcher& fetch, std::string& error) {
    std::lock_guard lock(mutex_);
    if (!refresh && !token_.empty() && std::chrono::steady_clock::now() < expires_) return token_;
    std::chrono::seconds lifetime{0};
    std::string token = fetch(lifetime, error);
    if (token.empty()) return "";
    token_ = std::move(token);
    expires_ = std::chrono::steady_clock::now() +
               std::max(std::chrono::seconds(60), lifetime - std::chrono::seconds(300));
    return token_;
  }

 private:
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point expires_{};
};

// Which token API of WeChat's family: the Official Account / mini program
// one (GET {base}/cgi-bin/token?grant_type=client_credential&appid=…&
// secret=…) or WeCom's (GET {base}/cgi-bin/gettoken?corpid=…&corpsecret=…).
enum class WxTokenApi { kWechat, kWecom };

// The access_token that API gives for `id` (appid / corpid) and `secret`,
// and its lifetime (expires_in); "" with `error` set when it is refused.
// The error names the HTTP status or the errcode answer, never the secret.
inline std::string WxAccessToken(WxTokenApi api, const std::string& base, const std::string& id,
                                 const std::string& secret, std::chrono::seconds& lifetime,
                                 std::string& error) {
  using httplib::detail::encode_query_param;
  const std::string target =
      api == WxTokenApi::kWechat
          ? "/cgi-bin/token?grant_type=client_credential&appid=" + encode_query_param(id) +
                "&secret=" + encode_query_param(secret)
          : "/cgi-bin/gettoken?corpid=" + encode_query_param(id) +
                "&corpsecret=" + encode_query_param(secret);
  auto client = ApiClient(base, 10);
  const auto r = client.Get(target);
  const nlohmann::json j = JsonBody(r);
  if (!r || r->status != 200 || !j.is_object() || !j.contains("access_token") ||
      !j["access_token"].is_string() || j["access_token"].get<std::string>().empty()) {
    error = "access token: " + (!r ? "no response (" + httplib::to_string(r.error()) + ")"
                                : r->status != 200 ? "HTTP " + std::to_string(r->status)
                                                   : "error reply: " + r->body.substr(0, 120));
    return "";
  }
  const auto seconds = j.contains("expires_in") && j["expires_in"].is_number_integer()
                           ? j["expires_in"].get<std::int64_t>()
                           : 7200;
  lifetime = std::chrono::seconds(seconds);
  return j["access_token"].get<std::string>();
}

}  // namespace beian
