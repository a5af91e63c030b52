#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace beian {

// The words users type that the bot's turn (outside the walkthrough)
// recognises, from dialogs/data/bot-words.json: one JSON object of
// id → non-empty list of strings, the ids in brackets below. Words are
// compared with the message trimmed (Trimmed) and in Simplified Chinese
// where the comment says so. Immutable once loaded.
struct BotWords {
  std::vector<std::string> greetings;  // [greeting] the whole message greets: 你好, 在吗
  std::vector<std::string> thanks;     // [thanks] a message containing one thanks: 谢, 辛苦

  // A pick of one of the entries the last answer offered ("2", "第二个",
  // "第2条"; Simplified): the number without one of `pick_before` in front
  // and each of `pick_after` (tried in order) behind it; `pick_numerals`
  // are the words for 1, 2, 3 …
  std::vector<std::string> pick_before;    // [pick.before] 第
  std::vector<std::string> pick_after;     // [pick.after] 个, 条, 吧
  std::vector<std::string> pick_numerals;  // [pick.numerals] 一, 二, 三

  // A request for a person, plain or polite ("怎么转人工", "能帮我转一下人工
  // 客服吗"): the message without every one of `courtesy` is one of `human`.
  // A message that only mentions 人工 ("人工核验是什么") is not.
  std::vector<std::string> courtesy;   // [handoff.courtesy] 请问, 能不能, 一下, 吗
  std::vector<std::string> human;      // [handoff.ask] 转人工, 人工客服
  std::vector<std::string> end_human;  // [handoff.end] 取消人工: the bot answers again
  // [unhelpful] 没用, 答非所问: the last answer missed (not 不是: that answers
  // the walkthrough's yes/no questions).
  std::vector<std::string> unhelpful;

  // Reads `file` (LoadListTable). Throws FormSpecError naming the file and
  // the id when an id above is missing, when the file has an id the code
  // does not know, or when a value is not a non-empty list of strings.
  static BotWords Load(const std::filesystem::path& file);
};

}  // namespace beian
