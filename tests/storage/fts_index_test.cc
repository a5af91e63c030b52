#include "storage/sqlite/fts_index.h"

#include <doctest/doctest.h>

namespace beian {
namespace {

TEST_CASE("the FTS5 trigram index ranks the document sharing most trigrams first") {
  FtsIndex fts;
  fts.Add(1, "通讯地址未能精确到门牌号");
  fts.Add(2, "营业执照有效期不足");
  fts.Add(3, "主体负责人手机号码不允许被多人使用");
  const auto hits = fts.Search("提示通讯地址未能精确到门牌号怎么办", 3);
  REQUIRE(!hits.empty());
  CHECK(hits[0] == 1);
  CHECK(fts.Search("你好", 3).empty());  // shorter than a trigram
  CHECK(fts.Search("\"\"\" OR", 3).empty());
}

}  // namespace
}  // namespace beian
