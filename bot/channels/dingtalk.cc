#include "bot/channels/dingtalk.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/core/bot_texts.h"

namespace beian {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

Parsed DingtalkChannel::Parse(const ChannelRequest& request) const {
  Parsed p;
  if (request.method != "POST") {
    p.response = ChannelResponse::Error(405, "POST only");
    return p;
  }
  const auto ts = request.headers.find("timestamp");
  const auto sign = request.headers.find("sign");
  if (ts == request.headers.end() || sign == request.headers.end()) {
    p.response = ChannelResponse::Error(401, "missing timestamp or sign header");
    return p;
  }
  if (!WithinWindow(ts->second, request.now_ms, kMaxSkewMs)) {
    p.response = ChannelResponse::Error(401, "stale or bad timestamp");
    return p;
  }
  if (!ConstantTimeEquals(sign->second,
                          Base64Encode(HmacSha256(secret_, ts->second + "\n" + secret_)))) {
    p.response = ChannelResponse::Error(401, "bad sign");
    return p;
  }
  if (replay_.Check(ts->second, request.body, request.now_ms / 1000) ==
      ReplayCache::Verdict::kReplay) {
    p.response = ChannelResponse::Error(409, "replayed request");
    return p;
  }
  const auto body = ParseJsonBody(request.body, p);
  if (!body) return p;
  const json& j = *body;
  IncomingMessage m;
  m.platform = "dingtalk";
  m.account = Str(j, "chatbotUserId");
  m.chat = Str(j, "conversationId");
  m.user = Str(j, "senderStaffId");
  if (m.user.empty()) m.user = Str(j, "senderId");
  m.user_name = Str(j, "senderNick");
  m.message_id = Str(j, "msgId");
  m.group = Str(j, "conversationType") == "2";
  const auto at = j.find("isInAtList");  // j.value() would throw on a non-boolean (a 500)
  m.mentioned = at != j.end() && at->is_boolean() && at->get<bool>();
  m.from_self = !Str(j, "chatbotUserId").empty() && Str(j, "senderId") == Str(j, "chatbotUserId");
  if (m.chat.empty() || m.user.empty()) {
    p.response = ChannelResponse::Error(400, "missing conversationId or sender");
    return p;
  }
  const std::string type = Str(j, "msgtype");
  if (type.empty()) {  // not a message we know: answered, nothing stored
    p.response = ChannelResponse::Json(
        200,
        json{{"msgtype", "text"}, {"text", {{"content", Say(BotText::kUnknownMessage)}}}}.dump());
    return p;
  }
  m.non_text = type != "text";  // picture, richText, audio, file …
  const auto text = j.find("text");
  if (!m.non_text && text != j.end() && text->is_object()) m.text = Str(*text, "content");
  const auto content = j.find("content");
  if (type == "picture" && content != j.end() && content->is_object())
    p.media_key = Str(*content, "downloadCode");  // a screenshot: fetched through the robot API
  // The @name is already stripped by DingTalk, leaving spaces around the text.
  const auto first = m.text.find_first_not_of(" \t\r\n");
  m.text = first == std::string::npos ? "" : m.text.substr(first);
  p.context = json{{"staff", Str(j, "senderStaffId")},
                   {"group", m.group},
                   {"session", SessionWebhook(j, request.now_ms)}}
                  .dump();
  p.message = std::move(m);
  return p;
}

std::string DingtalkChannel::SessionWebhook(const json& message, std::int64_t now_ms) const {
  if (session_base_.empty()) return "";
  const std::string url = Str(message, "sessionWebhook");
  const auto expires = message.find("sessionWebhookExpiredTime");
  const std::string prefix = session_base_ + std::string(kSessionPath);
  const bool clean = std::none_of(url.begin(), url.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7f || c == '#' || c == '\\';
  });
  if (!clean || url.size() > 1024 || !url.starts_with(prefix)) return "";
  if (expires == message.end() || !expires->is_number_integer() ||
      expires->get<std::int64_t>() < now_ms + 60'000)
    return "";
  return url;
}

ChannelResponse DingtalkChannel::Render(const Parsed& parsed, const Reply& reply) const {
  const json body = Body(parsed, reply);
  if (body.is_null()) return ChannelResponse::Json(200, R"({"msgtype":"empty"})");
  return ChannelResponse::Json(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::vector<std::pair<std::string, std::string>> DingtalkChannel::Late(const Parsed& parsed,
                                                                       const Reply& reply) const {
  const json c = json::parse(parsed.context, nullptr, false);
  const json body = Body(parsed, reply);
  if (!c.is_object() || body.is_null() || c.value("session", std::string()).empty()) return {};
  return {{"dingtalk-session", json{{"url", c["session"]}, {"body", body}}.dump(
                                   -1, ' ', false, json::error_handler_t::replace)}};
}

bool DingtalkChannel::RepliesLate(const Parsed& parsed) const {
  const json c = json::parse(parsed.context, nullptr, false);
  return c.is_object() && !c.value("session", std::string()).empty();
}

json DingtalkChannel::Body(const Parsed& parsed, const Reply& reply) const {
  if (!reply.handled || reply.texts.empty()) return nullptr;
  const json c = json::parse(parsed.context, nullptr, false);
  const std::string text = OneMessage(reply.texts, kMaxReplyBytes);
  const std::string staff =
      c.is_object() && c.value("group", false) ? c.value("staff", std::string()) : "";
  json body;
  if (std::count(text.begin(), text.end(), '\n') >= kMarkdownLines) {
    // A full answer (title, steps, notes) reads better as markdown: keep each
    // line a line, and take the first one as the title.
    std::string md;
    std::string title = text.substr(0, text.find('\n'));
    for (const char* bracket : {"【", "】"}) {
      for (size_t at; (at = title.find(bracket)) != std::string::npos;)
        title.erase(at, std::string(bracket).size());
    }
    size_t start = 0;
    while (start <= text.size()) {
      const size_t end = text.find('\n', start);
      md += text.substr(start, end == std::string::npos ? std::string::npos : end - start) + "  \n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    if (!staff.empty()) md = "@" + staff + " " + md;
    body = {{"msgtype", "markdown"}, {"markdown", {{"title", title.substr(0, 90)}, {"text", md}}}};
  } else {
    body = {{"msgtype", "text"},
            {"text", {{"content", staff.empty() ? text : "@" + staff + " " + text}}}};
  }
  if (!staff.empty()) body["at"] = {{"atUserIds", {staff}}, {"isAtAll", false}};
  return body;
}

}  // namespace beian
