// The text helpers the matcher reads a message with.
#include "knowledge/message_text.h"

#include <doctest/doctest.h>

namespace beian {
namespace {

TEST_CASE("sentences are cut after their ends and join back to the text") {
  const std::string_view text = "公司搬了。备案下来了！地址在哪改？会影响吗";
  const auto parts = Sentences(text);
  REQUIRE(parts.size() == 4);
  CHECK(parts[2] == "地址在哪改？");
  std::string joined;
  for (auto p : parts) joined += p;
  CHECK(joined == text);
}

TEST_CASE("a long asking sentence asks in its last asking clause and the one before it") {
  CHECK(AskingPart("备案还挂在公司名下，我想把它注销，请问在哪操作？") ==
        "我想把它注销，请问在哪操作？");
  CHECK(AskingPart("短的句子，能改吗") == "短的句子，能改吗");  // two clauses: all of it
  CHECK(AskingPart("一，二，三") == "一，二，三");              // nothing asks: all of it
}

TEST_CASE("a second question that opens as an aside is recognised") {
  CHECK(OpensAside("顺便问下备案要钱不？"));
  CHECK(OpensAside(" 另外，备案号要挂吗"));
  CHECK_FALSE(OpensAside("备案号要挂吗？还有别的吗"));
}

TEST_CASE("identifiers are dropped, words kept; glossary phrases keep one space") {
  CHECK(StripIdentifiers(U"appid wx1234567890abcdef 报错").find(U"wx") == std::u32string::npos);
  CHECK(StripIdentifiers(U"手机 13800138000 填谁").find(U"138") == std::u32string::npos);
  CHECK(StripIdentifiers(U"手机 13800138000 填谁").find(U"填谁") != std::u32string::npos);
  CHECK(WordForm(U"face verify") == U"face verify");
  CHECK(WordForm(U"应急 电话") == U"应急电话");
}

TEST_CASE("a word followed closely by another") {
  CHECK(Followed(U"百度智能小程序", U"百度", U"小程序", 3));
  CHECK_FALSE(Followed(U"百度了一下说小程序要备案", U"百度", U"小程序", 3));
  // Unless a character of `unless` stands between them, at every occurrence.
  CHECK_FALSE(Followed(U"给官网做过备案", U"官网", U"备案", 6, U"过已"));
  CHECK(Followed(U"给官网做过备案，官网备案", U"官网", U"备案", 6, U"过已"));
  CHECK(Followed(U"官网怎么备案", U"官网", U"备案", 6, U"过已"));
}

}  // namespace
}  // namespace beian
