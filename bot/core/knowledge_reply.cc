#include "bot/core/knowledge_reply.h"

#include <algorithm>
#include <string_view>

#include "bot/core/addressing.h"
#include "bot/core/lookup_answer.h"

namespace beian {
namespace {

bool OneOf(const std::string& s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s == w; });
}

bool IsGreeting(const std::string& bare) {
  return OneOf(bare, {"你好", "您好", "在吗", "在不在", "有人吗", "hi", "hello", "嗨", "哈喽",
                      "您好在吗", "你好在吗"});
}

bool IsThanks(const std::string& bare) {
  return bare.find("谢") != std::string::npos || bare.find("辛苦") != std::string::npos ||
         bare.find("thank") != std::string::npos;
}

constexpr std::string_view kGreeting =
    "你好！我是小程序备案助手，可以：\n"
    "  · 解释备案报错：直接把控制台的报错原文发给我；\n"
    "  · 回答填写问题，例如“通讯地址怎么填”“主体负责人一定要是法人吗”；\n"
    "  · 一步步带你填完整张备案表：发“开始备案”；\n"
    "  · 需要人工帮忙时发“转人工”。";
constexpr std::string_view kThanks = "不客气！还有备案相关的问题随时问我。";
constexpr std::string_view kOkay = "好的！还有备案相关的问题随时问我。";
constexpr std::string_view kDeclineTail =
    "想让我一步步带你填备案表，就发“开始备案”；需要人工帮忙就发“转人工”。";

}  // namespace

Reply KnowledgeReply(const Matcher& matcher, const std::string& text, MatchResult* match,
                     const MatchResult* known) {
  const std::string bare = Trimmed(text);
  if (IsGreeting(bare)) return {{std::string(kGreeting)}, Outcome::kGreeting};
  const MatchResult result = known != nullptr ? *known : matcher.Match(text, 5);
  if (match != nullptr) *match = result;
  if (result.acknowledgement)
    return {{std::string(IsThanks(bare) ? kThanks : kOkay)}, Outcome::kGreeting};
  std::string answer = RenderAnswer(result, matcher.kb());
  if (!result.answered) return {{answer + std::string(kDeclineTail)}, Outcome::kDeclined};
  return {{answer}, result.ambiguous ? Outcome::kClarify : Outcome::kAnswer};
}

}  // namespace beian
