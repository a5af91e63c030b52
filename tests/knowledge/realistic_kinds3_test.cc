// Issue #21's kinds of message found by the blind sets realistic110-119
// (session 31): a word that two hints list (二十几个 for the quota and the
// service-type count, 离职 for a change and for a contact under review,
// 销掉 for a filing given up), a question about the filing number's shape
// beside a website's number, and a slim lead for a message that names the
// filing. The guards keep what such a word must not turn into: an ID card
// renewed, a category's qualifications, an agency's clients, a filing
// question no entry answers. Examples are written for these tests, not taken
// from an evaluation set; each positive one failed on the rules before.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;

TEST_CASE("a word that several hints list counts for each of them") {
  CHECK(Answer("公司品牌多，打算一口气弄二十几个小程序，一张执照够不够") == "faq.process.quota");
  CHECK(Answer("提交以后那个同事离职了 他手机还挂在上面 现在管局那审着 怎么换人") ==
        "faq.review.edit-contact-during-review");
  CHECK(Answer("嗯那个小程序我们不想要了那个被案是不是要销掉") == "faq.after.cancel");
}

TEST_CASE("the filing number's shape beside a website's number is its format") {
  CHECK(Answer("备案号出来以后尾巴上那个X是什么，跟官网的号有啥不一样") ==
        "faq.after.number-display");
}

TEST_CASE("a message that names the filing answers from a slim lead in its own words") {
  // Each scored under the anchored bars before (Matcher::kAnchoredSlimThreshold).
  CHECK(Answer("店明年就关门了，小程序的备案是放着不管还是要主动去注销") == "faq.after.cancel");
  CHECK(Answer("老板出差在外地，扫脸的码发给他了，他用自己手机扫行不行") ==
        "field.admin.face-verify");
  // A filing question no entry answers leads by less, or resembles nothing.
  CHECK(Answer("备案期间小程序可以正常使用吗").empty());
  CHECK(Answer("备案审核期间小程序能正常使用吗").empty());
}

TEST_CASE("a reported rejection favours the note that explains it") {
  // The upload limits, not the ID card's field (Matcher::Prefer: notes as errors).
  CHECK(Answer("拿华为手机拍的身份证照片传上去就说格式不支持，换了几张都一样") ==
        "note.materials.upload-limits");
}

TEST_CASE("a shared word does not turn a neighbouring subject into a filing question") {
  CHECK(Answer("身份证快过期了在外地怎么补办").empty());
  CHECK(Answer("小程序审核提示类目不符要补充资质").empty());
  CHECK(Answer("我们代账公司同时在跑十几个客户的备案，这家的主体负责人能不能写总经理") !=
        "faq.process.quota");
}

}  // namespace
}  // namespace beian
