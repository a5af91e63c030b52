// JSON text written directly must read back as nlohmann writes it.
#include "knowledge/json_text.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "knowledge/normalizer.h"

namespace beian {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST_CASE("strings are written exactly as nlohmann::json::dump writes them") {
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls += c;
  for (const std::string& s : {std::string(), std::string("plain"),
                               std::string("【主体负责人应急联系方式】不允许被多人使用"), controls,
                               std::string("say \"hi\" \\ back\\slash / \x7f"),
                               std::string("emoji 😀 ⟨𝄞⟩"), std::string("a\0b", 3)}) {
    CAPTURE(s);
    CHECK(Quoted(s) == nlohmann::json(s).dump());
  }
  // Random text over every plane (surrogates excluded: not characters).
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> plane(0, 3), pick(0, 0x10FFFF);
  for (int i = 0; i < 2000; ++i) {
    std::u32string text;
    for (int n = 0; n < 12; ++n) {
      const int kind = plane(rng);
      char32_t c = kind == 0   ? static_cast<char32_t>(pick(rng) % 0x80)
                   : kind == 1 ? static_cast<char32_t>(0x4E00 + pick(rng) % 0x5000)
                               : static_cast<char32_t>(pick(rng));
      if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
      text += c;
    }
    const std::string s = EncodeUtf8(text);
    REQUIRE(Quoted(s) == nlohmann::json(s).dump());
  }
}

TEST_CASE("bytes that are not UTF-8 become U+FFFD, and the result always parses") {
  for (const std::string& bad :
       {std::string("\xff"), std::string("ab\xe4\xb8"), std::string("\xed\xa0\x80x"),
        std::string("\xc0\xaf"), std::string("\xf4\x90\x80\x80"), std::string("中\x80文")}) {
    CAPTURE(bad);
    const auto parsed = nlohmann::json::parse(Quoted(bad), nullptr, false);
    REQUIRE(parsed.is_string());
    CHECK(parsed.get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
  }
  CHECK(nlohmann::json::parse(Quoted("中\x80文")).get<std::string>() == "中\xEF\xBF\xBD文");
}

TEST_CASE(
    "every short byte string: valid UTF-8 exactly as nlohmann writes it, the rest with U+FFFD") {
  // The boundary bytes of RFC 3629's table, in every order up to 4 long:
  // nlohmann's strict dump is the judge of what is valid.
  const unsigned char bytes[] = {0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                 0xDF, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  const size_t n = std::size(bytes);
  size_t valid = 0, invalid = 0;
  for (size_t len = 1; len <= 4; ++len) {
    size_t total = 1;
    for (size_t k = 0; k < len; ++k) total *= n;
    for (size_t code = 0; code < total; ++code) {
      std::string s;
      for (size_t k = 0, c = code; k < len; ++k, c /= n) s += static_cast<char>(bytes[c % n]);
      std::string strict;
      try {
        strict = nlohmann::json(s).dump();
      } catch (const nlohmann::json::type_error&) {
      }
      const std::string mine = Quoted(s);
      if (!strict.empty()) {
        ++valid;
        REQUIRE(mine == strict);
      } else {
        ++invalid;
        REQUIRE(nlohmann::json::parse(mine, nullptr, false).is_string());
        REQUIRE(mine.find("\xEF\xBF\xBD") != std::string::npos);
      }
    }
  }
  CHECK(valid > 500);
  CHECK(invalid > 1000);
}

TEST_CASE("a list of texts is the JSON array nlohmann writes") {
  const std::vector<std::string> texts{"第一条", "two \"quoted\"\nlines", ""};
  CHECK(JsonStringArray(texts) == nlohmann::json(texts).dump());
  CHECK(JsonStringArray({}) == "[]");
}

}  // namespace
}  // namespace beian
