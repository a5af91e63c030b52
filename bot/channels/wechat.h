#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bot/channels/channel.h"
#include "bot/channels/replay_cache.h"
#include "bot/channels/wx_crypto.h"

namespace beian {

// WeChat Official Account (公众号) or mini program customer service
// (小程序客服) message push at GET|POST /wechat.
//   GET: signature check, then the raw echostr.
//   POST: `signature` checked on every request (timestamp within 10 minutes);
//         plain XML, or (encrypt_type=aes) safe mode: msg_signature checked,
//         Encrypt decrypted with the AppID as receive id.
//   Reply (Official Account): a passive XML text message (encrypted in safe
//         mode), at most 2048 bytes; "success" when there is nothing to say.
//   Reply (mini program, or any JSON push): "success" at once, and the
//         answer through the customer-service API by the outbox ("wechat-cs"),
//         in at most kMaxCsMessages pieces of 2048 bytes.
//   Text messages go to the engine (dedup by MsgId); a new follower gets the
//   greeting; an image is a screenshot (its PicUrl, Parsed::image_url,
//   downloaded from ocr.image_hosts, or else its MediaId, Parsed::media_key,
//   fetched by WechatMedia; then read); other message types get a short
//   note that only text is understood.
class WechatChannel : public Channel {
 public:
  // `aes_key` may be empty (plain mode only). Throws std::invalid_argument
  // for a malformed AES key.
  WechatChannel(std::string token, std::string appid, const std::string& aes_key,
                bool mini_program = false);
  std::string_view name() const override { return "wechat"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;
  std::vector<std::pair<std::string, std::string>> Deferred(const Parsed& parsed,
                                                            const Reply& reply) const override;
  // Late answers (a slow screenshot) go through the customer-service API too:
  // always for a mini program, for an Official Account once its app_secret
  // is set (call before serving).
  void EnableLateReplies() { late_replies_ = true; }
  std::vector<std::pair<std::string, std::string>> Late(const Parsed& parsed,
                                                        const Reply& reply) const override;
  bool RepliesLate(const Parsed& parsed) const override;

  static constexpr size_t kMaxReplyBytes = 2048;
  static constexpr size_t kMaxCsMessages = 3;  // WeChat allows 5 per 48 h after a user message
  static constexpr std::int64_t kMaxSkewSeconds = 600;

 private:
  // Parse's stages. Verify: the signature, replays, the URL check (GET) and
  // the timestamp window; a response ends the request. Fields: the push's
  // fields (JSON or XML, decrypted in safe mode) into `out`, or the 4xx.
  // Message: a text, a subscribe event or a non-text message, as the engine's.
  std::optional<ChannelResponse> Verify(const ChannelRequest& request) const;
  std::optional<ChannelResponse> Fields(const ChannelRequest& request, bool json_push,
                                        bool encrypted,
                                        std::map<std::string, std::string>& out) const;
  static IncomingMessage Message(const std::map<std::string, std::string>& fields);
  // The reply as customer-service messages ("wechat-cs", at most kMaxCsMessages).
  std::vector<std::pair<std::string, std::string>> CsMessages(const Parsed& parsed,
                                                              const Reply& reply) const;
  ChannelResponse TextReply(const std::string& to, const std::string& from, const std::string& text,
                            bool encrypted, const std::string& timestamp,
                            const std::string& nonce) const;

  std::string token_;
  std::string appid_;
  std::unique_ptr<WxCrypt> crypt_;
  // Plain mode: the signature covers timestamp and nonce, not the body.
  mutable ReplayCache replay_{kMaxSkewSeconds * 2, 200'000, /*retries_allowed=*/true};
  bool mini_program_ = false;
  bool late_replies_ = false;
};

}  // namespace beian
