#pragma once

#include <memory>
#include <string>

#include "bot/channels/channel.h"
#include "bot/channels/wx_crypto.h"

namespace beian {

// WeCom (企业微信) self-built application callback at GET|POST /wecom.
//   GET: msg_signature over the encrypted echostr, then its plaintext.
//   POST: always encrypted (receive id = CorpID); msg_signature checked,
//         timestamp within 10 minutes; text messages go to the engine
//         (dedup by MsgId); an image is a screenshot (its PicUrl,
//         Parsed::image_url, downloaded from ocr.image_hosts, or else its
//         MediaId, Parsed::media_key, fetched by WecomMedia; then read).
//   Reply: encrypted passive XML text (2048 bytes at most), or an empty body.
//   Late:  with EnableLateReplies (the app's Secret configured), a screenshot
//          read after the window is answered through the app message API
//          (sender "wecom", payload {"touser", "agentid", "text"}) to the
//          sender, from the app the message came to (its AgentID, digits only).
class WecomChannel : public Channel {
 public:
  // Throws std::invalid_argument for a malformed AES key.
  WecomChannel(std::string token, const std::string& aes_key, std::string corp_id);
  std::string_view name() const override { return "wecom"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;
  void EnableLateReplies() { late_replies_ = true; }
  bool RepliesLate(const Parsed& parsed) const override;
  std::vector<std::pair<std::string, std::string>> Late(const Parsed& parsed,
                                                        const Reply& reply) const override;

  static constexpr size_t kMaxReplyBytes = 2048;
  static constexpr std::int64_t kMaxSkewSeconds = 600;

 private:
  ChannelResponse EncryptedText(const std::string& to, const std::string& text,
                                const std::string& timestamp, const std::string& nonce) const;

  std::string corp_id_;
  WxCrypt crypt_;
  bool late_replies_ = false;
};

}  // namespace beian
