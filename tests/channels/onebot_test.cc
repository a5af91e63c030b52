// QQ through OneBot v11 at POST /onebot, through a real server on 127.0.0.1.
#include "bot/channels/onebot.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

struct OnebotFixture {
  OnebotChannel channel{"qq-secret"};
  test::ServerStack stack;
  OnebotFixture() {
    stack.Add("/onebot", channel);
    stack.Start();
  }
  httplib::Result Post(const json& event, const std::string& signature = "") {
    const std::string body = event.dump();
    const std::string sig =
        signature.empty() ? "sha1=" + HmacSha1Hex("qq-secret", body) : signature;
    return stack.Client().Post("/onebot", {{"X-Signature", sig}}, body, "application/json");
  }
  static json Event(const json& message, bool group, int id, long user = 2002) {
    json e = {{"time", 1700000000},
              {"self_id", 1001},
              {"post_type", "message"},
              {"message_type", group ? "group" : "private"},
              {"message_id", id},
              {"user_id", user},
              {"message", message},
              {"sender", {{"user_id", user}, {"nickname", "小张"}, {"card", ""}}}};
    if (group) e["group_id"] = 3003;
    return e;
  }
};

TEST_CASE("OneBot: a private CQ-string message gets a quick-operation reply, escaped") {
  OnebotFixture f;
  auto r = f.Post(OnebotFixture::Event("验证码不正确", false, 1));
  REQUIRE(r);
  CHECK(r->status == 200);
  const json j = json::parse(r->body);
  CHECK(j.at("reply").get<std::string>().find("验证码") != std::string::npos);
  CHECK(j.at("auto_escape") == true);
  CHECK_FALSE(j.contains("at_sender"));
  auto again = f.Post(OnebotFixture::Event("验证码不正确", false, 1));  // the same message_id
  REQUIRE(again);
  CHECK(json::parse(again->body) == j);
}

TEST_CASE("OneBot groups: answered when @-mentioned (string or segments), silent otherwise") {
  OnebotFixture f;
  auto quiet = f.Post(OnebotFixture::Event("通讯地址怎么填", true, 10));
  REQUIRE(quiet);
  CHECK(quiet->status == 204);
  auto other_at = f.Post(OnebotFixture::Event("[CQ:at,qq=10012] 通讯地址怎么填", true, 11));
  REQUIRE(other_at);
  CHECK(other_at->status == 204);
  auto at = f.Post(OnebotFixture::Event("[CQ:at,qq=1001] 通讯地址怎么填", true, 12));
  REQUIRE(at);
  CHECK(at->status == 200);
  CHECK(json::parse(at->body).at("at_sender") == true);
  const json segments = json::array({{{"type", "at"}, {"data", {{"qq", "1001"}}}},
                                     {{"type", "text"}, {"data", {{"text", " 人脸核身怎么做"}}}}});
  auto seg = f.Post(OnebotFixture::Event(segments, true, 13));
  REQUIRE(seg);
  CHECK(json::parse(seg->body).at("reply").get<std::string>().find("人脸核身") !=
        std::string::npos);
}

TEST_CASE("OneBot: forged or missing signatures are 401; other events and own messages 204") {
  OnebotFixture f;
  auto forged = f.Post(OnebotFixture::Event("你好", false, 20), "sha1=0000");
  REQUIRE(forged);
  CHECK(forged->status == 401);
  auto missing = f.stack.Client().Post("/onebot", OnebotFixture::Event("你好", false, 21).dump(),
                                       "application/json");
  REQUIRE(missing);
  CHECK(missing->status == 401);
  json notice = {{"post_type", "notice"}, {"notice_type", "group_increase"}, {"self_id", 1001}};
  auto n = f.Post(notice);
  REQUIRE(n);
  CHECK(n->status == 204);
  auto own = f.Post(OnebotFixture::Event("你好", false, 22, 1001));
  REQUIRE(own);
  CHECK(own->status == 204);
  const std::string garbage = "{not json";
  auto bad = f.stack.Client().Post("/onebot",
                                   {{"X-Signature", "sha1=" + HmacSha1Hex("qq-secret", garbage)}},
                                   garbage, "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

ChannelRequest Signed(const nlohmann::json& event) {
  ChannelRequest in;
  in.method = "POST";
  in.body = event.dump();
  in.headers["x-signature"] = "sha1=" + HmacSha1Hex("qq-secret", in.body);
  return in;
}

TEST_CASE("OneBot: a picture alone is a screenshot to download; a picture with words is text") {
  const OnebotChannel channel("qq-secret");
  const nlohmann::json segments = nlohmann::json::array(
      {{{"type", "image"},
        {"data", {{"file", "a.image"}, {"url", "https://gchat.qpic.cn/x?term=2&is_origin=1"}}}}});
  const Parsed seg = channel.Parse(Signed(OnebotFixture::Event(segments, false, 7)));
  REQUIRE(seg.message);
  CHECK(seg.message->non_text);
  CHECK(seg.image_url == "https://gchat.qpic.cn/x?term=2&is_origin=1");
  const Parsed cq = channel.Parse(Signed(OnebotFixture::Event(
      "[CQ:image,file=a.image,url=https://gchat.qpic.cn/x?term=2&amp;is_origin=1&#44;b]", true,
      8)));
  REQUIRE(cq.message);
  CHECK(cq.message->non_text);
  CHECK(cq.image_url == "https://gchat.qpic.cn/x?term=2&is_origin=1,b");
  const Parsed words = channel.Parse(Signed(OnebotFixture::Event(
      "看看这个[CQ:image,file=a.image,url=https://gchat.qpic.cn/x]", false, 9)));
  REQUIRE(words.message);
  CHECK_FALSE(words.message->non_text);
  CHECK(words.message->text == "看看这个");
  CHECK(words.image_url.empty());
}

}  // namespace
}  // namespace beian
