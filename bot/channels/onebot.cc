#include "bot/channels/onebot.h"

#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"

namespace beian {
namespace {

using nlohmann::json;

// A JSON id (number or string) as text.
std::string IdText(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return "";
}

// A string field, or "" when absent or of another type (json::value() would
// throw on the wrong type, and a hostile report would get a 500).
std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Unescape(std::string s) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"&#91;", "["},
                                 {"&#93;", "]"},
                                 {"&#44;", ","},
                                 {"&amp;", "&"}}) {
    std::string out;
    size_t i = 0;
    for (size_t at; (at = s.find(from, i)) != std::string::npos; i = at + from.size()) {
      out.append(s, i, at - i).append(to);
    }
    s = out.append(s, i, std::string::npos);
  }
  return s;
}

// The value of `key` in a CQ code ("[CQ:image,file=…,url=…]"), unescaped.
std::string CqParam(const std::string& code, const std::string& key) {
  const std::string start = "," + key + "=";
  const size_t at = code.find(start);
  if (at == std::string::npos) return "";
  const size_t from = at + start.size();
  const size_t end = code.find_first_of(",]", from);
  return Unescape(code.substr(from, end == std::string::npos ? std::string::npos : end - from));
}

// The text of a CQ-code string without its codes; `at_self` is set when one
// of them is [CQ:at,qq=<self>], `image_url` to the first [CQ:image]'s url.
std::string FromCqString(const std::string& message, const std::string& self, bool& at_self,
                         std::string& image_url) {
  std::string text;
  size_t i = 0;
  while (i < message.size()) {
    const size_t open = message.find("[CQ:", i);
    if (open == std::string::npos) {
      text.append(message, i, std::string::npos);
      break;
    }
    text.append(message, i, open - i);
    const size_t close = message.find(']', open);
    if (close == std::string::npos) break;
    const std::string code = message.substr(open, close - open + 1);
    const std::string target = std::string("qq=").append(self);
    const size_t at = code.find(target);
    if (code.rfind("[CQ:at,", 0) == 0 && at != std::string::npos &&
        (code[at + target.size()] == ']' || code[at + target.size()] == ',')) {
      at_self = true;
    }
    if (code.rfind("[CQ:image,", 0) == 0 && image_url.empty()) image_url = CqParam(code, "url");
    i = close + 1;
  }
  return Unescape(text);
}

std::string FromSegments(const json& segments, const std::string& self, bool& at_self,
                         std::string& image_url) {
  std::string text;
  for (const auto& seg : segments) {
    if (!seg.is_object()) continue;
    const std::string type = Str(seg, "type");
    const json data =
        seg.contains("data") && seg["data"].is_object() ? seg["data"] : json::object();
    if (type == "text") text += Str(data, "text");
    if (type == "at" && !self.empty() && IdText(data, "qq") == self) at_self = true;
    if (type == "image" && image_url.empty()) image_url = Str(data, "url");
  }
  return text;
}

}  // namespace

Parsed OnebotChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  if (request.method != "POST") {
    p.response = ChannelResponse::Error(405, "POST only");
    return p;
  }
  const auto sig = request.headers.find("x-signature");
  if (sig == request.headers.end() ||
      !ConstantTimeEquals(sig->second,
                          std::string("sha1=").append(HmacSha1Hex(secret_, request.body)))) {
    p.response = ChannelResponse::Error(401, "missing or bad X-Signature");
    return p;
  }
  const auto body = ParseJsonBody(request.body, p);
  if (!body) return p;
  const json& j = *body;
  const std::string self = IdText(j, "self_id");
  const std::string type = Str(j, "message_type");
  if (Str(j, "post_type") != "message" || (type != "private" && type != "group")) {
    p.response = {204, "text/plain", ""};
    return p;
  }
  IncomingMessage m;
  m.platform = "onebot";
  m.user = IdText(j, "user_id");
  m.group = type == "group";
  m.chat =
      std::string(m.group ? "group:" : "private:").append(m.group ? IdText(j, "group_id") : m.user);
  m.account = self;
  m.message_id = IdText(j, "message_id");
  m.from_self = !self.empty() && m.user == self;
  if (const auto sender = j.find("sender"); sender != j.end() && sender->is_object()) {
    m.user_name = Str(*sender, "card");
    if (m.user_name.empty()) m.user_name = Str(*sender, "nickname");
  }
  const auto message = j.find("message");
  if (message != j.end() && message->is_string()) {
    m.text = FromCqString(message->get<std::string>(), self, m.mentioned, p.image_url);
  } else if (message != j.end() && message->is_array()) {
    m.text = FromSegments(*message, self, m.mentioned, p.image_url);
  }
  // A picture with no words beside it is the message (a screenshot to read).
  if (!p.image_url.empty() && m.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    m.non_text = true;
    m.text.clear();
  } else {
    p.image_url.clear();
  }
  if (m.user.empty()) {
    p.response = ChannelResponse::Error(400, "missing user_id");
    return p;
  }
  // For a late answer: whom to @-mention, and the id to send to as the event gave it.
  p.context = json{{"group", m.group},
                   {"user", m.user},
                   {"to", j.value(m.group ? "group_id" : "user_id", json())}}
                  .dump();
  p.message = std::move(m);
  return p;
}

ChannelResponse OnebotChannel::Render(const Parsed& parsed, const Reply& reply) const {
  if (!reply.handled || reply.texts.empty()) return {204, "text/plain", ""};
  const json c = json::parse(parsed.context, nullptr, false);
  json body = {{"reply", OneMessage(reply.texts, kMaxReplyBytes)}, {"auto_escape", true}};
  if (c.is_object() && c.value("group", false)) body["at_sender"] = true;
  return ChannelResponse::Json(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::vector<std::pair<std::string, std::string>> OnebotChannel::Late(const Parsed& parsed,
                                                                     const Reply& reply) const {
  const json c = json::parse(parsed.context, nullptr, false);
  if (!late_replies_ || !reply.handled || reply.texts.empty() || !c.is_object()) return {};
  const bool group = c.value("group", false);
  json message = json::array();
  if (group)
    message.push_back({{"type", "at"}, {"data", {{"qq", c.value("user", std::string())}}}});
  message.push_back(
      {{"type", "text"},
       {"data", {{"text", (group ? " " : "") + OneMessage(reply.texts, kMaxReplyBytes)}}}});
  const json body = {{"message_type", group ? "group" : "private"},
                     {group ? "group_id" : "user_id", c.value("to", json())},
                     {"message", message}};
  return {{"onebot", body.dump(-1, ' ', false, json::error_handler_t::replace)}};
}

}  // namespace beian
