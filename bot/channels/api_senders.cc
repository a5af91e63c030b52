#include "bot/channels/api_senders.h"

#include "bot/channels/api_client.h"
#include "bot/channels/dingtalk.h"

namespace beian {
namespace {

using nlohmann::json;

httplib::Client MakeClient(const std::string& base) { return ApiClient(base, 10); }

std::string Failure(const httplib::Result& r, const json& body) {
  if (!r) return "no response (" + httplib::to_string(r.error()) + ")";
  if (r->status != 200) return "HTTP " + std::to_string(r->status);
  return "error reply: " + body.dump().substr(0, 200);
}

// Posts `body` to {base}{path}?access_token=… with the token of WeChat's
// family (`api`, `id`, `secret`), fetching the token again once when the
// platform says it expired. "" when sent, else why not.
std::string PostWithWxToken(CachedToken& cache, WxTokenApi api, const std::string& base,
                            const std::string& id, const std::string& secret,
                            const std::string& path, const std::string& body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string error;
    const std::string token = cache.Get(
        attempt > 0,
        [&](std::chrono::seconds& lifetime, std::string& e) {
          return WxAccessToken(api, base, id, secret, lifetime, e);
        },
        error);
    if (token.empty()) return error;
    auto client = MakeClient(base);
    const auto r = client.Post(path + "?access_token=" + token, body, "application/json");
    const json j = JsonBody(r);
    if (r && r->status == 200 && j.is_object() && j.value("errcode", -1) == 0) return "";
    const int code = j.is_object() ? j.value("errcode", -1) : -1;
    if (code != 40001 && code != 42001 && code != 40014)
      return Failure(r, j);  // not a token problem
  }
  return "access token refused twice";
}

}  // namespace

WechatCsSender::WechatCsSender(std::string api_base, std::string appid, std::string app_secret)
    : base_(std::move(api_base)), appid_(std::move(appid)), secret_(std::move(app_secret)) {}

std::string WechatCsSender::Send(const std::string& payload) {
  const json p = json::parse(payload, nullptr, false);
  if (!p.is_object() || !p.contains("touser") || !p.contains("text")) return "bad payload";
  const std::string body =
      json{{"touser", p["touser"]}, {"msgtype", "text"}, {"text", {{"content", p["text"]}}}}.dump();
  return PostWithWxToken(token_, WxTokenApi::kWechat, base_, appid_, secret_,
                         "/cgi-bin/message/custom/send", body);
}

WecomAppSender::WecomAppSender(std::string api_base, std::string corp_id, std::string secret)
    : base_(std::move(api_base)), corp_id_(std::move(corp_id)), secret_(std::move(secret)) {}

std::string WecomAppSender::Send(const std::string& payload) {
  const json p = json::parse(payload, nullptr, false);
  if (!p.is_object() || !p.contains("touser") || !p["touser"].is_string() ||
      !p.contains("agentid") || !p["agentid"].is_number_integer() || !p.contains("text") ||
      !p["text"].is_string())
    return "bad payload";
  const std::string body = json{{"touser", p["touser"]},
                                {"agentid", p["agentid"]},
                                {"msgtype", "text"},
                                {"text", {{"content", p["text"]}}}}
                               .dump();
  return PostWithWxToken(token_, WxTokenApi::kWecom, base_, corp_id_, secret_,
                         "/cgi-bin/message/send", body);
}

FeishuReplySender::FeishuReplySender(std::string api_base, std::string app_id,
                                     std::string app_secret)
    : base_(std::move(api_base)), app_id_(std::move(app_id)), secret_(std::move(app_secret)) {}

std::string FeishuReplySender::Token(bool refresh, std::string& error) {
  return token_.Get(
      refresh,
      [this](std::chrono::seconds& lifetime, std::string& e) {
        return FeishuTenantToken(base_, app_id_, secret_, lifetime, e);
      },
      error);
}

std::string FeishuReplySender::Send(const std::string& payload) {
  const json p = json::parse(payload, nullptr, false);
  const auto str = [&](const char* key) {
    return p.is_object() && p.contains(key) && p[key].is_string();
  };
  const bool to_chat = str("chat_id");
  if (!str("text") || (!to_chat && !str("message_id"))) return "bad payload";
  json message{{"msg_type", "text"}, {"content", json{{"text", p["text"]}}.dump()}};
  if (to_chat) message["receive_id"] = p["chat_id"];
  const std::string body = message.dump();
  const std::string path =
      to_chat ? "/open-apis/im/v1/messages?receive_id_type=chat_id"
              : "/open-apis/im/v1/messages/" + p["message_id"].get<std::string>() + "/reply";
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string error;
    const std::string token = Token(attempt > 0, error);
    if (token.empty()) return error;
    auto client = MakeClient(base_);
    const auto r = client.Post(path, {{"Authorization", "Bearer " + token}}, body,
                               "application/json; charset=utf-8");
    const json j = JsonBody(r);
    if (r && r->status == 200 && j.is_object() && j.value("code", -1) == 0) return "";
    const int code = j.is_object() ? j.value("code", -1) : -1;
    if (code != 99991663 && code != 99991661 && code != 99991668) return Failure(r, j);
  }
  return "tenant access token refused twice";
}

std::string DingtalkSessionSender::Send(const std::string& payload) {
  const json p = json::parse(payload, nullptr, false);
  if (!p.is_object() || !p.contains("url") || !p["url"].is_string() || !p.contains("body"))
    return "bad payload";
  const std::string url = p["url"].get<std::string>();
  if (!url.starts_with(base_ + std::string(DingtalkChannel::kSessionPath)))
    return "session webhook outside " + base_;
  auto client = MakeClient(base_);
  const auto r =
      client.Post(url.substr(base_.size()), p["body"].dump(), "application/json; charset=utf-8");
  const json j = JsonBody(r);
  if (r && r->status == 200 && j.is_object() && j.value("errcode", -1) == 0) return "";
  return Failure(r, j);
}

std::string OnebotApiSender::Send(const std::string& payload) {
  if (!json::accept(payload)) return "bad payload";
  httplib::Headers headers;
  if (!token_.empty()) headers.emplace("Authorization", "Bearer " + token_);
  auto client = MakeClient(base_);
  const auto r = client.Post("/send_msg", headers, payload, "application/json; charset=utf-8");
  const json j = JsonBody(r);
  if (r && r->status == 200 && j.is_object() && j.value("retcode", -1) == 0) return "";
  return Failure(r, j);
}

}  // namespace beian
