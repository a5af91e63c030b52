// The readable answer (`lookup` and every chat reply) for messages it does
// not answer: what it says depends on why.
#include "bot/core/lookup_answer.h"

#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

bool Has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

TEST_CASE("a declined message: not known when it names the filing, not ours otherwise") {
  const KnowledgeBase& kb = test::ShippedMatcher().kb();
  MatchResult r;
  // A near miss: close to the answer threshold, with real shared words.
  r.matches.push_back({&kb.entries().front(), 0.27, MatchVia::kSearch, 0.3, 0.3, 5.0});

  r.in_domain = true;  // "小程序备案收费吗": ours, but not in the knowledge base
  const std::string unknown = RenderAnswer(r, kb, test::ShippedLanguage().texts);
  CHECK(Has(unknown, "还没有可靠的答案"));
  CHECK_FALSE(Has(unknown, "我只解答"));
  CHECK(Has(unknown, "您可能想问"));

  r.in_domain = false;  // no filing word, no other subject either: maybe a vague question
  const std::string vague = RenderAnswer(r, kb, test::ShippedLanguage().texts);
  CHECK(Has(vague, "我只解答微信小程序备案"));
  CHECK(Has(vague, "您可能想问"));

  r.off_topic = "公众号";  // another subject: entries near it only confuse
  const std::string other = RenderAnswer(r, kb, test::ShippedLanguage().texts);
  CHECK(Has(other, "我只解答微信小程序备案"));
  CHECK_FALSE(Has(other, "您可能想问"));
  r.in_domain = true;  // "抖音小程序要备案吗": names the filing, but another platform's
  r.off_topic = "其他平台的小程序";
  r.other_product = true;
  const std::string platform = RenderAnswer(r, kb, test::ShippedLanguage().texts);
  CHECK(Has(platform, "「其他平台的小程序」"));
  CHECK_FALSE(Has(platform, "还没有可靠的答案"));
}

TEST_CASE("a declined message lists suggestions only when they are close") {
  const KnowledgeBase& kb = test::ShippedMatcher().kb();
  MatchResult far;
  far.in_domain = true;
  far.matches.push_back({&kb.entries().front(), 0.2, MatchVia::kSearch, 0.2, 0.2, 8.0});
  CHECK_FALSE(Has(RenderAnswer(far, kb, test::ShippedLanguage().texts),
                  "您可能想问"));  // the best of nothing
  MatchResult chance = far;
  chance.matches[0].score = 0.28;
  chance.matches[0].evidence = 1.0;  // one shared common bigram
  CHECK_FALSE(Has(RenderAnswer(chance, kb, test::ShippedLanguage().texts), "您可能想问"));

  // Through the matcher: a filing question the knowledge base cannot answer
  // is declined without a list of unrelated entries.
  const MatchResult real = test::ShippedMatcher().Match("小程序备案期间还能发新版本吗");
  REQUIRE_FALSE(real.answered);
  CHECK(Suggestions(real).empty());
}

TEST_CASE("the matcher marks a message that names the filing as in the domain") {
  CHECK(test::ShippedMatcher().Match("小程序备案收费吗").in_domain);
  CHECK_FALSE(test::ShippedMatcher().Match("明天会下雨吗").in_domain);
}

}  // namespace
}  // namespace beian
