#include "bot/channels/wecom.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "bot/channels/crypto.h"
#include "bot/channels/xml_fields.h"
#include "bot/core/bot_texts.h"

namespace beian {
namespace {

using nlohmann::json;

// An AgentID as message/send takes it (a number), or nullopt.
std::optional<std::int64_t> AgentId(const std::string& text) {
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

}  // namespace

WecomChannel::WecomChannel(std::string token, const std::string& aes_key, std::string corp_id)
    : corp_id_(corp_id), crypt_(std::move(token), aes_key, std::move(corp_id)) {}

Parsed WecomChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  const std::string timestamp = FieldOr(request.query, "timestamp");
  const std::string nonce = FieldOr(request.query, "nonce");
  const std::string signature = FieldOr(request.query, "msg_signature");
  if (request.method == "GET") {
    const std::string echostr = FieldOr(request.query, "echostr");
    if (!ConstantTimeEquals(signature, crypt_.Signature(timestamp, nonce, echostr))) {
      p.response = ChannelResponse::Error(403, "bad msg_signature");
      return p;
    }
    const auto plain = crypt_.Decrypt(echostr);
    p.response = plain ? ChannelResponse{200, "text/plain; charset=utf-8", *plain}
                       : ChannelResponse::Error(400, "cannot decrypt echostr");
    return p;
  }
  if (!WithinWindow(timestamp, request.now_ms / 1000, kMaxSkewSeconds)) {
    p.response = ChannelResponse::Error(403, "stale or bad timestamp");
    return p;
  }
  const auto outer = ParseXmlFields(request.body);
  if (!outer) {
    p.response = ChannelResponse::Error(400, "body is not WeCom XML");
    return p;
  }
  const std::string enc = FieldOr(*outer, "Encrypt");
  if (!ConstantTimeEquals(signature, crypt_.Signature(timestamp, nonce, enc))) {
    p.response = ChannelResponse::Error(403, "bad msg_signature");
    return p;
  }
  const auto plain = crypt_.Decrypt(enc);
  const auto fields = plain ? ParseXmlFields(*plain) : std::nullopt;
  if (!fields) {
    p.response = ChannelResponse::Error(400, "cannot decrypt the message");
    return p;
  }
  const std::string from = FieldOr(*fields, "FromUserName");
  if (from.empty()) {
    p.response = ChannelResponse::Error(400, "missing FromUserName");
    return p;
  }
  p.context = json{{"from", from},
                   {"ts", timestamp},
                   {"nonce", nonce},
                   {"agent", FieldOr(*fields, "AgentID")}}
                  .dump();
  const std::string type = FieldOr(*fields, "MsgType");
  if (type == "event") {
    p.response = ChannelResponse{200, "text/plain; charset=utf-8", ""};
    return p;
  }
  if (type.empty()) {  // not a message we know: answered, nothing stored
    p.response = EncryptedText(from, Say(BotText::kUnknownMessage), timestamp, nonce);
    return p;
  }
  IncomingMessage m;
  m.platform = "wecom";
  m.account = FieldOr(*fields, "ToUserName") + ":" + FieldOr(*fields, "AgentID");
  m.chat = from;
  m.user = from;
  m.non_text = type != "text";  // image, voice, file …
  if (!m.non_text) m.text = FieldOr(*fields, "Content");
  m.message_id = FieldOr(*fields, "MsgId");
  if (type == "image") {  // a screenshot to read: by its PicUrl, or else by its MediaId
    p.image_url = FieldOr(*fields, "PicUrl");
    p.media_key = FieldOr(*fields, "MediaId");
  }
  p.message = std::move(m);
  return p;
}

ChannelResponse WecomChannel::EncryptedText(const std::string& to, const std::string& text,
                                            const std::string& timestamp,
                                            const std::string& nonce) const {
  const std::string xml = XmlFields({{"ToUserName", to},
                                     {"FromUserName", corp_id_},
                                     {"CreateTime", timestamp},
                                     {"MsgType", "text"},
                                     {"Content", text}},
                                    {"CreateTime"});
  const std::string enc = crypt_.Encrypt(xml, RandomAlnum16());
  return {200, "application/xml; charset=utf-8",
          XmlFields({{"Encrypt", enc},
                     {"MsgSignature", crypt_.Signature(timestamp, nonce, enc)},
                     {"TimeStamp", timestamp},
                     {"Nonce", nonce}},
                    {"TimeStamp"})};
}

ChannelResponse WecomChannel::Render(const Parsed& parsed, const Reply& reply) const {
  const json c = json::parse(parsed.context, nullptr, false);
  if (!reply.handled || reply.texts.empty() || !c.is_object())
    return {200, "text/plain; charset=utf-8", ""};
  return EncryptedText(c.value("from", ""), OneMessage(reply.texts, kMaxReplyBytes),
                       c.value("ts", ""), c.value("nonce", ""));
}

bool WecomChannel::RepliesLate(const Parsed& parsed) const {
  const json c = json::parse(parsed.context, nullptr, false);
  return late_replies_ && c.is_object() && AgentId(c.value("agent", "")).has_value();
}

std::vector<std::pair<std::string, std::string>> WecomChannel::Late(const Parsed& parsed,
                                                                    const Reply& reply) const {
  if (!RepliesLate(parsed) || !reply.handled || reply.texts.empty()) return {};
  const json c = json::parse(parsed.context);
  return {{"wecom", json{{"touser", c.value("from", "")},
                         {"agentid", *AgentId(c.value("agent", ""))},
                         {"text", OneMessage(reply.texts, kMaxReplyBytes)}}
                        .dump()}};
}

}  // namespace beian
