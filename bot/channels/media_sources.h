#pragma once

#include <chrono>
#include <string>

#include "bot/channels/api_client.h"
#include "bot/channels/channel.h"
#include "bot/channels/image_fetch.h"

namespace beian {

// Fetches the picture a platform message names only by key
// (Parsed::media_key), through the platform's own API with the bot's
// credentials. Thread-safe: request threads call Fetch concurrently.
class MediaSource {
 public:
  virtual ~MediaSource() = default;
  virtual FetchedImage Fetch(const Parsed& parsed) const = 0;
};

// Feishu: GET {api_base}/open-apis/im/v1/messages/{message_id}/resources/
// {image_key}?type=image with a tenant_access_token; at most `max_bytes`,
// within 5 s for the whole download.
class FeishuMedia : public MediaSource {
 public:
  FeishuMedia(std::string api_base, std::string app_id, std::string app_secret,
              std::size_t max_bytes);
  FetchedImage Fetch(const Parsed& parsed) const override;

 private:
  std::string base_, app_id_, secret_;
  std::size_t max_bytes_;
  mutable CachedToken token_;
};

// DingTalk: POST {api_base}/v1.0/robot/messageFiles/download {downloadCode,
// robotCode} with an access token (POST /v1.0/oauth2/accessToken), then the
// downloadUrl it answers, fetched like any picture (`download`: its hosts).
class DingtalkMedia : public MediaSource {
 public:
  DingtalkMedia(std::string api_base, std::string app_key, std::string app_secret,
                ImageFetchOptions download);
  FetchedImage Fetch(const Parsed& parsed) const override;

 private:
  std::string base_, app_key_, secret_;
  ImageFetchOptions download_;
  mutable CachedToken token_;
};

// WeChat (Official Account, mini program customer service) and WeCom:
// GET {api_base}/cgi-bin/media/get?access_token=…&media_id={MediaId} with
// the access token of WxAccessToken (cached; fetched again once when the
// answer is errcode 40001, 42001 or 40014). A JSON answer (Content-Type
// application/json, or a body starting with '{') is an error, never a
// picture. `limits`: its max_bytes and timeout (the whole download) bound
// each download; its hosts are not used (only api_base is asked). No
// redirects are followed. Errors never hold the secret or the token.
class WxMedia : public MediaSource {
 public:
  FetchedImage Fetch(const Parsed& parsed) const override;

 protected:
  // `id`: the appid (WeChat) or corpid (WeCom) the token is asked for.
  WxMedia(WxTokenApi api, std::string api_base, std::string id, std::string secret,
          ImageFetchOptions limits);

 private:
  // One media/get with `token`: the picture, or the error and, when the
  // answer was WeChat's JSON error, its errcode (else 0).
  FetchedImage Download(const std::string& token, const std::string& media_id, int& errcode) const;

  WxTokenApi api_;
  std::string base_, id_, secret_;
  ImageFetchOptions limits_;
  mutable CachedToken token_;
};

// WeChat's media API, with the token of the app's appid and AppSecret
// (wechat.app_secret).
class WechatMedia : public WxMedia {
 public:
  WechatMedia(std::string api_base, std::string appid, std::string app_secret,
              ImageFetchOptions limits)
      : WxMedia(WxTokenApi::kWechat, std::move(api_base), std::move(appid), std::move(app_secret),
                std::move(limits)) {}
};

// WeCom's media API, with the token of the CorpID and the self-built app's
// Secret (wecom.secret).
class WecomMedia : public WxMedia {
 public:
  WecomMedia(std::string api_base, std::string corp_id, std::string secret,
             ImageFetchOptions limits)
      : WxMedia(WxTokenApi::kWecom, std::move(api_base), std::move(corp_id), std::move(secret),
                std::move(limits)) {}
};

}  // namespace beian
