#include "bot/core/knowledge_reply.h"

#include <algorithm>

#include "bot/core/addressing.h"
#include "bot/core/lookup_answer.h"
#include "dialogs/walk_words.h"

namespace beian {
namespace {

bool Contains(const std::string& s, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return s.find(w) != std::string::npos; });
}

}  // namespace

Reply KnowledgeReply(const Matcher& matcher, const BotLanguage& language, const std::string& text,
                     MatchResult* match, const MatchResult* known) {
  const BotTexts& say = language.texts;
  const std::string bare = Trimmed(text);
  if (OneOf(bare, language.words.greetings)) return {{say(BotText::kGreeting)}, Outcome::kGreeting};
  const MatchResult result = known != nullptr ? *known : matcher.Match(text, 5);
  if (match != nullptr) *match = result;
  if (result.acknowledgement) {
    const bool thanks = Contains(bare, language.words.thanks);
    return {{say(thanks ? BotText::kThanks : BotText::kOkay)}, Outcome::kGreeting};
  }
  std::string answer = RenderAnswer(result, matcher.kb(), say);
  if (!result.answered) return {{answer + say(BotText::kDeclineTail)}, Outcome::kDeclined};
  return {{answer}, result.ambiguous ? Outcome::kClarify : Outcome::kAnswer};
}

}  // namespace beian
