// The readable answer (`lookup` and every chat reply) for messages it does
// not answer: what it says depends on why.
#include <doctest/doctest.h>

#include "bot/core/lookup_answer.h"
#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

bool Has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

TEST_CASE("a declined message: not known when it names the filing, not ours otherwise") {
  const KnowledgeBase& kb = test::ShippedMatcher().kb();
  MatchResult r;
  r.matches.push_back({&kb.entries().front(), 0.1, MatchVia::kSearch});

  r.in_domain = true;  // "小程序备案收费吗": ours, but not in the knowledge base
  const std::string unknown = RenderAnswer(r, kb);
  CHECK(Has(unknown, "还没有可靠的答案"));
  CHECK_FALSE(Has(unknown, "我只解答"));
  CHECK(Has(unknown, "您可能想问"));

  r.in_domain = false;  // no filing word, no other subject either: maybe a vague question
  const std::string vague = RenderAnswer(r, kb);
  CHECK(Has(vague, "我只解答微信小程序备案"));
  CHECK(Has(vague, "您可能想问"));

  r.off_topic = "公众号";  // another subject: entries near it only confuse
  const std::string other = RenderAnswer(r, kb);
  CHECK(Has(other, "我只解答微信小程序备案"));
  CHECK_FALSE(Has(other, "您可能想问"));
}

TEST_CASE("the matcher marks a message that names the filing as in the domain") {
  CHECK(test::ShippedMatcher().Match("小程序备案收费吗").in_domain);
  CHECK_FALSE(test::ShippedMatcher().Match("明天会下雨吗").in_domain);
}

}  // namespace
}  // namespace beian
