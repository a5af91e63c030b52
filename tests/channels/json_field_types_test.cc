// Fields of the wrong JSON type in signed DingTalk and OneBot bodies (found by
// fuzz_json_adapters): json::value() threw, and the server answered 500. They
// are now read as absent. An "at" segment no longer counts as a mention when
// the report has no self_id to compare it with.
#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "bot/channels/onebot.h"

namespace beian {
namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_CASE("DingTalk: a non-boolean isInAtList is not a mention, and no exception") {
  const DingtalkChannel channel("SEC-test-secret");
  ChannelRequest req;
  req.method = "POST";
  req.now_ms = NowMs();
  int n = 0;
  for (const char* at : {R"("gh_bot")", "1", "[true]", "null", "true"}) {
    CAPTURE(at);
    const std::string ts = std::to_string(req.now_ms + n++);  // a sign of its own per delivery
    req.headers = {{"timestamp", ts},
                   {"sign", Base64Encode(HmacSha256("SEC-test-secret", ts + "\nSEC-test-secret"))}};
    req.body =
        std::string(
            R"({"conversationId":"c1","conversationType":"2","senderId":"s1","msgtype":"text",)") +
        R"("text":{"content":"验证码不正确"},"isInAtList":)" + at + "}";
    const Parsed p = channel.Parse(req);
    REQUIRE(p.message.has_value());
    CHECK(p.message->mentioned == (std::string(at) == "true"));
  }
}

TEST_CASE(
    "OneBot: non-string post_type, message_type, segment types, texts and names are ignored") {
  const OnebotChannel channel("onebot-secret");
  ChannelRequest req;
  req.method = "POST";
  auto parse = [&](const std::string& body) {
    req.body = body;
    req.headers = {{"x-signature", "sha1=" + HmacSha1Hex("onebot-secret", body)}};
    return channel.Parse(req);
  };
  // Found by the fuzzer's sibling inputs: the report is not a message → 204.
  CHECK(parse(R"({"post_type":1,"message_type":"private","user_id":5})").response.status == 204);
  CHECK(
      parse(R"({"post_type":"message","message_type":["private"],"user_id":5})").response.status ==
      204);
  const Parsed p =
      parse(R"({"post_type":"message","message_type":"private","user_id":5,"message_id":7,)"
            R"("message":[{"type":1,"data":{"text":2}},{"type":"text","data":{"text":["x"]}},)"
            R"({"type":"text","data":{"text":"通讯地址怎么填"}},{"type":"at","data":{"qq":[1]}}],)"
            R"("sender":{"card":3,"nickname":"小明"}})");
  REQUIRE(p.message.has_value());
  CHECK(p.message->text == "通讯地址怎么填");
  CHECK(p.message->user_name == "小明");
  CHECK_FALSE(p.message->mentioned);
}

}  // namespace
}  // namespace beian
