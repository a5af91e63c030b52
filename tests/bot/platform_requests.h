#pragma once

#include <atomic>

// Signed (and, where the platform encrypts, encrypted) requests for every
// adapter of a BotProcess, built with the secrets of BotSecrets.
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/channels/crypto.h"
#include "bot/channels/wx_crypto.h"
#include "bot/channels/xml_fields.h"
#include "tests/bot/bot_process.h"

namespace beian::test {

struct PlatformRequest {
  std::string path;  // with the query string
  httplib::Headers headers;
  std::string body;
  std::string content_type = "application/json";
};

inline std::int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline PlatformRequest ApiRequest(std::string body) {
  return {"/v1/messages", {}, std::move(body)};
}

// A nonce of its own for every request, as the platforms send them (the
// replay caches refuse a signature's nonce seen with another body).
inline std::string FreshNonce() {
  static std::atomic<int> n{0};
  return "n" + std::to_string(NowMillis()) + "-" + std::to_string(++n);
}

// A plain-mode WeChat push; `ts` defaults to now (a stale one tests replays).
inline PlatformRequest WechatPlainRequest(std::string body, std::string ts = "",
                                          std::string nonce = "") {
  if (ts.empty()) ts = std::to_string(NowMillis() / 1000);
  if (nonce.empty()) nonce = FreshNonce();
  return {"/wechat?timestamp=" + ts + "&nonce=" + nonce +
              "&signature=" + SortedSha1({BotSecrets::kWechatToken, ts, nonce}),
          {},
          std::move(body),
          "text/xml"};
}

inline PlatformRequest WechatSafeRequest(const std::string& inner) {
  const WxCrypt crypt(BotSecrets::kWechatToken, BotSecrets::kAesKey, BotSecrets::kWechatAppid);
  const std::string ts = std::to_string(NowMillis() / 1000);
  const std::string enc = crypt.Encrypt(inner, RandomAlnum16());
  const std::string nonce = FreshNonce();
  PlatformRequest r =
      WechatPlainRequest(XmlFields({{"ToUserName", "gh_bot"}, {"Encrypt", enc}}), ts, nonce);
  r.path += "&encrypt_type=aes&msg_signature=" + crypt.Signature(ts, nonce, enc);
  return r;
}

inline std::string WechatText(const std::string& from, const std::string& text,
                              const std::string& id) {
  return XmlFields({{"ToUserName", "gh_bot"},
                    {"FromUserName", from},
                    {"CreateTime", "1700000000"},
                    {"MsgType", "text"},
                    {"Content", text},
                    {"MsgId", id}},
                   {"CreateTime", "MsgId"});
}

inline PlatformRequest WecomRequest(const std::string& inner, std::string ts = "") {
  const WxCrypt crypt(BotSecrets::kWecomToken, BotSecrets::kWecomAesKey, BotSecrets::kWecomCorpId);
  if (ts.empty()) ts = std::to_string(NowMillis() / 1000);
  const std::string enc = crypt.Encrypt(inner, RandomAlnum16());
  return {
      "/wecom?msg_signature=" + crypt.Signature(ts, "77", enc) + "&timestamp=" + ts + "&nonce=77",
      {},
      XmlFields({{"ToUserName", BotSecrets::kWecomCorpId}, {"Encrypt", enc}, {"AgentID", "1"}}),
      "text/xml"};
}

inline std::string WecomText(const std::string& from, const std::string& text,
                             const std::string& id) {
  return XmlFields({{"ToUserName", BotSecrets::kWecomCorpId},
                    {"FromUserName", from},
                    {"CreateTime", "1700000000"},
                    {"MsgType", "text"},
                    {"Content", text},
                    {"MsgId", id},
                    {"AgentID", "1"}},
                   {"CreateTime", "MsgId", "AgentID"});
}

// `ts` defaults to now, one millisecond apart per request (DingTalk's sign
// covers only the timestamp: the bot refuses one seen with another body).
inline PlatformRequest DingtalkRequest(std::string body, std::string ts = "") {
  static std::atomic<std::int64_t> last{0};
  if (ts.empty()) {
    std::int64_t now = NowMillis(), seen = last.load();
    while (!last.compare_exchange_weak(seen, std::max(now, seen + 1))) {
    }
    ts = std::to_string(std::max(now, seen + 1));
  }
  const std::string secret = BotSecrets::kDingtalkSecret;
  return {"/dingtalk",
          {{"timestamp", ts}, {"sign", Base64Encode(HmacSha256(secret, ts + "\n" + secret))}},
          std::move(body)};
}

inline std::string DingtalkText(const std::string& user, const std::string& text,
                                const std::string& id) {
  return nlohmann::json{{"conversationId", "cid-" + user},
                        {"conversationType", "1"},
                        {"msgId", id},
                        {"msgtype", "text"},
                        {"text", {{"content", text}}},
                        {"senderId", "$:" + user},
                        {"senderStaffId", user},
                        {"senderNick", "测试"},
                        {"chatbotUserId", "$:bot"}}
      .dump();
}

// A Feishu event encrypted with the Encrypt Key and signed (X-Lark-Signature).
inline PlatformRequest FeishuRequest(const std::string& plaintext) {
  const std::string digest = Sha256Hex(BotSecrets::kFeishuEncryptKey);
  std::string key(32, '\0');
  for (size_t i = 0; i < 32; ++i)
    key[i] = static_cast<char>(std::stoi(digest.substr(2 * i, 2), nullptr, 16));
  const std::string iv = RandomAlnum16();
  std::string padded = plaintext;
  padded.append(16 - padded.size() % 16, static_cast<char>(16 - padded.size() % 16));
  const std::string body =
      nlohmann::json{{"encrypt", Base64Encode(iv + *Aes256CbcEncrypt(key, iv, padded))}}.dump();
  const std::string ts = std::to_string(NowMillis() / 1000);
  return {"/feishu",
          {{"X-Lark-Request-Timestamp", ts},
           {"X-Lark-Request-Nonce", "nonce1"},
           {"X-Lark-Signature", Sha256Hex(ts + "nonce1" + BotSecrets::kFeishuEncryptKey + body)}},
          body};
}

inline std::string FeishuText(const std::string& user, const std::string& text,
                              const std::string& id) {
  return nlohmann::json{{"schema", "2.0"},
                        {"header",
                         {{"event_id", "ev-" + id},
                          {"event_type", "im.message.receive_v1"},
                          {"token", BotSecrets::kFeishuToken}}},
                        {"event",
                         {{"sender", {{"sender_id", {{"open_id", user}}}, {"sender_type", "user"}}},
                          {"message",
                           {{"message_id", id},
                            {"chat_id", "oc-" + user},
                            {"chat_type", "p2p"},
                            {"message_type", "text"},
                            {"content", nlohmann::json{{"text", text}}.dump()}}}}}}
      .dump();
}

inline PlatformRequest OnebotRequest(std::string body) {
  return {"/onebot",
          {{"X-Signature", "sha1=" + HmacSha1Hex(BotSecrets::kOnebotSecret, body)}},
          std::move(body)};
}

inline std::string OnebotText(const std::string& user, const std::string& text,
                              const std::string& id) {
  return nlohmann::json{{"post_type", "message"},
                        {"message_type", "private"},
                        {"self_id", 10001},
                        {"user_id", user},
                        {"message_id", id},
                        {"message", text},
                        {"sender", {{"nickname", "测试"}}}}
      .dump();
}

inline httplib::Result Send(httplib::Client& c, const PlatformRequest& r) {
  return c.Post(r.path, r.headers, r.body, r.content_type);
}

}  // namespace beian::test
