#pragma once

#include <string>

#include "bot/channels/channel.h"

namespace beian {

// Feishu / Lark event subscription at POST /feishu.
//   url_verification: token checked, {"challenge": …} answered.
//   With an Encrypt Key: X-Lark-Signature = sha256(timestamp + nonce + key +
//   raw body) checked, then {"encrypt": …} decrypted. Every event's token must
//   equal the Verification Token.
//   im.message.receive_v1 text messages go to the engine (dedup by
//   message_id); "@_user_N" placeholders are removed; in groups a mention
//   addresses the bot (Feishu only pushes group messages that @ the bot
//   unless granted more). An image message is a screenshot (its image_key,
//   Parsed::media_key, fetched by FeishuMedia and read). Other events get
//   200 {}.
//   Reply: 200 {} at once; the answer goes through the reply API by the
//   outbox ("feishu"), mentioning the sender in groups.
class FeishuChannel : public Channel {
 public:
  FeishuChannel(std::string verification_token, std::string encrypt_key)
      : token_(std::move(verification_token)), encrypt_key_(std::move(encrypt_key)) {}
  std::string_view name() const override { return "feishu"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;
  bool RepliesLate(const Parsed&) const override { return true; }  // always through the API
  std::vector<std::pair<std::string, std::string>> Deferred(const Parsed& parsed,
                                                            const Reply& reply) const override;

  static constexpr size_t kMaxReplyBytes = 30000;

 private:
  std::string token_;
  std::string encrypt_key_;
};

}  // namespace beian
