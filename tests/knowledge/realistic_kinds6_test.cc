// Issue #21's kinds of message found by the blind sets realistic206-213
// (session 34): a Latin word the glossary puts in Chinese joins the Chinese
// beside it; another platform's filing named a few characters after the
// platform; Cantonese and Taiwan words for asking to expedite and for an
// SMS; a filing pulled back; a licence just collected. Examples are written
// for these tests, not taken from an evaluation set; each positive one
// failed on the rules before.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Answer;

TEST_CASE("a Latin word put in Chinese reads with the Chinese beside it") {
  // 主体 and 负责人 were two words apart: the second part's name was lost.
  CHECK(Answer("主体 fzr 的 name 能写英文名吗") == "field.principal.name");
  CHECK(Answer("小程序 fzr 的 phone 可以填座机吗") == "field.admin.phone");
}

TEST_CASE("another platform's filing, a few characters after its name, is declined") {
  CHECK(Answer("快手那边的备案入口在哪").empty());
  CHECK(Answer("备案入口在哪") == "faq.process.how-to-start");
}

TEST_CASE("Cantonese and Taiwan words: 快啲 asks to expedite, 簡訊 is an SMS") {
  CHECK(Answer("可唔可以快啲審？下週就要上線") == "faq.process.expedite");
  CHECK(Answer("工信部的簡訊一直沒收到怎麼辦") == "faq.sms.not-received");
}

TEST_CASE("a filing pulled back, a licence just collected") {
  CHECK(Answer("刚提交就发现名称写错了，能拉回来改吗") == "faq.after.cancel");
  CHECK(Answer("刚领执照两天，现在去备案能成吗") == "note.host.data-delay");
}

}  // namespace
}  // namespace beian
