#include "knowledge/normalizer.h"

#include <doctest/doctest.h>

#include <vector>

namespace beian {
namespace {

std::string N(const Normalizer& n, std::string_view s) { return EncodeUtf8(n.Normalize(s)); }

TEST_CASE("normalisation folds width, case, brackets and punctuation") {
  const Normalizer n;
  SUBCASE("full-width letters and digits become half-width, case folded") {
    CHECK(N(n, "ＡｐｐＩＤ１２３") == "appid123");
  }
  SUBCASE("every bracket style and the text between them") {
    CHECK(N(n, "【主体负责人】不允许") == "主体负责人 不允许");
    CHECK(N(n, "[主体负责人]不允许") == "主体负责人 不允许");
    CHECK(N(n, "［主体负责人］不允许") == "主体负责人 不允许");
    CHECK(N(n, "〔主体负责人〕不允许") == "主体负责人 不允许");
  }
  SUBCASE("quotes, commas and runs of whitespace fold to one separator") {
    CHECK(N(n, "选择“以上都不涉及”") == "选择 以上都不涉及");
    CHECK(N(n, "选择\"以上都不涉及\"") == "选择 以上都不涉及");
    CHECK(N(n, "  核验失败，，请 \t 重试。 ") == "核验失败 请 重试");
  }
  SUBCASE("newlines and control characters are separators too") {
    CHECK(N(n, "验证码\n不正确\r\n") == "验证码 不正确");
  }
}

TEST_CASE("the quick path for common characters gives what utf8proc gives") {
  // A no-break space sends a text down utf8proc's path (and becomes a
  // separator, dropped at the end): with and without it, every character of
  // the quick path must come out the same, alone and between words.
  const Normalizer n;
  const std::string slow = "\u00A0";
  std::vector<char32_t> chars;
  for (char32_t c = 0x20; c < 0x7F; ++c) chars.push_back(c);
  for (char32_t c = 0x4E00; c <= 0x9FFF; ++c) chars.push_back(c);
  for (char32_t c : {0x3000, 0x3001, 0x3002, 0x201C, 0x201D, 0x2018, 0x2019}) chars.push_back(c);
  for (char32_t c = 0x3008; c <= 0x3011; ++c) chars.push_back(c);
  for (char32_t c = 0xFF01; c <= 0xFF5E; ++c) chars.push_back(c);
  size_t differ = 0;
  for (char32_t c : chars) {
    std::string text = "a";
    text += EncodeUtf8(std::u32string(1, c));
    text += "备案";
    if (N(n, text) != N(n, text + slow)) {
      ++differ;
      CAPTURE(static_cast<unsigned>(c));
      CHECK(N(n, text) == N(n, text + slow));
    }
  }
  CHECK(differ == 0);
}

TEST_CASE("an e-mail address reads as the word 邮箱, its parts as no words") {
  const Normalizer n;
  CHECK(n.Normalize("填 Admin@Example.COM 可以吗") == n.Normalize("填 邮箱 可以吗"));
  CHECK(n.Normalize("ＢＯＳＳ．ｗａｎｇ＠ｑｑ．ｃｏｍ") == n.Normalize("邮箱"));
  CHECK(n.Normalize("a@b.cn和c@d.com") == n.Normalize("邮箱和邮箱"));
  // No address without a name and a dotted host.
  CHECK(n.Normalize("@所有人 在吗") == n.Normalize("所有人 在吗"));
  CHECK(n.Normalize("admin@localhost") == n.Normalize("admin localhost"));
  CHECK(n.Normalize("@@@.") == n.Normalize(""));
}

TEST_CASE("a run of * reads as 星号, or 星 before 号") {
  const Normalizer n;
  CHECK(n.Normalize("名称是一串 ***") == n.Normalize("名称是一串 星号"));
  CHECK(n.Normalize("全是*号") == n.Normalize("全是星号"));
  CHECK(n.Normalize("＊＊＊＊有限公司") == n.Normalize("星号有限公司"));
  CHECK(n.Normalize("* * *") == n.Normalize("星号"));
}

TEST_CASE("Traditional Chinese becomes Simplified") {
  const Normalizer n;
  CHECK(N(n, "主體負責人與法定代表人不一致") == "主体负责人与法定代表人不一致");
  CHECK(N(n, "驗證碼不正確") == "验证码不正确");
  CHECK(N(n, "營業執照有效期不足") == "营业执照有效期不足");
}

TEST_CASE("Simplified text passes through unchanged") {
  const Normalizer n;
  CHECK(N(n, "通讯地址未能精确到门牌号") == "通讯地址未能精确到门牌号");
}

TEST_CASE("invalid UTF-8 bytes are dropped, never crash") {
  const Normalizer n;
  CHECK(N(n, std::string("验证\xff\xfe码")) == "验证码");
  CHECK(N(n, std::string("\xe9\xaa", 2)).empty());
  CHECK(N(n, "").empty());
  CHECK(N(n, std::string("a\0b", 3)) == "ab");  // NUL is a control character: removed
}

TEST_CASE("UTF-8 round trip") {
  const std::string s = "备案 ICP 😀";
  CHECK(EncodeUtf8(DecodeUtf8(s)) == s);
}

}  // namespace
}  // namespace beian
