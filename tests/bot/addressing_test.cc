#include "bot/core/addressing.h"

#include <doctest/doctest.h>

#include "bot/core/message.h"
#include "tests/test_support.h"

namespace beian {
namespace {

TEST_CASE("Trimmed drops white space and final punctuation, whole characters only") {
  CHECK(Trimmed("  转人工？！ ") == "转人工");
  CHECK(Trimmed("人工客服~~") == "人工客服");
  CHECK(Trimmed("\t\n") == "");
  // 一 ends in byte 0x80 and 乂 in 0x82, the last bytes of 。 and ！: kept.
  CHECK(Trimmed("等一") == "等一");
  CHECK(Trimmed("乂。") == "乂");
}

TEST_CASE("a group message reaches the bot by mention, prefix or a recognised error") {
  const Matcher& matcher = test::ShippedMatcher();
  const GroupRule rule{"#备案", true};
  IncomingMessage m = IncomingMessage::Direct("api", "g1", "u1", "#备案 应急电话填谁的");
  m.group = true;
  CHECK(AddressedText(matcher, m, rule) == " 应急电话填谁的");
  m.text = "今天中午吃什么";
  CHECK_FALSE(AddressedText(matcher, m, rule));
  m.mentioned = true;
  CHECK(AddressedText(matcher, m, rule) == "今天中午吃什么");
}

}  // namespace
}  // namespace beian
