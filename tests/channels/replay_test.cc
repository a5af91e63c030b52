// Signatures that do not cover the body (WeChat plain mode, DingTalk) cannot
// be replayed with another body; the platform's own retries still work.
#include <doctest/doctest.h>

#include "bot/channels/replay_cache.h"
#include "tests/bot/bot_process.h"
#include "tests/bot/platform_requests.h"

namespace beian {
namespace {

TEST_CASE(
    "ReplayCache: a key with its own body is a retry, with another body a replay, until the window "
    "ends") {
  ReplayCache cache(600, 1000, /*retries_allowed=*/true);
  CHECK(cache.Check("ts1|n1", "<xml>a</xml>", 1000) == ReplayCache::Verdict::kNew);
  CHECK(cache.Check("ts1|n1", "<xml>a</xml>", 1001) == ReplayCache::Verdict::kRetry);
  CHECK(cache.Check("ts1|n1", "<xml>b</xml>", 1002) == ReplayCache::Verdict::kReplay);
  CHECK(cache.Check("ts1|n2", "<xml>b</xml>", 1002) == ReplayCache::Verdict::kNew);
  CHECK(cache.Check("ts1|n1", "<xml>b</xml>", 1000 + 601) ==
        ReplayCache::Verdict::kNew);  // forgotten after the window
  ReplayCache once(600, 1000, /*retries_allowed=*/false);
  CHECK(once.Check("sig", "body", 1) == ReplayCache::Verdict::kNew);
  CHECK(once.Check("sig", "body", 2) == ReplayCache::Verdict::kReplay);
}

TEST_CASE("ReplayCache stays bounded under a flood of distinct keys") {
  ReplayCache cache(600, 1000, true);
  for (int i = 0; i < 100'000; ++i) (void)cache.Check("k" + std::to_string(i), "b", 5);
  CHECK(cache.size() <= 1000);
  CHECK(cache.Check("k99999", "other", 5) ==
        ReplayCache::Verdict::kReplay);  // the newest are still known
}

TEST_CASE(
    "a captured WeChat plain-mode or DingTalk signature replayed with another body is refused; "
    "retries are answered") {
  test::TempDir tmp;
  test::BotProcess bot(tmp.path() / "data");
  auto client = bot.Client();
  const std::string ts = std::to_string(test::NowMillis() / 1000);
  const std::string ms = std::to_string(test::NowMillis() + 100);
  struct Case {
    const char* name;
    test::PlatformRequest genuine, forged;
  };
  const Case cases[] = {
      {"wechat",
       test::WechatPlainRequest(test::WechatText("oVictim", "开始备案", "7001"), ts,
                                "captured-nonce"),
       test::WechatPlainRequest(test::WechatText("oVictim", "重新开始", "7002"), ts,
                                "captured-nonce")},
      {"dingtalk", test::DingtalkRequest(test::DingtalkText("victim", "开始备案", "d7001"), ms),
       test::DingtalkRequest(test::DingtalkText("victim", "转人工", "d7002"), ms)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto first = test::Send(client, c.genuine);
    REQUIRE(first);
    CHECK(first->status == 200);
    auto retry = test::Send(client, c.genuine);  // the platform retrying: the same reply
    REQUIRE(retry);
    CHECK(retry->status == 200);
    CHECK(retry->body == first->body);
    auto replay = test::Send(client, c.forged);  // the captured signature, another body
    REQUIRE(replay);
    CHECK(replay->status == 409);
    CHECK(replay->body.find("replayed request") != std::string::npos);
  }
  CHECK(bot.Alive());
}

TEST_CASE(
    "a WeChat safe-mode signature resent as plain text, or a URL check's signature on a POST, is a "
    "replay") {
  test::TempDir tmp;
  test::BotProcess bot(tmp.path() / "data");
  auto client = bot.Client();
  auto safe = test::WechatSafeRequest(test::WechatText("oVictim2", "开始备案", "7101"));
  auto first = test::Send(client, safe);
  REQUIRE(first);
  CHECK(first->status == 200);
  // The same query without encrypt_type (its plain signature is valid), another body.
  test::PlatformRequest downgraded = safe;
  downgraded.path = downgraded.path.substr(0, downgraded.path.find("&encrypt_type="));
  downgraded.body = test::WechatText("oVictim2", "重新开始", "7102");
  auto replay = test::Send(client, downgraded);
  REQUIRE(replay);
  CHECK(replay->status == 409);
  // A URL check, then its signature on a message.
  const std::string ts = std::to_string(test::NowMillis() / 1000);
  test::PlatformRequest check = test::WechatPlainRequest("", ts, "url-check-nonce");
  auto echo = client.Get(check.path + "&echostr=hello");
  REQUIRE(echo);
  CHECK(echo->body == "hello");
  auto forged =
      test::Send(client, test::WechatPlainRequest(test::WechatText("oVictim3", "转人工", "7103"),
                                                  ts, "url-check-nonce"));
  REQUIRE(forged);
  CHECK(forged->status == 409);
}

}  // namespace
}  // namespace beian
