// WeChat, DingTalk and WeCom adapters through a real server on 127.0.0.1:
// URL checks, good and forged signatures, stale timestamps, encrypted round
// trips, retries, groups and malformed bodies.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "bot/channels/wechat.h"
#include "bot/channels/wecom.h"
#include "bot/channels/wx_crypto.h"
#include "bot/channels/xml_fields.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

std::string Now() {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}
std::string NowMs() {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count());
}

std::string Field(const std::string& xml, const std::string& name) {
  const auto f = ParseXmlFields(xml);
  if (!f || !f->count(name)) return "";
  return f->at(name);
}

const std::string kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

struct WechatFixture {
  WechatChannel channel{"tok", "wxappid0000000001", kAesKey};
  test::ServerStack stack;
  WechatFixture() {
    stack.Add("/wechat", channel);
    stack.Start();
  }
  std::string Query(const std::string& ts, const std::string& nonce) {
    return "timestamp=" + ts + "&nonce=" + nonce + "&signature=" + SortedSha1({"tok", ts, nonce});
  }
  static std::string TextMessage(const std::string& content, const std::string& id) {
    return XmlFields({{"ToUserName", "gh_bot"},
                      {"FromUserName", "oUser1"},
                      {"CreateTime", "1700000000"},
                      {"MsgType", "text"},
                      {"Content", content},
                      {"MsgId", id}},
                     {"CreateTime", "MsgId"});
  }
};

TEST_CASE("WeChat: URL check echoes echostr; a forged signature is refused") {
  WechatFixture f;
  auto ok = f.stack.Client().Get("/wechat?" + f.Query("1714036504", "1514711492") +
                                 "&echostr=4375120948345356249");
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(ok->body == "4375120948345356249");
  auto bad = f.stack.Client().Get("/wechat?timestamp=1&nonce=2&signature=0000&echostr=x");
  REQUIRE(bad);
  CHECK(bad->status == 403);
  CHECK(json::parse(bad->body).contains("error"));
}

TEST_CASE("WeChat: a plain text message gets a passive XML reply; retries give the same reply") {
  WechatFixture f;
  const std::string ts = Now();
  const std::string body =
      WechatFixture::TextMessage("【主体负责人手机号码】不允许被多人使用", "9000000000000000001");
  auto res = f.stack.Client().Post("/wechat?" + f.Query(ts, "n1"), body, "text/xml");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(Field(res->body, "ToUserName") == "oUser1");
  CHECK(Field(res->body, "FromUserName") == "gh_bot");
  CHECK(Field(res->body, "MsgType") == "text");
  const std::string content = Field(res->body, "Content");
  CHECK(content.find("手机号") != std::string::npos);
  CHECK(content.size() <= WechatChannel::kMaxReplyBytes);
  auto again = f.stack.Client().Post("/wechat?" + f.Query(ts, "n1"), body, "text/xml");
  REQUIRE(again);
  CHECK(Field(again->body, "Content") == content);
}

TEST_CASE("WeChat: stale timestamps, forged signatures, DTDs and garbage are 4xx, never 5xx") {
  WechatFixture f;
  const std::string body = WechatFixture::TextMessage("你好", "1");
  auto stale = f.stack.Client().Post("/wechat?" + f.Query("1409735669", "n"), body, "text/xml");
  REQUIRE(stale);
  CHECK(stale->status == 403);
  auto forged = f.stack.Client().Post("/wechat?timestamp=" + Now() + "&nonce=n&signature=abc", body,
                                      "text/xml");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  const std::string ts = Now();
  int n = 0;  // a nonce of its own per delivery, as WeChat sends them
  for (const std::string& bad :
       {std::string("not xml"), std::string("<xml><ToUserName>a</ToUserName>"),
        std::string(
            "<!DOCTYPE xml [<!ENTITY x "
            "\"boom\">]><xml><FromUserName>&x;</FromUserName><MsgType>text</MsgType></xml>"),
        std::string("<root/>"), std::string("<xml><MsgType>text</MsgType></xml>")}) {
    CAPTURE(bad);
    auto r =
        f.stack.Client().Post("/wechat?" + f.Query(ts, "n" + std::to_string(++n)), bad, "text/xml");
    REQUIRE(r);
    CHECK(r->status == 400);
  }
}

TEST_CASE("WeChat: safe mode decrypts the message and encrypts the reply") {
  WechatFixture f;
  const WxCrypt crypt("tok", kAesKey, "wxappid0000000001");
  const std::string ts = Now();
  const std::string enc =
      crypt.Encrypt(WechatFixture::TextMessage("通讯地址怎么填", "77"), "0123456789abcdef");
  const std::string body = XmlFields({{"ToUserName", "gh_bot"}, {"Encrypt", enc}});
  const std::string query =
      f.Query(ts, "n2") + "&encrypt_type=aes&msg_signature=" + crypt.Signature(ts, "n2", enc);
  auto res = f.stack.Client().Post("/wechat?" + query, body, "text/xml");
  REQUIRE(res);
  CHECK(res->status == 200);
  const std::string reply_enc = Field(res->body, "Encrypt");
  CHECK(Field(res->body, "MsgSignature") ==
        crypt.Signature(Field(res->body, "TimeStamp"), Field(res->body, "Nonce"), reply_enc));
  const auto plain = crypt.Decrypt(reply_enc);
  REQUIRE(plain.has_value());
  CHECK(Field(*plain, "Content").find("通讯地址") != std::string::npos);
  // A wrong msg_signature is refused.
  auto forged = f.stack.Client().Post(
      "/wechat?" + f.Query(ts, "n2") + "&encrypt_type=aes&msg_signature=00", body, "text/xml");
  REQUIRE(forged);
  CHECK(forged->status == 403);
}

TEST_CASE("WeChat: a new follower is greeted; images get a note; other events just success") {
  WechatFixture f;
  const std::string ts = Now();
  const std::string sub = XmlFields({{"ToUserName", "gh_bot"},
                                     {"FromUserName", "oNew"},
                                     {"CreateTime", "1"},
                                     {"MsgType", "event"},
                                     {"Event", "subscribe"}});
  auto r = f.stack.Client().Post("/wechat?" + f.Query(ts, "n1"), sub, "text/xml");
  REQUIRE(r);
  CHECK(Field(r->body, "Content").find("开始备案") != std::string::npos);
  const std::string img = XmlFields({{"ToUserName", "gh_bot"},
                                     {"FromUserName", "oNew"},
                                     {"CreateTime", "2"},
                                     {"MsgType", "image"},
                                     {"PicUrl", "http://x"}});
  r = f.stack.Client().Post("/wechat?" + f.Query(ts, "n2"), img, "text/xml");
  REQUIRE(r);
  CHECK(Field(r->body, "Content").find("文字") != std::string::npos);
  const std::string click = XmlFields({{"ToUserName", "gh_bot"},
                                       {"FromUserName", "oNew"},
                                       {"CreateTime", "3"},
                                       {"MsgType", "event"},
                                       {"Event", "VIEW"}});
  r = f.stack.Client().Post("/wechat?" + f.Query(ts, "n3"), click, "text/xml");
  REQUIRE(r);
  CHECK(r->body == "success");
}

TEST_CASE(
    "WeChat: a photo sent at an upload step is sent back to the filing page, and nothing is filled "
    "in") {
  WechatFixture f;
  const std::string ts = Now();
  int n = 0;
  const auto say = [&](const std::string& body) {
    auto r = f.stack.Client().Post("/wechat?" + f.Query(ts, "n" + std::to_string(++n)), body,
                                   "text/xml");
    REQUIRE(r);
    CHECK(r->status == 200);
    return Field(r->body, "Content");
  };
  say(WechatFixture::TextMessage("开始备案", "100"));
  say(WechatFixture::TextMessage("广东省 深圳市 南山区", "101"));
  CHECK(say(WechatFixture::TextMessage("企业", "102")).find("「上传证件」") != std::string::npos);
  const std::string photo = XmlFields({{"ToUserName", "gh_bot"},
                                       {"FromUserName", "oUser1"},
                                       {"CreateTime", "3"},
                                       {"MsgType", "image"},
                                       {"PicUrl", "http://x"},
                                       {"MsgId", "103"}},
                                      {"CreateTime", "MsgId"});
  const std::string note = say(photo);
  CHECK(note.find("要在备案页面里上传") != std::string::npos);
  CHECK(say(photo) == note);  // WeChat's retry: the same reply
  // Still at the upload step: the photo did not count as done.
  CHECK(say(WechatFixture::TextMessage("进度", "104")).find("「上传证件」") != std::string::npos);
  // At a step that wants text, a photo is answered with that step's question.
  say(WechatFixture::TextMessage("好了", "105"));
  const std::string voice = XmlFields({{"ToUserName", "gh_bot"},
                                       {"FromUserName", "oUser1"},
                                       {"CreateTime", "4"},
                                       {"MsgType", "voice"},
                                       {"MediaId", "m"},
                                       {"MsgId", "106"}},
                                      {"CreateTime", "MsgId"});
  const std::string asked = say(voice);
  CHECK(asked.find("请用文字回复") != std::string::npos);
  CHECK(asked.find("企业名称") != std::string::npos);
}

struct DingtalkFixture {
  DingtalkChannel channel{"SEC-test-secret"};
  test::ServerStack stack;
  DingtalkFixture() {
    stack.Add("/dingtalk", channel);
    stack.Start();
  }
  int sent_ = 0;
  httplib::Result Post(const json& body, const std::string& ts, const std::string& sign) {
    return stack.Client().Post("/dingtalk", {{"timestamp", ts}, {"sign", sign}}, body.dump(),
                               "application/json");
  }
  httplib::Result Post(const json& body) {
    // A timestamp of its own per delivery: the sign covers only it, so the
    // bot refuses one seen again with another body.
    const std::string ts = std::to_string(std::stoll(NowMs()) + sent_++);
    return Post(body, ts,
                Base64Encode(HmacSha256("SEC-test-secret", ts + "\n" + "SEC-test-secret")));
  }
  static json Message(const std::string& text, bool group, bool at, const std::string& id) {
    return {{"conversationId", "cid1"},
            {"conversationType", group ? "2" : "1"},
            {"msgId", id},
            {"msgtype", "text"},
            {"text", {{"content", text}}},
            {"senderId", "$:sender"},
            {"senderStaffId", "staff7"},
            {"senderNick", "小李"},
            {"isInAtList", at},
            {"chatbotUserId", "$:bot"}};
  }
};

TEST_CASE("DingTalk: signed messages are answered; forged, stale and unsigned ones are 401") {
  DingtalkFixture f;
  auto ok = f.Post(DingtalkFixture::Message(" 验证码不正确", false, false, "d1"));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  const json j = json::parse(ok->body);
  CHECK(j.at("msgtype") == "markdown");  // a full answer with steps
  CHECK(j.at("markdown").at("title").get<std::string>().find("验证码不正确") != std::string::npos);
  CHECK(j.at("markdown").at("text").get<std::string>().find("  1. ") != std::string::npos);
  auto short_reply = f.Post(DingtalkFixture::Message("谢谢", false, false, "d0"));
  REQUIRE(short_reply);
  CHECK(json::parse(short_reply->body).at("msgtype") == "text");

  const std::string ts = NowMs();
  auto forged = f.Post(DingtalkFixture::Message("x", false, false, "d2"), ts, "AAAA");
  REQUIRE(forged);
  CHECK(forged->status == 401);
  const std::string old = "1577262236757";
  auto stale = f.Post(DingtalkFixture::Message("x", false, false, "d3"), old,
                      Base64Encode(HmacSha256("SEC-test-secret", old + "\n" + "SEC-test-secret")));
  REQUIRE(stale);
  CHECK(stale->status == 401);
  auto unsigned_ = f.stack.Client().Post("/dingtalk", "{}", "application/json");
  REQUIRE(unsigned_);
  CHECK(unsigned_->status == 401);
  const std::string own =
      std::to_string(std::stoll(ts) - 5000);  // a timestamp no other delivery here used
  auto garbage = f.stack.Client().Post(
      "/dingtalk",
      {{"timestamp", own},
       {"sign", Base64Encode(HmacSha256("SEC-test-secret", own + "\nSEC-test-secret"))}},
      "{not json", "application/json");
  REQUIRE(garbage);
  CHECK(garbage->status == 400);
}

TEST_CASE("DingTalk: a picture is answered in text; in a group only when the bot is @-mentioned") {
  DingtalkFixture f;
  json picture = DingtalkFixture::Message("", false, false, "p1");
  picture["msgtype"] = "picture";
  picture.erase("text");
  picture["content"] = {{"downloadCode", "x"}};
  auto r = f.Post(picture);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body).dump().find("只能看懂文字消息") != std::string::npos);
  json in_group = picture;
  in_group["conversationType"] = "2";
  in_group["msgId"] = "p2";
  r = f.Post(in_group);
  REQUIRE(r);
  CHECK(json::parse(r->body).at("msgtype") == "empty");
}

TEST_CASE("DingTalk groups: silent unless @-mentioned; the answer @-mentions the sender") {
  DingtalkFixture f;
  auto quiet = f.Post(DingtalkFixture::Message("通讯地址怎么填", true, false, "g1"));
  REQUIRE(quiet);
  CHECK(json::parse(quiet->body).at("msgtype") == "empty");
  auto at = f.Post(DingtalkFixture::Message(" 通讯地址怎么填", true, true, "g2"));
  REQUIRE(at);
  const json j = json::parse(at->body);
  CHECK(j.at("at").at("atUserIds")[0] == "staff7");
  CHECK(j.at("markdown").at("text").get<std::string>().rfind("@staff7 ", 0) == 0);
  // The bot's own message echoed back is ignored.
  json self = DingtalkFixture::Message("你好", false, false, "g3");
  self["senderId"] = "$:bot";
  auto echo = f.Post(self);
  REQUIRE(echo);
  CHECK(json::parse(echo->body).at("msgtype") == "empty");
}

struct WecomFixture {
  WecomChannel channel{"QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                       "wx5823bf96d3bd56c7"};
  WxCrypt crypt{"QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7"};
  test::ServerStack stack;
  WecomFixture() {
    stack.Add("/wecom", channel);
    stack.Start();
  }
};

TEST_CASE("WeCom: the official URL check (TV-C1) answers the decrypted echostr") {
  WecomFixture f;
  auto r = f.stack.Client().Get(
      "/wecom?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce="
      "263014780&echostr="
      "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%"
      "2BFZXvnaqQ%3D%3D");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "1616140317555161061");
  auto bad = f.stack.Client().Get("/wecom?msg_signature=00&timestamp=1&nonce=2&echostr=abc");
  REQUIRE(bad);
  CHECK(bad->status == 403);
}

TEST_CASE("WeCom: an encrypted text message gets an encrypted passive reply") {
  WecomFixture f;
  const std::string ts = Now();
  const std::string inner = XmlFields({{"ToUserName", "wx5823bf96d3bd56c7"},
                                       {"FromUserName", "zhangsan"},
                                       {"CreateTime", ts},
                                       {"MsgType", "text"},
                                       {"Content", "人脸核身怎么做"},
                                       {"MsgId", "123456789"},
                                       {"AgentID", "1"}},
                                      {"CreateTime", "MsgId", "AgentID"});
  const std::string enc = f.crypt.Encrypt(inner, "abcdefghijklmnop");
  const std::string body =
      XmlFields({{"ToUserName", "wx5823bf96d3bd56c7"}, {"Encrypt", enc}, {"AgentID", "1"}});
  auto r = f.stack.Client().Post(
      "/wecom?msg_signature=" + f.crypt.Signature(ts, "77", enc) + "&timestamp=" + ts + "&nonce=77",
      body, "text/xml");
  REQUIRE(r);
  CHECK(r->status == 200);
  const auto plain = f.crypt.Decrypt(Field(r->body, "Encrypt"));
  REQUIRE(plain.has_value());
  CHECK(Field(*plain, "ToUserName") == "zhangsan");
  CHECK(Field(*plain, "Content").find("人脸核身") != std::string::npos);
  auto stale =
      f.stack.Client().Post("/wecom?msg_signature=" + f.crypt.Signature("1409659813", "77", enc) +
                                "&timestamp=1409659813&nonce=77",
                            body, "text/xml");
  REQUIRE(stale);
  CHECK(stale->status == 403);
}

TEST_CASE("WeCom: an encrypted image message names its picture by PicUrl and MediaId") {
  WecomFixture f;
  const std::string ts = Now();
  const auto request = [&](const std::string& type,
                           std::vector<std::pair<std::string, std::string>> extra) {
    std::vector<std::pair<std::string, std::string>> fields = {{"ToUserName", "wx5823bf96d3bd56c7"},
                                                               {"FromUserName", "lisi"},
                                                               {"CreateTime", ts},
                                                               {"MsgType", type},
                                                               {"MsgId", "42"},
                                                               {"AgentID", "1"}};
    fields.insert(fields.end(), extra.begin(), extra.end());
    const std::string enc = f.crypt.Encrypt(XmlFields(fields), "abcdefghijklmnop");
    ChannelRequest r;
    r.method = "POST";
    r.query = {
        {"msg_signature", f.crypt.Signature(ts, "9", enc)}, {"timestamp", ts}, {"nonce", "9"}};
    r.body = XmlFields({{"ToUserName", "wx5823bf96d3bd56c7"}, {"Encrypt", enc}, {"AgentID", "1"}});
    r.now_ms = std::stoll(ts) * 1000;
    return r;
  };
  const Parsed both = f.channel.Parse(request(
      "image", {{"PicUrl", "https://wework.qpic.cn/wwpic/shot/0"}, {"MediaId", "m-abc_1"}}));
  REQUIRE(both.message);
  CHECK(both.message->non_text);
  CHECK(both.message->text.empty());
  CHECK(both.image_url == "https://wework.qpic.cn/wwpic/shot/0");
  CHECK(both.media_key == "m-abc_1");
  const Parsed key_only = f.channel.Parse(request("image", {{"MediaId", "m-only"}}));
  REQUIRE(key_only.message);
  CHECK(key_only.image_url.empty());
  CHECK(key_only.media_key == "m-only");
  const Parsed voice = f.channel.Parse(request("voice", {{"MediaId", "m-voice"}}));
  REQUIRE(voice.message);  // a voice message's MediaId is no picture to read
  CHECK(voice.message->non_text);
  CHECK(voice.media_key.empty());
}

TEST_CASE("a platform that is not configured is not served (404)") {
  test::ServerStack stack;
  stack.Start();
  for (const char* path : {"/wechat", "/dingtalk", "/wecom", "/feishu", "/onebot"}) {
    CAPTURE(path);
    auto r = stack.Client().Post(path, "{}", "application/json");
    REQUIRE(r);
    CHECK(r->status == 404);
  }
}

}  // namespace
}  // namespace beian
