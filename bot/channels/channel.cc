#include "bot/channels/channel.h"

#include <nlohmann/json.hpp>

namespace beian {

ChannelResponse ChannelResponse::Error(int status, std::string_view message) {
  return Json(status, nlohmann::json{{"error", std::string(message)}}.dump());
}

std::optional<nlohmann::json> ParseJsonBody(const std::string& body, Parsed& parsed) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    parsed.response = ChannelResponse::Error(400, "body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

}  // namespace beian
