// Issue #21's kinds of message found by the blind sets realistic222-229
// (session 35): a part named with its field over another part's entry for
// the same field; a request to write code in other words; a part named as
// one of two choices; the latest of two rejections told in one story; a
// popup that reports a rejection; situations the hints now recognise.
// Examples are written for these tests, not taken from an evaluation set;
// each positive one failed on the rules before (04db903).
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;

TEST_CASE("a part named with its field is answered from that part") {
  // The first part's 备注 worded it more closely.
  CHECK(Answer("小程序信息那部分的备注写什么好") == "field.app.remark");
  // Named as one of two choices, a part is offered, not asked about.
  CHECK(Answer("主办单位那里的证件号码，是填法人身份证号还是公司的号") == "field.host.id-number");
}

TEST_CASE("asked to write code in other words, the bot declines; a credit code is no code") {
  CHECK(Answer("帮我写一段显示备案号的页面代码").empty());
  CHECK(Answer("给我写个wxml，把备案号放在页面底部").empty());
  CHECK(Answer("统一社会信用代码写哪个") == "field.host.id-number");
}

TEST_CASE("two rejections in one story: the latest told is answered first") {
  CHECK(Answer("第一次提示营业执照有效期不足，续完以后这次又说请在小程序备注按格式填写") ==
        "error.app.remark-format");
}

TEST_CASE("a popup reports a rejection") {
  CHECK(Answer("admin 扫码 face verify 弹出来说只支持居民身份证，admin 是澳门的") ==
        "error.admin.face-verify-id-only");
}

TEST_CASE("situations told, not named") {
  CHECK(Answer("管理员是老板，他在外地，最后一步要本人拿微信扫一下，我能替他扫吗") ==
        "field.admin.face-verify");
  CHECK(Answer("我们的二号小程序用的是一号的公司资料，提示省市区别重复，可那一栏是灰的") ==
        "faq.host.reused-subject-address");
  CHECK(Answer("总经理填的主体负责人，一提交就说这边不让别人代") ==
        "error.principal.not-legal-rep");
}

}  // namespace
}  // namespace beian
