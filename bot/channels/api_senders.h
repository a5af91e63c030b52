#pragma once

#include <chrono>
#include <string>

#include "bot/channels/api_client.h"
#include "bot/core/outbox.h"

namespace beian {

// Sends {"touser": openid, "text": …} through WeChat's customer-service API
// (POST {api_base}/cgi-bin/message/custom/send), fetching and caching the
// access token (GET {api_base}/cgi-bin/token) and refreshing it when WeChat
// says it expired. Used by the outbox thread only.
class WechatCsSender : public Sender {
 public:
  WechatCsSender(std::string api_base, std::string appid, std::string app_secret);
  std::string Send(const std::string& payload) override;

 private:
  std::string base_, appid_, secret_;
  CachedToken token_;
};

// Sends {"touser": userid, "agentid": n, "text": …} as a WeCom app message
// (POST {api_base}/cgi-bin/message/send) with the token of the CorpID and
// the app's Secret (GET {api_base}/cgi-bin/gettoken), cached and fetched
// again when WeCom says it expired. Used by the outbox thread only.
class WecomAppSender : public Sender {
 public:
  WecomAppSender(std::string api_base, std::string corp_id, std::string secret);
  std::string Send(const std::string& payload) override;

 private:
  std::string base_, corp_id_, secret_;
  CachedToken token_;
};

// Replies {"message_id": …, "text": …} through Feishu's reply API
// (POST {api_base}/open-apis/im/v1/messages/{id}/reply), or sends
// {"chat_id": …, "text": …} (a staff message, not a reply) through
// POST {api_base}/open-apis/im/v1/messages?receive_id_type=chat_id; with a
// cached tenant_access_token (POST …/auth/v3/tenant_access_token/internal).
class FeishuReplySender : public Sender {
 public:
  FeishuReplySender(std::string api_base, std::string app_id, std::string app_secret);
  std::string Send(const std::string& payload) override;

 private:
  std::string Token(bool refresh, std::string& error);

  std::string base_, app_id_, secret_;
  CachedToken token_;
};

// Posts a send_msg body to a OneBot v11 implementation's HTTP API
// (POST {api_base}/send_msg, "Authorization: Bearer {access_token}" when
// one is set); success is {"status": "ok"} / retcode 0.
class OnebotApiSender : public Sender {
 public:
  OnebotApiSender(std::string api_base, std::string access_token)
      : base_(std::move(api_base)), token_(std::move(access_token)) {}
  std::string Send(const std::string& payload) override;

 private:
  std::string base_, token_;
};

// Posts {"url": …, "body": …} (a DingTalk message's sessionWebhook and the
// reply) to that URL, which must start with `session_base` +
// DingtalkChannel::kSessionPath: the webhook is the token, no other is needed.
class DingtalkSessionSender : public Sender {
 public:
  explicit DingtalkSessionSender(std::string session_base) : base_(std::move(session_base)) {}
  std::string Send(const std::string& payload) override;

 private:
  std::string base_;
};

}  // namespace beian
