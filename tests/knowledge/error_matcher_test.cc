#include "knowledge/error_matcher.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace beian {
namespace {

constexpr char32_t W = ErrorMatcher::kWildcard;

ErrorMatcher Make() {
  ErrorMatcher m;
  m.Add(0, U"主体负责人手机号码不允许被多人使用", false);
  m.Add(1, U"小程序负责人手机号码不允许被多人使用", false);
  m.Add(2, std::u32string(U"该主体已在") + W + U"完成备案请修改备案省份或注销备案主体重新备案",
        false);
  m.Add(2, std::u32string(U"该主体已在") + W + U"完成备案", true);
  m.Add(3, U"验证码不正确", false);
  return m;
}

TEST_CASE("an exact error text is found with similarity 1") {
  const auto hits = Make().Find(U"主体负责人手机号码不允许被多人使用");
  REQUIRE(!hits.empty());
  CHECK(hits[0].owner == 0);
  CHECK(hits[0].similarity == doctest::Approx(1.0));
}

TEST_CASE("a near-twin with other words ranks below the exact one") {
  const auto hits = Make().Find(U"小程序负责人手机号码不允许被多人使用");
  REQUIRE(!hits.empty());
  CHECK(hits[0].owner == 1);
  CHECK(hits[0].similarity == doctest::Approx(1.0));
  for (const auto& h : hits) {
    if (h.owner == 0) CHECK(h.similarity < 0.9);
  }
}

TEST_CASE("in a long message the error is found where it is, with its span, typos and all") {
  const std::u32string chatter =
      U"我们公司上周刚注册好小程序今天第一次做备案材料都准备齐了法人也在身边";
  const std::u32string text =
      chatter + chatter + U"结果提交时提示主体负责人手机号码不允徐被多人使用" + chatter;
  const auto hits = Make().Find(text);
  REQUIRE(!hits.empty());
  CHECK(hits[0].owner == 0);
  CHECK(hits[0].similarity == doctest::Approx(1.0 - 1.0 / 17));
  CHECK(text.substr(hits[0].begin, hits[0].end - hits[0].begin) ==
        U"主体负责人手机号码不允徐被多人使用");
  // The same words scattered through a long message are no error text.
  const std::u32string scattered =
      U"主体负责人说" + chatter + U"手机号码换了" + chatter + U"不允许被多人使用吗" + chatter;
  for (const auto& h : Make().Find(scattered)) CHECK(h.owner != 0);
}

TEST_CASE("the wildcard takes a real province, and extra words around are free") {
  const auto hits =
      Make().Find(U"提交时提示该主体已在广东省完成备案请修改备案省份或注销备案主体重新备案请核实");
  REQUIRE(!hits.empty());
  CHECK(hits[0].owner == 2);
  CHECK(hits[0].similarity == doctest::Approx(1.0));
  CHECK_FALSE(hits[0].partial);
}

TEST_CASE("one typo still matches, a different sentence does not") {
  const auto typo = Make().Find(U"主体负责人手机号吗不允许被多人使用");
  REQUIRE(!typo.empty());
  CHECK(typo[0].owner == 0);
  CHECK(typo[0].similarity > 0.9);
  CHECK(typo[0].similarity < 1.0);
  CHECK(Make().Find(U"手机号码可以给多人使用吗").empty());
}

TEST_CASE("only the first clause pasted is a partial hit") {
  const auto hits = Make().Find(U"该主体已在北京完成备案怎么办");
  REQUIRE(!hits.empty());
  CHECK(hits[0].owner == 2);
  CHECK(hits[0].partial);
}

TEST_CASE("spans say where in the text the error stands") {
  const std::u32string text = U"两个报错验证码不正确还有主体负责人手机号码不允许被多人使用";
  const auto hits = Make().Find(text);
  bool saw_code = false, saw_phone = false;
  for (const auto& h : hits) {
    if (h.owner == 3) {
      saw_code = true;
      CHECK(text.substr(h.begin, h.end - h.begin) == U"验证码不正确");
    }
    if (h.owner == 0 && h.similarity == doctest::Approx(1.0)) {
      saw_phone = true;
      CHECK(text.substr(h.begin, h.end - h.begin) == U"主体负责人手机号码不允许被多人使用");
    }
  }
  CHECK(saw_code);
  CHECK(saw_phone);
}

TEST_CASE("patterns too short to be distinctive are ignored") {
  ErrorMatcher m;
  m.Add(0, U"请核实", false);
  CHECK(m.Find(U"请核实").empty());
}

std::string EncodeForTest(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) out += c == W ? '*' : static_cast<char>('a' + (c % 3));
  return out;
}

// The edit distance of `p` to `t` with the whole matrix and no cut-off: the
// best over every substring of `t` (or, `whole`, of all of `t`); a wildcard
// swallows any run of characters at no cost.
size_t ReferenceCost(std::u32string_view p, std::u32string_view t, bool whole) {
  const size_t m = p.size(), n = t.size();
  std::vector<std::vector<size_t>> d(m + 1, std::vector<size_t>(n + 1));
  for (size_t i = 0; i <= n; ++i) d[0][i] = whole ? i : 0;
  for (size_t j = 1; j <= m; ++j) {
    const bool wild = p[j - 1] == W;
    d[j][0] = d[j - 1][0] + (wild ? 0 : 1);
    for (size_t i = 1; i <= n; ++i) {
      d[j][i] = wild ? std::min(d[j][i - 1], d[j - 1][i])
                     : std::min({d[j - 1][i - 1] + (p[j - 1] == t[i - 1] ? 0 : 1), d[j][i - 1] + 1,
                                 d[j - 1][i] + 1});
    }
  }
  return whole ? d[m][n] : *std::min_element(d[m].begin(), d[m].end());
}

TEST_CASE("the cut-off alignment finds what the whole matrix finds, on random texts") {
  std::mt19937 rng(20261207);
  const std::u32string alphabet = U"主体负";  // few letters: many near matches
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n)(rng); };
  size_t found = 0;
  for (int round = 0; round < 3000; ++round) {
    std::u32string pattern;
    const size_t length = 6 + pick(14);
    for (size_t j = 0; j < length; ++j) {
      const bool inner = j > 0 && j + 1 < length && pattern.back() != W;
      pattern += inner && pick(9) == 0 ? W : alphabet[pick(2)];
    }
    std::u32string text;
    for (size_t i = pick(40); i > 0; --i) text += alphabet[pick(2)];
    if (pick(1) == 0 && text.size() > 4) text.insert(pick(text.size()), pattern);
    std::erase(text, W);

    const auto literal = static_cast<size_t>(
        std::count_if(pattern.begin(), pattern.end(), [](char32_t c) { return c != W; }));
    if (literal < ErrorMatcher::kMinLiteral) continue;  // Add ignores it
    ErrorMatcher m;
    m.Add(0, pattern, false);
    const auto max_edits =
        static_cast<size_t>((1.0 - ErrorMatcher::kMinWhole) * static_cast<double>(literal) + 1e-9);
    const size_t cost = ReferenceCost(pattern, text, false);
    const auto hits = m.Find(text);
    if (cost > max_edits || text.size() + 1 < ErrorMatcher::kMinLiteral) {
      CHECK(hits.empty());
      continue;
    }
    ++found;
    INFO("pattern ", EncodeForTest(pattern), " text ", EncodeForTest(text), " cost ", cost);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].similarity ==
          doctest::Approx(1.0 - static_cast<double>(cost) / static_cast<double>(literal)));
    // The span holds an alignment of that cost.
    const std::u32string_view span(text.data() + hits[0].begin, hits[0].end - hits[0].begin);
    CHECK(ReferenceCost(pattern, span, true) == cost);
  }
  CHECK(found > 300);  // the texts test both outcomes
}

}  // namespace
}  // namespace beian
