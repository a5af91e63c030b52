#include "bot/channels/channel.h"

#include <nlohmann/json.hpp>

namespace beian {

ChannelResponse ChannelResponse::Error(int status, std::string_view message) {
  return Json(status, nlohmann::json{{"error", std::string(message)}}.dump());
}

}  // namespace beian
