#include "knowledge/synonyms.h"

#include <doctest/doctest.h>

#include "knowledge/normalizer.h"

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

TEST_CASE("a variant added twice keeps its first canonical form") {
  SynonymTable t;
  t.Add(U"法人", U"法定代表人");
  t.Add(U"法人", U"别的");
  CHECK(Apply(t, "法人") == "法定代表人");
  CHECK(t.size() == 1);
}

}  // namespace
}  // namespace beian
