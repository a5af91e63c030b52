#pragma once

#include <string>

#include "bot/channels/channel.h"

namespace beian {

// POST /v1/messages — the JSON API for any bot framework:
//   in:  {"chat_id": str, "user_id": str, "text": str, "message_id": str?,
//         "group": bool?, "mentioned": bool?, "user_name": str?,
//         "image_base64": str?, "image_url": str?}
// With image_base64 (a screenshot: PNG, JPEG, WebP or BMP, standard base64)
// or image_url (downloaded only from ocr.image_hosts) "text" may be
// omitted; the message is the picture, read before the turn.
//   out: 200 {"replies": [{"text": str}], "handled": bool}
// With `bearer_token` set, "Authorization: Bearer <token>" is required (401).
// In a group, the first reply mentions the member ("@name ").
class GenericApiChannel : public Channel {
 public:
  explicit GenericApiChannel(std::string bearer_token) : token_(std::move(bearer_token)) {}
  std::string_view name() const override { return "api"; }
  bool TakesImages() const override { return true; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;

 private:
  std::string token_;
};

}  // namespace beian
