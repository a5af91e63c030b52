#pragma once

#include <cstdint>
#include <string>

#include "bot/channels/channel.h"

namespace beian {

// QQ through a OneBot v11 implementation (NapCat, LLOneBot, go-cqhttp),
// HTTP POST event reporting at POST /onebot.
//   Auth: X-Signature: sha1=<hex HMAC-SHA1(secret, raw body)>, constant time.
//   Body: post_type "message", message_type private / group; `message` as a
//         CQ-code string or a segment array; sender.nickname / card; self_id.
//         Other post types (and the bot's own messages) get 204.
//   Groups: addressed by [CQ:at,qq=<self_id>] / an at segment, the prefix, or
//         a recognised error text, as elsewhere.
//   Images: a message that is only a picture (an image segment or
//         [CQ:image,…,url=…]) is a screenshot: Parsed::image_url, downloaded
//         from ocr.image_hosts (QQ's picture hosts by default) and read.
//   Reply: the quick operation in the response body, {"reply", "auto_escape":
//         true} (so user text is never read as CQ codes), with "at_sender"
//         in groups; de-duplicated by message_id + self_id.
//   Late:  with EnableLateReplies (the implementation's HTTP API configured),
//         a screenshot read after the window is sent through send_msg
//         (sender "onebot", payload: send_msg's body, the text as a segment
//         array so it is never read as CQ codes, @-mentioning in groups).
class OnebotChannel : public Channel {
 public:
  explicit OnebotChannel(std::string secret) : secret_(std::move(secret)) {}
  std::string_view name() const override { return "onebot"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;
  void EnableLateReplies() { late_replies_ = true; }
  std::vector<std::pair<std::string, std::string>> Late(const Parsed& parsed,
                                                        const Reply& reply) const override;
  bool RepliesLate(const Parsed& /*parsed*/) const override { return late_replies_; }

  static constexpr size_t kMaxReplyBytes = 4500;

 private:
  std::string secret_;
  bool late_replies_ = false;
};

}  // namespace beian
