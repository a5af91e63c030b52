#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

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

// An access token shared by threads, fetched again when it expires or the
// platform refuses it.
class CachedToken {
 public:
  // `fetch` returns the token and its lifetime, or sets the error.
  using Fetcher = std::function<std::string(std::chrono::seconds& lifetime, std::string& error)>;
  std::string Get(bool refresh, const Fetcher& fetch, std::string& error);

 private:
  std::mutex mutex_;
  std::string token_;
  std::chrono::steady_clock::time_point expires_{};
};

// Feishu: GET {api_base}/open-apis/im/v1/messages/{message_id}/resources/
// {image_key}?type=image with a tenant_access_token.
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

}  // namespace beian
