#include "bot/channels/media_sources.h"

#include "bot/channels/api_client.h"

namespace beian {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

httplib::Client MakeClient(const std::string& base) { return ApiClient(base, 5); }

std::string Failure(const httplib::Result& r) {
  if (!r) return "no response (" + httplib::to_string(r.error()) + ")";
  return "HTTP " + std::to_string(r->status) + " " + r->body.substr(0, 120);
}

}  // namespace

FeishuMedia::FeishuMedia(std::string api_base, std::string app_id, std::string app_secret,
                         std::size_t max_bytes)
    : base_(std::move(api_base)),
      app_id_(std::move(app_id)),
      secret_(std::move(app_secret)),
      max_bytes_(max_bytes) {}

FetchedImage FeishuMedia::Fetch(const Parsed& parsed) const {
  FetchedImage out;
  const auto fetch_token = [this](std::chrono::seconds& lifetime, std::string& error) {
    return FeishuTenantToken(base_, app_id_, secret_, lifetime, error);
  };
  const std::string path = "/open-apis/im/v1/messages/" +
                           httplib::detail::encode_query_param(parsed.message->message_id) +
                           "/resources/" + httplib::detail::encode_query_param(parsed.media_key) +
                           "?type=image";
  ImageFetchOptions limits;  // the default 5 s for the whole download
  limits.max_bytes = max_bytes_;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string token = token_.Get(attempt > 0, fetch_token, out.error);
    if (token.empty()) return out;
    auto client = MakeClient(base_);
    out = {};
    const auto r = CappedGet(client, path, {{"Authorization", "Bearer " + token}}, limits, out);
    if (!out.error.empty()) return out;
    if (r && r->status == 200) return {std::move(out.bytes), ""};
    out.error = "image download: " + (r ? "HTTP " + std::to_string(r->status) : Failure(r));
    if (!r || (r->status != 401 && r->status != 403)) break;  // not a token problem
  }
  out.bytes.clear();
  return out;
}

DingtalkMedia::DingtalkMedia(std::string api_base, std::string app_key, std::string app_secret,
                             ImageFetchOptions download)
    : base_(std::move(api_base)),
      app_key_(std::move(app_key)),
      secret_(std::move(app_secret)),
      download_(std::move(download)) {}

FetchedImage DingtalkMedia::Fetch(const Parsed& parsed) const {
  FetchedImage out;
  const auto fetch_token = [this](std::chrono::seconds& lifetime, std::string& error) {
    auto client = MakeClient(base_);
    const auto r =
        client.Post("/v1.0/oauth2/accessToken",
                    json{{"appKey", app_key_}, {"appSecret", secret_}}.dump(), "application/json");
    const json j = JsonBody(r);
    if (!r || r->status != 200 || !j.is_object() || !j.contains("accessToken") ||
        !j["accessToken"].is_string()) {
      error = "access token: " + Failure(r);
      return std::string();
    }
    lifetime = std::chrono::seconds(j.value("expireIn", 7200));
    return j["accessToken"].get<std::string>();
  };
  const std::string body = json{{"downloadCode", parsed.media_key}, {"robotCode", app_key_}}.dump();
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string token = token_.Get(attempt > 0, fetch_token, out.error);
    if (token.empty()) return out;
    auto client = MakeClient(base_);
    const auto r = client.Post("/v1.0/robot/messageFiles/download",
                               {{"x-acs-dingtalk-access-token", token}}, body, "application/json");
    const json j = JsonBody(r);
    if (r && r->status == 200 && j.is_object() && j.contains("downloadUrl") &&
        j["downloadUrl"].is_string())
      return FetchImage(j["downloadUrl"].get<std::string>(), download_);
    out.error = "download url: " + Failure(r);
    if (!r || (r->status != 401 && r->status != 403)) break;
  }
  return out;
}

WxMedia::WxMedia(WxTokenApi api, std::string api_base, std::string id, std::string secret,
                 ImageFetchOptions limits)
    : api_(api),
      base_(std::move(api_base)),
      id_(std::move(id)),
      secret_(std::move(secret)),
      limits_(std::move(limits)) {}

FetchedImage WxMedia::Fetch(const Parsed& parsed) const {
  FetchedImage out;
  const auto fetch_token = [this](std::chrono::seconds& lifetime, std::string& error) {
    return WxAccessToken(api_, base_, id_, secret_, lifetime, error);
  };
  for (int attempt = 0; attempt < 2; ++attempt) {
    const std::string token = token_.Get(attempt > 0, fetch_token, out.error);
    if (token.empty()) return {"", out.error};
    int errcode = 0;
    out = Download(token, parsed.media_key, errcode);
    if (out.error.empty()) return out;
    if (errcode != 40001 && errcode != 42001 && errcode != 40014) break;  // not a token problem
  }
  return out;
}

FetchedImage WxMedia::Download(const std::string& token, const std::string& media_id,
                               int& errcode) const {
  const long seconds =
      std::max<long>(1, std::chrono::duration_cast<std::chrono::seconds>(limits_.timeout).count());
  auto client = ApiClient(base_, static_cast<int>(seconds));
  client.set_connection_timeout(seconds, 0);
  FetchedImage out;
  const auto r =
      CappedGet(client,
                "/cgi-bin/media/get?access_token=" + httplib::detail::encode_query_param(token) +
                    "&media_id=" + httplib::detail::encode_query_param(media_id),
                {}, limits_, out);
  if (!out.error.empty()) return out;
  if (!r) return {"", "media download: " + Failure(r)};
  if (r->status != 200) return {"", "media download: HTTP " + std::to_string(r->status)};
  std::string& bytes = out.bytes;
  const auto first = bytes.find_first_not_of(" \t\r\n");
  if (r->get_header_value("Content-Type").starts_with("application/json") ||
      (first != std::string::npos && bytes[first] == '{')) {
    // WeChat's error answer ({"errcode":40007,"errmsg":…}): never a picture.
    const json j = json::parse(bytes, nullptr, false);
    errcode = j.is_object() && j.contains("errcode") && j["errcode"].is_number_integer()
                  ? j["errcode"].get<int>()
                  : -1;
    return {"", "media download: error reply, errcode " + std::to_string(errcode)};
  }
  if (bytes.empty()) return {"", "media download: empty answer"};
  return {std::move(bytes), ""};
}

}  // namespace beian
