// ParseXmlFields on hostile bytes: NUL bytes and invalid UTF-8 are refused
// like DTDs, never read as a message type or user id (added with the
// hostile-input test); a value written as several CDATA sections reads back
// whole (found by fuzz_xml).
#include "bot/channels/xml_fields.h"

#include <doctest/doctest.h>

namespace beian {
namespace {

using namespace std::string_literals;

TEST_CASE(
    "XML with NUL bytes or invalid UTF-8 is refused; valid UTF-8 and CDATA round trips are kept") {
  CHECK_FALSE(
      ParseXmlFields("<xml><FromUserName>o\0x</FromUserName><MsgType>text</MsgType></xml>"s));
  CHECK_FALSE(
      ParseXmlFields("<xml><FromUserName>o\xff\xfe</FromUserName><MsgType>text</MsgType></xml>"s));
  CHECK_FALSE(ParseXmlFields("<xml><MsgType>text\xc0\x80</MsgType></xml>"s));  // overlong NUL
  CHECK_FALSE(ParseXmlFields("<xml><Content>\xed\xa0\x80</Content></xml>"s));  // surrogate
  CHECK_FALSE(
      ParseXmlFields("<xml><Content>\xf4\x90\x80\x80</Content></xml>"s));  // beyond U+10FFFF
  CHECK_FALSE(ParseXmlFields("<xml><Content>\xe5\xa4</Content></xml>"s));  // cut character
  CHECK_FALSE(ParseXmlFields("<!doctype xml><xml><Content>x</Content></xml>"s));

  const auto ok = ParseXmlFields(
      "<xml><Content><![CDATA[备案 \xf0\x9f\x98\x80 ]]]]><![CDATA[>]]></Content></xml>"s);
  REQUIRE(ok.has_value());
  CHECK(ok->at("Content") == "备案 \xf0\x9f\x98\x80 ]]>");
  const auto again = ParseXmlFields(XmlFields({{"Content", ok->at("Content")}}));
  REQUIRE(again.has_value());
  CHECK(again->at("Content") == ok->at("Content"));

  // Found by fuzz_xml: "]]>" in plain text is written back as two CDATA
  // sections, which used to read back as the first one only.
  const auto text = ParseXmlFields("<xml><MsgType>7![CDATA[text]]></MsgType></xml>"s);
  REQUIRE(text.has_value());
  CHECK(text->at("MsgType") == "7![CDATA[text]]>");
  const auto written = ParseXmlFields(XmlFields({{"MsgType", text->at("MsgType")}}));
  REQUIRE(written.has_value());
  CHECK(written->at("MsgType") == "7![CDATA[text]]>");

  // Found by fuzz_xml: character references that decode to no character.
  CHECK_FALSE(ParseXmlFields("<xml><Content>&#2599125991;</Content></xml>"s));
  CHECK_FALSE(ParseXmlFields("<xml><Content>&#xD800;</Content></xml>"s));
  const auto refs = ParseXmlFields("<xml><Content>&lt;b&gt;&#x4E2D;&#25991;</Content></xml>"s);
  REQUIRE(refs.has_value());
  CHECK(refs->at("Content") == "<b>中文");
}

}  // namespace
}  // namespace beian
