#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "bot/channels/channel.h"
#include "bot/channels/replay_cache.h"

namespace beian {

// DingTalk enterprise robot, HTTP mode, at POST /dingtalk.
//   Auth: headers `timestamp` (ms, within one hour) and
//         `sign` = base64(HMAC-SHA256(appSecret, timestamp + "\n" + appSecret)).
//   Body: the robot message JSON; conversationType "2" is a group, isInAtList
//         says the robot was @-mentioned; msgId de-duplicates retries. A
//         picture is a screenshot (content.downloadCode, Parsed::media_key,
//         fetched by DingtalkMedia and read).
//   Reply: synchronous JSON, @-mentioning the sender in groups: a short
//         answer as {"msgtype":"text"}, a full one (kMarkdownLines lines or
//         more) as {"msgtype":"markdown"} titled by its first line;
//         {"msgtype":"empty"} when the bot stays silent.
//   Late:  a screenshot read after the window is answered with the same body
//         posted to the message's sessionWebhook (sender "dingtalk-session",
//         payload {"url", "body"}), kept only when it starts with
//         `session_base` + kSessionPath and is valid for another minute.
class DingtalkChannel : public Channel {
 public:
  // `session_base` empty: no late answers.
  explicit DingtalkChannel(std::string app_secret, std::string session_base = "")
      : secret_(std::move(app_secret)), session_base_(std::move(session_base)) {}
  std::string_view name() const override { return "dingtalk"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;
  std::vector<std::pair<std::string, std::string>> Late(const Parsed& parsed,
                                                        const Reply& reply) const override;
  bool RepliesLate(const Parsed& parsed) const override;

  static constexpr std::string_view kSessionPath = "/robot/sendBySession?";

  static constexpr std::int64_t kMaxSkewMs = 3600 * 1000;
  static constexpr size_t kMaxReplyBytes = 18000;
  static constexpr long kMarkdownLines = 4;

 private:
  // The message body of a reply (null when the bot stays silent).
  nlohmann::json Body(const Parsed& parsed, const Reply& reply) const;
  // The message's sessionWebhook when late answers may go there, else "".
  std::string SessionWebhook(const nlohmann::json& message, std::int64_t now_ms) const;

  std::string secret_, session_base_;
  // The sign covers the timestamp only.
  mutable ReplayCache replay_{kMaxSkewMs / 1000 * 2, 200'000, /*retries_allowed=*/true};
};

}  // namespace beian
