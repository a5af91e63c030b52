#include "bot/channels/channel.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "bot/core/bot_texts.h"
#include "bot/core/reply_limits.h"

namespace beian {

ChannelResponse ChannelResponse::Error(int status, std::string_view message) {
  return Json(status, nlohmann::json{{"error", std::string(message)}}.dump());
}

bool WithinWindow(std::string_view timestamp, std::int64_t now, std::int64_t max_skew) {
  if (timestamp.empty() || timestamp.size() > 18) return false;
  std::int64_t t = 0;
  for (char c : timestamp) {
    if (c < '0' || c > '9') return false;
    t = t * 10 + (c - '0');
  }
  return std::llabs(now - t) <= max_skew;
}

std::optional<nlohmann::json> ParseJsonBody(const std::string& body, Parsed& parsed) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    parsed.response = ChannelResponse::Error(400, "body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

std::string Channel::Say(BotText text) const {
  return texts_ != nullptr ? (*texts_)(text) : std::string();
}

std::string Channel::OneMessage(const std::vector<std::string>& texts, size_t max_bytes) const {
  return beian::OneMessage(texts, max_bytes, Say(BotText::kCut));
}

}  // namespace beian
