// Personal numbers are masked by meaning, however they were typed.
#include "dialogs/masking.h"

#include <doctest/doctest.h>

namespace beian {
namespace {

TEST_CASE("every way people type a mobile, an ID number, a credit code or an e-mail is masked") {
  struct Case {
    const char* text;
    const char* masked;
  };
  const Case cases[] = {
      {"13800138000", "138****8000"},
      {"我的手机１３８００１３８０００", "我的手机138****8000"},  // full-width digits
      {"136.5555.7777", "136****7777"},                           // dotted
      {"138 0013 8000", "138****8000"},                           // spaced
      {"138-0013-8000", "138****8000"},
      {"138　0013　8000", "138****8000"},    // ideographic spaces
      {"138  0013  8000", "138****8000"},    // two spaces
      {"138. 0013. 8000", "138****8000"},    // dot and space
      {"138 - 0013 - 8000", "138****8000"},  // spaced dash
      {"138\t0013\t8000", "138****8000"},    // tabs
      {"4403  0119  9001  0112  3X", "4403**********123X"},
      {"+86 13800138000", "+138****8000"},
      {"+86-138-0013-8000", "+138****8000"},
      {"0086 13800138000", "138****8000"},
      {"008613800138000", "138****8000"},
      {"（+86）13800138000", "（+86）138****8000"},
      {"＋８６ １３８ ００１３ ８０００", "＋138****8000"},
      {"身份证：11010519491231002x。", "身份证：1101**********002X。"},
      {"4403 0119 9001 0112 3X", "4403**********123X"},
      {"４４０３０１１９９００１０１１２３Ｘ", "4403**********123X"},
      {"440301-19900101-123X", "4403**********123X"},
      {"信用代码91440300708461136T", "信用代码9144**********136T"},
      {"９１４４０３００７０８４６１１３６Ｔ", "9144**********136T"},
      {"邮箱 zhangsan@example.com", "邮箱 z***@example.com"},
      {"邮箱 zhangsan＠example．com", "邮箱 z***@example.com"},
      {"手机13800138000和13900139000", "手机138****8000和139****9000"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(MaskSensitive(c.text) == c.masked);
  }
}

TEST_CASE("numbers that are not personal stay as typed") {
  for (const char* text :
       {"订单号 202611260001 金额 100", "座机 0755-12345678", "AppID wx1234567890abcdef",
        "日期 2026-12-04", "备案号 粤B2-20090059-1626X", "12345678901",  // not a mobile prefix
        "流水 1380013800012345", "第 3 步，共 35 步", "版本 1.2.3"}) {
    CAPTURE(text);
    CHECK(MaskSensitive(text) == text);
  }
}

TEST_CASE("masking leaves the rest of the text, and broken UTF-8, byte for byte") {
  CHECK(MaskSensitive("") == "");
  CHECK(MaskSensitive("你好\xff\xfe 13800138000") == "你好\xff\xfe 138****8000");
  CHECK(MaskSensitive("【主体负责人手机号码】不允许被多人使用") ==
        "【主体负责人手机号码】不允许被多人使用");
}

}  // namespace
}  // namespace beian
