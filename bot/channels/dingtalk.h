#pragma once

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
class DingtalkChannel : public Channel {
 public:
  explicit DingtalkChannel(std::string app_secret) : secret_(std::move(app_secret)) {}
  std::string_view name() const override { return "dingtalk"; }
  Parsed Parse(const ChannelRequest& request) const override;
  ChannelResponse Render(const Parsed& parsed, const Reply& reply) const override;

  static constexpr std::int64_t kMaxSkewMs = 3600 * 1000;
  static constexpr size_t kMaxReplyBytes = 18000;
  static constexpr long kMarkdownLines = 4;

 private:
  std::string secret_;
  // The sign covers the timestamp only.
  mutable ReplayCache replay_{kMaxSkewMs / 1000 * 2, 200'000, /*retries_allowed=*/true};
};

}  // namespace beian
