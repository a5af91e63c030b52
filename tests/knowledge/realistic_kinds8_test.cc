// Issue #21's kinds of message found by the blind sets realistic230-237
// (session 36): another product's verification and another sender's text
// message, declined by name; several parts named; a rejection pasted in
// shorthand as a question; the platform's words reported; situations the
// hints now recognise; English words the glossary now knows. Examples are
// written for these tests, not taken from an evaluation set; each one
// marked "failed before" failed on the rules before (e2d425e).
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;
using test::ShippedMatcher;

TEST_CASE("another product's verification is declined by name") {
  // Failed before: answered with the filing's name-mismatch rejection.
  const MatchResult r =
      ShippedMatcher().Match("企业微信做认证的时候说公司名称和执照对不上，咋办", 3);
  CHECK_FALSE(r.answered);
  CHECK(r.off_topic == "其他产品的认证");
  CHECK(ShippedMatcher().Match("小红书专业号认证需要营业执照吗", 3).off_topic == "其他产品的认证");
  // The filing's own rejection, and verification named with the filing, stay.
  CHECK(Answer("小程序备案的时候提示主办者与小程序主体不一致") == "error.host.name-mismatch");
  CHECK(ShippedMatcher().Match("公众号认证过了，小程序备案还要人脸核身吗", 3).off_topic !=
        "其他产品的认证");
}

TEST_CASE("another sender's text message is declined by name") {
  const MatchResult r =
      ShippedMatcher().Match("农商银行发短信说对公账户的法人证件要更新，不然冻结，去哪弄", 3);
  CHECK_FALSE(r.answered);
  CHECK(r.off_topic == "其他来源的短信");
  CHECK(ShippedMatcher().Match("短信里说快递无法投递，是不是管局寄的材料", 3).off_topic ==
        "其他来源的短信");
  // The filing's own text message stays, and so does a bank only compared with.
  CHECK(Answer("工信部的核验短信一直没收到") == "faq.sms.not-received");
  CHECK(ShippedMatcher().Match("核验短信是不是跟银行短信一样会被拦截", 3).off_topic !=
        "其他来源的短信");
}

TEST_CASE("several parts named: a part named by none is not the answer") {
  // Failed before: the administrator's 邮箱.
  CHECK(Answer("主体负责人那个邮箱能用QQ邮箱吗？主办单位备注空着行不行") ==
        "field.principal.email");
}

TEST_CASE("a rejection pasted in shorthand, with question marks only, is the rejection") {
  // Failed before: the field's entry.
  CHECK(Answer("前置审批项必须选以上都不涉及？？？") == "error.app.pre-approval-none");
  // Asked with a question word, it asks about the rule the rejection states.
  CHECK(Answer("前置审批项必须选以上都不涉及吗") == "field.app.pre-approval");
  CHECK(Answer("承诺书需要盖公章吗") == "field.other.commitment");
}

TEST_CASE("what the platform said is reported") {
  // Failed before: the administrator's name field.
  CHECK(Answer("平台说小程序负责人和管理员不是一个人，咋办") == "error.admin.name-mismatch");
  // Told as the rule someone stated, it asks about the field.
  CHECK(Answer("人家说管理员跟小程序负责人得是一个人？") == "field.admin.name");
}

TEST_CASE("situations and words the hints and the glossary now know") {
  // All failed before: declined.
  CHECK(Answer("管理员绑的是我的微信，可老板说表里要填他") == "error.admin.name-mismatch");
  CHECK(Answer("业务种类勾了好几个，提示太多了") == "error.app.service-type-over-limit");
  CHECK(Answer("which docs do we need to prepare for MP filing") == "faq.process.how-to-start");
}

}  // namespace
}  // namespace beian
