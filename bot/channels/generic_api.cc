#include "bot/channels/generic_api.h"

#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "knowledge/json_text.h"

namespace beian {
namespace {

using nlohmann::json;

// Reads an optional field of the given JSON type; false when present with the wrong type.
template <typename T>
bool Optional(const json& j, const char* key, T& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return true;
  if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) return false;
  } else {
    if (!it->is_string()) return false;
  }
  out = it->get<T>();
  return true;
}

// "image_base64": the picture's bytes into p.image, or "image_url" into
// p.image_url; false (p.response set) when either is not what it should be.
bool ReadImage(const json& j, Parsed& p) {
  if (const auto url = j.find("image_url"); url != j.end() && !url->is_null()) {
    if (!url->is_string() || url->get_ref<const std::string&>().size() > 2048 ||
        url->get_ref<const std::string&>().rfind("http", 0) != 0) {
      p.response = ChannelResponse::Error(400, "'image_url' must be an http(s) URL");
      return false;
    }
    p.image_url = url->get<std::string>();
  }
  const auto it = j.find("image_base64");
  if (it == j.end() || it->is_null()) return true;
  std::optional<std::string> bytes;
  if (it->is_string()) bytes = Base64Decode(it->get_ref<const std::string&>());
  if (!bytes || bytes->empty()) {
    p.response = ChannelResponse::Error(400, "'image_base64' must be a base64 string");
    return false;
  }
  p.image = std::move(*bytes);
  return true;
}

}  // namespace

Parsed GenericApiChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  if (!token_.empty()) {
    const auto it = request.headers.find("authorization");
    const std::string given = it == request.headers.end() ? "" : it->second;
    if (!ConstantTimeEquals(given, "Bearer " + token_)) {
      p.response = ChannelResponse::Error(401, "missing or wrong bearer token");
      return p;
    }
  }
  const auto body = ParseJsonBody(request.body, p);
  if (!body) return p;
  const json& j = *body;
  IncomingMessage m;
  m.platform = "api";
  if (!ReadImage(j, p)) return p;
  m.non_text = !p.image.empty() || !p.image_url.empty();
  for (const auto& [key, target] : {std::pair<const char*, std::string*>{"chat_id", &m.chat},
                                    {"user_id", &m.user},
                                    {"text", &m.text}}) {
    const auto it = j.find(key);
    if (it == j.end() && m.non_text && target == &m.text) continue;
    if (it == j.end() || !it->is_string()) {
      p.response = ChannelResponse::Error(400, std::string("'") + key + "' must be a string");
      return p;
    }
    *target = it->get<std::string>();
  }
  if (m.chat.empty() || m.user.empty()) {
    p.response = ChannelResponse::Error(400, "'chat_id' and 'user_id' must not be empty");
    return p;
  }
  if (m.text.size() > 4000) {
    p.response = ChannelResponse::Error(400, "'text' is longer than 4000 bytes");
    return p;
  }
  if (!Optional(j, "message_id", m.message_id) || !Optional(j, "user_name", m.user_name) ||
      !Optional(j, "group", m.group) || !Optional(j, "mentioned", m.mentioned)) {
    p.response = ChannelResponse::Error(
        400, "'message_id'/'user_name' must be strings, 'group'/'mentioned' booleans");
    return p;
  }
  p.message = std::move(m);
  return p;
}

ChannelResponse GenericApiChannel::Render(const Parsed& parsed, const Reply& reply) const {
  // {"handled":…,"replies":[{"text":…},…]}, written directly (json_text.h).
  std::string body =
      reply.handled ? "{\"handled\":true,\"replies\":[" : "{\"handled\":false,\"replies\":[";
  for (size_t i = 0; i < reply.texts.size(); ++i) {
    if (i > 0) body += ',';
    body += "{\"text\":";
    if (i == 0 && parsed.message && parsed.message->group && !parsed.message->user_name.empty()) {
      AppendJsonString(body, "@" + parsed.message->user_name + " " + reply.texts[i]);
    } else {
      AppendJsonString(body, reply.texts[i]);
    }
    body += '}';
  }
  body += "]}";
  return ChannelResponse::Json(200, std::move(body));
}

}  // namespace beian
