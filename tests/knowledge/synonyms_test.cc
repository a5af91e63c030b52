#include "knowledge/synonyms.h"

#include <doctest/doctest.h>

#include "knowledge/normalizer.h"
#include "knowledge/word_set.h"

namespace beian {
namespace {

std::string Apply(const SynonymTable& t, std::string_view s) {
  return EncodeUtf8(t.Apply(DecodeUtf8(s)));
}

TEST_CASE("synonyms rewrite to the canonical form, longest variant first") {
  SynonymTable t;
  t.Add(U"手机号码", U"手机号码");
  t.Add(U"手机号", U"手机号码");
  t.Add(U"手机", U"手机号码");
  t.Add(U"应急电话", U"应急联系方式");
  t.Add(U"电话", U"手机号码");
  t.Add(U"请问", U"");

  CHECK(Apply(t, "手机号") == "手机号码");
  CHECK(Apply(t, "手机号码") == "手机号码");
  CHECK(Apply(t, "手机") == "手机号码");
  CHECK(Apply(t, "应急电话") == "应急联系方式");
  CHECK(Apply(t, "办公电话") == "办公手机号码");
  CHECK(Apply(t, "请问手机号不对") == "手机号码不对");
  CHECK(t.size() == 6);
}

TEST_CASE("a variant the caller refuses hides no shorter variant inside it") {
  SynonymTable t;
  t.Add(U"要不要跟着", U"A");
  t.Add(U"跟着改", U"B");
  t.Add(U"换成", U"C");
  CHECK(EncodeUtf8(t.Apply(U"要不要跟着改")) == "A改");
  const auto no_a = [](std::u32string_view canonical) { return canonical != U"A"; };
  CHECK(EncodeUtf8(t.Apply(U"要不要跟着改", no_a)) == "要不要B");
  CHECK(EncodeUtf8(t.Apply(U"法人换成", no_a)) == "法人C");
  const auto none = [](std::u32string_view) { return false; };
  CHECK(EncodeUtf8(t.Apply(U"要不要跟着改", none)) == "要不要跟着改");
}

TEST_CASE("a variant added twice keeps its first canonical form") {
  SynonymTable t;
  t.Add(U"法人", U"法定代表人");
  t.Add(U"法人", U"别的");
  CHECK(Apply(t, "法人") == "法定代表人");
  CHECK(t.size() == 1);
}

TEST_CASE("an ASCII variant matches whole words only") {
  SynonymTable t;
  t.Add(U"mail", U"邮箱");
  t.Add(U"admin", U"小程序管理员");
  t.Add(U"icp备案", U"备案");
  CHECK(Apply(t, "admin的mail") == "小程序管理员的邮箱");  // Chinese next to it is a boundary
  CHECK(Apply(t, "gmail") == "gmail");
  CHECK(Apply(t, "mailbox") == "mailbox");
  CHECK(Apply(t, "sysadmin") == "sysadmin");
  CHECK(Apply(t, "icp备案号") == "备案号");
  CHECK(Apply(t, "xicp备案") == "xicp备案");
}

TEST_CASE("a Latin word put in Chinese joins the Chinese beside it, across one space") {
  SynonymTable t;
  t.Add(U"fzr", U"负责人");
  t.Add(U"name", U"姓名");
  t.Add(U"admin", U"小程序管理员");
  t.Add(U"pls", U"");
  CHECK(Apply(t, "主体 fzr 的 name 对吗") == "主体负责人的姓名对吗");
  CHECK(Apply(t, "admin 的 mail") == "小程序管理员的 mail");  // mail stays Latin: its space stays
  CHECK(Apply(t, "填 name") == "填姓名");
  CHECK(Apply(t, "name  填") == "姓名  填");     // two spaces are more than the word's own
  CHECK(Apply(t, "问 pls 一下") == "问  一下");  // a word that goes away joins nothing
}

TEST_CASE("a word set finds any of its words anywhere in a text, sharing first characters") {
  const WordSet cues({U"驳回", U"驳会", U"不通过", U"打回"});
  CHECK(cues.ContainsAny(U"审核被驳回了"));
  CHECK(cues.ContainsAny(U"被驳会"));
  CHECK(cues.ContainsAny(U"打回"));
  CHECK(cues.ContainsAny(U"说不通过"));
  CHECK_FALSE(cues.ContainsAny(U"驳"));
  CHECK_FALSE(cues.ContainsAny(U"不通"));
  CHECK_FALSE(cues.ContainsAny(U""));
  CHECK_FALSE(WordSet().ContainsAny(U"驳回"));
}

}  // namespace
}  // namespace beian
