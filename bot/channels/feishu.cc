#include "bot/channels/feishu.h"

#include <nlohmann/json.hpp>
#include <regex>

#include "bot/channels/crypto.h"

namespace beian {
namespace {

using nlohmann::json;

const json* Path(const json& j, std::initializer_list<const char*> keys) {
  const json* cur = &j;
  for (const char* k : keys) {
    if (!cur->is_object()) return nullptr;
    const auto it = cur->find(k);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::string Str(const json& j, std::initializer_list<const char*> keys) {
  const json* v = Path(j, keys);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

std::string Header(const ChannelRequest& r, const char* name) {
  const auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// The message's content: a text without its "@_user_N" placeholders, or an
// image's key (a screenshot, fetched through the message resource API).
void ReadContent(const json& content, const std::string& type, IncomingMessage& m, Parsed& p) {
  if (!content.is_object()) return;
  if (type == "image" && content.contains("image_key") && content["image_key"].is_string()) {
    m.non_text = true;
    p.media_key = content["image_key"].get<std::string>();
  } else if (content.contains("text") && content["text"].is_string()) {
    static const std::regex kPlaceholder(R"(@_(user|all)(_\d+)?)");
    m.text = std::regex_replace(content["text"].get<std::string>(), kPlaceholder, "");
  }
}

}  // namespace

Parsed FeishuChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  if (request.method != "POST") {
    p.response = ChannelResponse::Error(405, "POST only");
    return p;
  }
  auto body = ParseJsonBody(request.body, p);
  if (!body) return p;
  json j = std::move(*body);
  if (j.contains("encrypt")) {
    if (encrypt_key_.empty()) {
      p.response = ChannelResponse::Error(400, "encrypted event but no Encrypt Key configured");
      return p;
    }
    const std::string signature = Header(request, "x-lark-signature");
    if (!signature.empty() || !Header(request, "x-lark-request-timestamp").empty()) {
      const std::string expected =
          Sha256Hex(Header(request, "x-lark-request-timestamp") +
                    Header(request, "x-lark-request-nonce") + encrypt_key_ + request.body);
      if (!ConstantTimeEquals(signature, expected)) {
        p.response = ChannelResponse::Error(401, "bad X-Lark-Signature");
        return p;
      }
    }
    const auto plain = j["encrypt"].is_string()
                           ? FeishuDecrypt(encrypt_key_, j["encrypt"].get<std::string>())
                           : std::nullopt;
    j = plain ? json::parse(*plain, nullptr, false) : json();
    if (!j.is_object()) {
      p.response = ChannelResponse::Error(400, "cannot decrypt the event");
      return p;
    }
  } else if (!encrypt_key_.empty() && Str(j, {"type"}) != "url_verification") {
    p.response =
        ChannelResponse::Error(401, "events must be encrypted when an Encrypt Key is configured");
    return p;
  }

  if (Str(j, {"type"}) == "url_verification") {
    if (!ConstantTimeEquals(Str(j, {"token"}), token_)) {
      p.response = ChannelResponse::Error(401, "bad verification token");
      return p;
    }
    p.response = ChannelResponse::Json(200, json{{"challenge", Str(j, {"challenge"})}}.dump());
    return p;
  }
  if (!ConstantTimeEquals(Str(j, {"header", "token"}), token_)) {
    p.response = ChannelResponse::Error(401, "bad verification token");
    return p;
  }
  const std::string type = Str(j, {"event", "message", "message_type"});
  if (Str(j, {"header", "event_type"}) != "im.message.receive_v1" ||
      (type != "text" && type != "image") || Str(j, {"event", "sender", "sender_type"}) == "app") {
    p.response = ChannelResponse::Json(200, "{}");  // other events, and bots (ourselves included)
    return p;
  }
  IncomingMessage m;
  m.platform = "feishu";
  m.account = Str(j, {"header", "app_id"});
  m.chat = Str(j, {"event", "message", "chat_id"});
  m.user = Str(j, {"event", "sender", "sender_id", "open_id"});
  m.message_id = Str(j, {"event", "message", "message_id"});
  m.group = Str(j, {"event", "message", "chat_type"}) != "p2p";
  const json* mentions = Path(j, {"event", "message", "mentions"});
  m.mentioned = mentions != nullptr && mentions->is_array() && !mentions->empty();
  ReadContent(json::parse(Str(j, {"event", "message", "content"}), nullptr, false), type, m, p);
  if (m.chat.empty() || m.user.empty() || m.message_id.empty()) {
    p.response = ChannelResponse::Error(400, "missing chat_id, sender or message_id");
    return p;
  }
  p.context = json{{"message_id", m.message_id}, {"user", m.user}, {"group", m.group}}.dump();
  p.message = std::move(m);
  return p;
}

ChannelResponse FeishuChannel::Render(const Parsed&, const Reply&) const {
  return ChannelResponse::Json(200, "{}");
}

std::vector<std::pair<std::string, std::string>> FeishuChannel::Deferred(const Parsed& parsed,
                                                                         const Reply& reply) const {
  const json c = json::parse(parsed.context, nullptr, false);
  if (!reply.handled || reply.texts.empty() || !c.is_object()) return {};
  std::string text = OneMessage(reply.texts, kMaxReplyBytes);
  if (c.value("group", false)) text = "<at user_id=\"" + c.value("user", "") + "\"></at> " + text;
  return {{"feishu", json{{"message_id", c.value("message_id", "")}, {"text", text}}.dump()}};
}

}  // namespace beian
