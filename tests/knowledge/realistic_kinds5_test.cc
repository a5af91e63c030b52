// Issue #21's kinds of message found by the blind sets realistic150-157 and
// session 32's training sets (session 33): a situation the hints recognise
// answers when its best entry is also what the hints alone find first, and
// situations told without the field's name (how long review takes, a shop
// per mini program, no entrance found, an old licence photo, a new legal
// representative, a number compared with the company's website). Examples
// are written for these tests, not taken from an evaluation set; each
// positive one failed on the rules before.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;

TEST_CASE("a situation the hints recognise answers when the hints alone agree") {
  CHECK(Answer("交上去三天了还没信儿，一般得等多少天") == "faq.process.review-stages");
  CHECK(Answer("有人报价八百包过，找不找") == "faq.process.fees");
  CHECK(Answer("换负责人咋办") == "faq.after.change");
  // A hint (几耐 → 多久) whose words find another entry than the message's
  // best (上去 reads as an upload) answers nothing.
  CHECK(Answer("交咗上去几耐先有结果").empty());
}

TEST_CASE("how long review takes, asked as 审完 or 审多久") {
  CHECK(Answer("交上去好几天了，到底几天能审完") == "faq.process.review-stages");
  CHECK(Answer("管局审核中都一个礼拜了，正常吗") == "faq.process.review-stages");
  // Changing the phone during that stage is its own entry.
  CHECK(Answer("管局审核中都一个礼拜了，手机号停机了能改吗") ==
        "faq.review.edit-contact-during-review");
}

TEST_CASE("situations told without the field's name") {
  CHECK(Answer("我们连锁奶茶店，想每家门店都单独做一个小程序，都挂在同一个执照名下可以吗") ==
        "faq.process.quota");
  CHECK(Answer("后台翻遍了也没找到在哪儿提交备案") == "faq.process.how-to-start");
  CHECK(Answer("执照的照片是两年前拍的，后来换过证，用老照片传行不行") == "field.host.id-upload");
  CHECK(Answer("公司刚换了法人，填新法人一直验证不通过，旧法人的倒能过") == "note.host.data-delay");
}

TEST_CASE("a number compared with the company's website is still ours") {
  CHECK(Answer("备案号下来以后长啥样？跟我们官网那个备案号有区别吗") == "faq.after.number-display");
  // A website's own filing is not.
  CHECK(Answer("我们官网的网站备案怎么做").empty());
}

TEST_CASE("a part compared with is not the part asked about") {
  // 跟上面 links the comparison as 跟 does, even in a later clause.
  CHECK(Answer("小程序那栏的负责人邮箱，跟上面主体负责人的能填同一个吗，都是老板") ==
        "field.admin.email");
}

TEST_CASE("a temporary ID card is a question of the upload") {
  CHECK(Answer("法人的身份证丢了，只有临时身份证，主体负责人那里能传吗") ==
        "field.principal.id-upload");
}

}  // namespace
}  // namespace beian
