// Issue #21's kinds of message found by the blind sets realistic98-105
// (session 30): indirect messages that describe a situation in their own
// words (a filing given up, a missed review call, a contact who left while
// the filing is under review, tens of mini programs, a description too short,
// a name recognised wrong), a part named to compare with far from the word
// that compares, another platform's filing, and a field asked about against
// the question of who the principal may be. Examples are written for these
// tests, not taken from an evaluation set; each failed on the rules before.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;
using test::Top;

MatchResult M(std::string_view text) { return test::ShippedMatcher().Match(text); }

TEST_CASE("a filing given up, tens of mini programs, the review's clock and its calls") {
  CHECK(Answer("这个小程序不想弄了，后台那个备案想给它去掉") == "faq.after.cancel");
  CHECK(Answer("集团下面二十多个门店，每家都想要一个小程序，一个主体扛得住吗") ==
        "faq.process.quota");
  CHECK(Answer("备案要等多长时间啊，下周就要用") == "faq.process.review-stages");
  CHECK(Answer("一直显示在审，都十几天了，正常吗") == "faq.process.review-stages");
  CHECK(Answer("下午审核那边座机打过来我没接到，会不会被打回") == "faq.process.review-stages");
  CHECK(Answer("后台翻了半天没看到能备案的地方") == "faq.process.how-to-start");
}

TEST_CASE("changing what is under review, and an SMS that never came") {
  CHECK(Answer("邮箱填完发现少打了个字母，现在显示管局审核中，还能不能动") ==
        "faq.review.edit-contact-during-review");
  CHECK(Answer("12381一直不发短信") == "faq.sms.not-received");
  CHECK(Answer("老板手机收到验证码，我隔了半小时才填，提示不对") == "error.sms-code-invalid");
}

TEST_CASE("the description too short, which kinds to tick, the pre-approval's none") {
  CHECK(Answer("介绍小程序是干嘛的那个框，写一句话够不够") == "field.app.remark");
  // A rejection told in the user's words stays the rejection's entry.
  CHECK(Answer("介绍小程序的那栏写了两个字，被驳回了") == "error.app.remark-format");
  CHECK(Answer("审核打电话来说小程序名字跟经营范围看不出啥关系，让补充说明，写在哪") ==
        "field.app.remark");
  CHECK(Answer("后台让选小程序属于哪类业务，选哪几个合适") == "field.app.service-type");
  // A trademark's classes are another subject.
  CHECK(Answer("注册商标要选哪几个类别").empty());
  CHECK(Answer("我们就卖衣服，前置审批是不是直接选以上都不涉及就可以了") ==
        "field.app.pre-approval");
}

TEST_CASE("a name recognised wrong, the host's nature, a district not in the list") {
  CHECK(Answer("法人身份证传上去，名字认出来少了个字旁") == "field.principal.name");
  CHECK(Answer("系统带出来的单位类型不对，我们是民办非企业单位") == "field.host.nature");
  CHECK(Answer("我们在横琴，下拉框里找不到这个区") == "field.host.region");
}

TEST_CASE("a part compared with far from its word, another platform, a field named") {
  // "跟第二部分法定代表人那个邮箱填同一个": the second part is only compared with.
  CHECK(Answer("第四部分小程序负责人的邮箱，可以跟第二部分法定代表人那个邮箱填同一个吗") ==
        "field.admin.email");
  const MatchResult other = M("我们在支付宝也开了一个小程序，支付宝那边备案要刷脸吗");
  CHECK_FALSE(other.answered);
  CHECK(other.other_product);
  // The phone or the email named: the field's entry, not who may be principal.
  CHECK(Answer("第二部分的手机号，是不是必须得是法人本人实名的号") == "field.principal.phone");
  CHECK(Answer("主体负责人的邮箱必须是法人本人的吗") == "field.principal.email");
}

}  // namespace
}  // namespace beian
