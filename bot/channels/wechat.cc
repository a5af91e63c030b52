#include "bot/channels/wechat.h"

#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/channels/xml_fields.h"
#include "bot/core/reply_limits.h"

namespace beian {
namespace {

using nlohmann::json;

ChannelResponse Text(int status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body)};
}

// The top-level fields of a JSON push (mini programs may choose JSON);
// numbers such as MsgId are kept as their exact digits.
std::optional<std::map<std::string, std::string>> ParseJsonFields(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) {
      out.emplace(key, value.get<std::string>());
    } else if (value.is_number_unsigned()) {
      out.emplace(key, std::to_string(value.get<std::uint64_t>()));
    } else if (value.is_number_integer()) {
      out.emplace(key, std::to_string(value.get<std::int64_t>()));
    }
  }
  return out;
}

bool LooksLikeJson(std::string_view body) {
  const auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && body[first] == '{';
}

}  // namespace

WechatChannel::WechatChannel(std::string token, std::string appid, const std::string& aes_key,
                             bool mini_program)
    : token_(std::move(token)), appid_(std::move(appid)), mini_program_(mini_program) {
  if (!aes_key.empty()) crypt_ = std::make_unique<WxCrypt>(token_, aes_key, appid_);
}

Parsed WechatChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  if (auto refused = Verify(request)) {
    p.response = std::move(*refused);
    return p;
  }
  const bool json_push = LooksLikeJson(request.body);
  const bool encrypted = FieldOr(request.query, "encrypt_type") == "aes";
  std::map<std::string, std::string> fields;
  if (auto refused = Fields(request, json_push, encrypted, fields)) {
    p.response = std::move(*refused);
    return p;
  }
  const std::string from = FieldOr(fields, "FromUserName");
  const std::string type = FieldOr(fields, "MsgType");
  if (from.empty() || type.empty()) {
    p.response = ChannelResponse::Error(400, "missing FromUserName or MsgType");
    return p;
  }
  p.context = json{{"from", from},
                   {"to", FieldOr(fields, "ToUserName")},
                   {"enc", encrypted},
                   {"ts", FieldOr(request.query, "timestamp")},
                   {"nonce", FieldOr(request.query, "nonce")},
                   {"deferred", mini_program_ || json_push}}
                  .dump();
  if (type == "event" && FieldOr(fields, "Event") != "subscribe") {
    p.response = Text(200, "success");  // other events need no answer
    return p;
  }
  p.message = Message(fields);
  if (type == "image") {  // a screenshot to read: by its PicUrl, or else by its MediaId
    p.image_url = FieldOr(fields, "PicUrl");
    p.media_key = FieldOr(fields, "MediaId");
  }
  return p;
}

std::optional<ChannelResponse> WechatChannel::Verify(const ChannelRequest& request) const {
  const std::string timestamp = FieldOr(request.query, "timestamp");
  const std::string nonce = FieldOr(request.query, "nonce");
  if (!ConstantTimeEquals(FieldOr(request.query, "signature"),
                          SortedSha1({token_, timestamp, nonce}))) {
    return ChannelResponse::Error(403, "bad signature");
  }
  // Every verified (timestamp, nonce) is remembered with what it came with,
  // in both modes and for the URL check too: a safe-mode request resent as
  // plain text, or a URL check's signature reused on a POST, is a replay.
  if (replay_.Check(timestamp + '\x1f' + nonce, request.method + '\x1f' + request.body,
                    request.now_ms / 1000) == ReplayCache::Verdict::kReplay) {
    return ChannelResponse::Error(409, "replayed request");
  }
  if (request.method == "GET") return Text(200, FieldOr(request.query, "echostr"));
  if (!WithinWindow(timestamp, request.now_ms / 1000, kMaxSkewSeconds)) {
    return ChannelResponse::Error(403, "stale timestamp");
  }
  return std::nullopt;
}

std::optional<ChannelResponse> WechatChannel::Fields(
    const ChannelRequest& request, bool json_push, bool encrypted,
    std::map<std::string, std::string>& out) const {
  auto outer = json_push ? ParseJsonFields(request.body) : ParseXmlFields(request.body);
  if (!outer) {
    return ChannelResponse::Error(
        400, json_push ? "body is not a JSON object" : "body is not WeChat XML");
  }
  if (!encrypted) {
    out = std::move(*outer);
    return std::nullopt;
  }
  if (!crypt_) {
    return ChannelResponse::Error(400, "safe mode needs the EncodingAESKey in the configuration");
  }
  const std::string enc = FieldOr(*outer, "Encrypt");
  if (!ConstantTimeEquals(FieldOr(request.query, "msg_signature"),
                          crypt_->Signature(FieldOr(request.query, "timestamp"),
                                            FieldOr(request.query, "nonce"), enc))) {
    return ChannelResponse::Error(403, "bad msg_signature");
  }
  const auto plain = crypt_->Decrypt(enc);
  auto inner = !plain ? std::nullopt : json_push ? ParseJsonFields(*plain) : ParseXmlFields(*plain);
  if (!inner) return ChannelResponse::Error(400, "cannot decrypt the message");
  out = std::move(*inner);
  return std::nullopt;
}

IncomingMessage WechatChannel::Message(const std::map<std::string, std::string>& fields) {
  IncomingMessage m;
  const std::string from = FieldOr(fields, "FromUserName");
  const std::string type = FieldOr(fields, "MsgType");
  m.platform = "wechat";
  m.account = FieldOr(fields, "ToUserName");
  m.chat = from;
  m.user = from;
  if (type == "text") {
    m.text = FieldOr(fields, "Content");
    m.message_id = FieldOr(fields, "MsgId");
  } else if (type == "event") {  // subscribe: greeted like a 你好
    m.text = "你好";
    m.message_id = from + ":" + FieldOr(fields, "CreateTime");
  } else {
    m.non_text = true;  // image, voice, video, file, link, location …
    m.message_id = FieldOr(fields, "MsgId");
  }
  return m;
}

ChannelResponse WechatChannel::TextReply(const std::string& to, const std::string& from,
                                         const std::string& text, bool encrypted,
                                         const std::string& timestamp,
                                         const std::string& nonce) const {
  const std::string now = timestamp.empty() ? "0" : timestamp;
  const std::string xml = XmlFields({{"ToUserName", to},
                                     {"FromUserName", from},
                                     {"CreateTime", now},
                                     {"MsgType", "text"},
                                     {"Content", text}},
                                    {"CreateTime"});
  if (!encrypted || !crypt_) return {200, "application/xml; charset=utf-8", xml};
  const std::string enc = crypt_->Encrypt(xml, RandomAlnum16());
  return {200, "application/xml; charset=utf-8",
          XmlFields({{"Encrypt", enc},
                     {"MsgSignature", crypt_->Signature(now, nonce, enc)},
                     {"TimeStamp", now},
                     {"Nonce", nonce}},
                    {"TimeStamp"})};
}

ChannelResponse WechatChannel::Render(const Parsed& parsed, const Reply& reply) const {
  if (!reply.handled || reply.texts.empty()) return Text(200, "success");
  const json c = json::parse(parsed.context, nullptr, false);
  if (!c.is_object() || c.value("deferred", false)) return Text(200, "success");
  return TextReply(c.value("from", ""), c.value("to", ""), OneMessage(reply.texts, kMaxReplyBytes),
                   c.value("enc", false), c.value("ts", ""), c.value("nonce", ""));
}

std::vector<std::pair<std::string, std::string>> WechatChannel::Deferred(const Parsed& parsed,
                                                                         const Reply& reply) const {
  const json c = json::parse(parsed.context, nullptr, false);
  if (!c.is_object() || !c.value("deferred", false)) return {};
  return CsMessages(parsed, reply);
}

std::vector<std::pair<std::string, std::string>> WechatChannel::Late(const Parsed& parsed,
                                                                     const Reply& reply) const {
  return RepliesLate(parsed) ? CsMessages(parsed, reply) : decltype(Late(parsed, reply)){};
}

bool WechatChannel::RepliesLate(const Parsed& parsed) const {
  const json c = json::parse(parsed.context, nullptr, false);
  return late_replies_ || (c.is_object() && c.value("deferred", false));
}

std::vector<std::pair<std::string, std::string>> WechatChannel::CsMessages(
    const Parsed& parsed, const Reply& reply) const {
  std::vector<std::pair<std::string, std::string>> out;
  const json c = json::parse(parsed.context, nullptr, false);
  if (!reply.handled || reply.texts.empty() || !c.is_object()) return out;
  std::string all;
  for (const auto& t : reply.texts) all += (all.empty() ? "" : "\n\n") + t;
  auto pieces = SplitUtf8(all, kMaxReplyBytes);
  if (pieces.size() > kMaxCsMessages) {  // keep within WeChat's quota of messages per user message
    pieces.resize(kMaxCsMessages);
    pieces.back() = OneMessage({pieces.back() + "\n"}, kMaxReplyBytes / 2);
  }
  for (const auto& piece : pieces) {
    out.emplace_back("wechat-cs", json{{"touser", c.value("from", "")}, {"text", piece}}.dump());
  }
  return out;
}

}  // namespace beian
