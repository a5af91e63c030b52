#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge/entry.h"
#include "knowledge/labels.h"
#include "knowledge/load_problem.h"

namespace beian {

// A group of words that mean the same thing in this domain (synonyms.json).
struct SynonymGroup {
  std::string canonical;
  std::vector<std::string> variants;
};

// The words of the domain (synonyms.json): synonym groups, chat filler that
// carries no meaning, and the words that name one part of the form or its
// person ("主办单位" → 1, "主体负责人" → 2, "小程序管理员" → 4), which tell
// near-twin entries of those parts apart.
struct Lexicon {
  std::vector<SynonymGroup> synonyms;
  // Sound-alike slips of voice input and pinyin IMEs (应及 → 应急, 付责人 →
  // 负责人; glossary.json terms of kind "homophone") and Cantonese words
  // (kind "dialect": 喺边度 → 在哪里): rewritten before the synonyms, so that
  // "应及电话" then reads as 应急电话 does.
  std::vector<SynonymGroup> homophones;
  std::vector<std::string> filler;
  // The filler of speech (那个, 就是, 嗯 …), which voice input drops inside
  // a phrase ("没有那个章子"): hints also read the message without it.
  std::vector<std::string> spoken_filler;
  // Words that name one part of the form. "主体…应急联系方式" names it by its
  // subject: the two words with only part_locators between them ("主体那栏的
  // 应急电话", "主体的应急电话").
  std::vector<std::pair<int, std::vector<std::string>>> section_words;
  std::vector<std::string> part_locators;  // 那栏, 那里, 部分, 的 …
  // Words that say "the platform rejected something" (报错, 驳回, 不通过 …):
  // without one, a message asks how to fill a field rather than reports an error.
  std::vector<std::string> error_cues;
  // Words only a filing question uses (备案, 主体负责人, 管局 …): a message with
  // one is declined as out of scope only on a much clearer lead.
  std::vector<std::string> domain_anchors;
  // The people of the form (主体负责人, 小程序负责人 …): anchors in a message's
  // own words, but not when a hint adds them ("老板" is anyone's boss).
  std::vector<std::string> role_anchors;
  // Words that only acknowledge (收到, 好的, 明白了, 谢谢 …): a message of
  // nothing else asks nothing.
  std::vector<std::string> acknowledgements;
  // Other platforms with mini programs of their own (抖音, 支付宝, 百度 …): a
  // message about "抖音小程序" without naming 微信 is another platform's
  // filing, out of scope however close its words.
  std::vector<std::string> other_platforms;
  // 微信 named only to compare ("跟微信的一样吗") does not make the message
  // about WeChat, nor a part of the form named so after another ("第四部分的
  // 邮箱可以跟主体负责人填同一个吗") the part asked about: a link word (跟, 和 …)
  // right before it and a comparison word (一样, 区别, 同一个 …) soon after.
  std::vector<std::string> comparison_links, comparison_words;
  // A part of the form named after another right after a verb that fills a
  // value (填, 写成, 用的是 …) is the value offered, not the part asked about:
  // "小程序负责人那块的应急手机号可以填主体负责人的吗" asks about the fourth part.
  std::vector<std::string> value_links;
  // Other things that are filed (App, 网站, 域名 …): "App 备案" in a message
  // that does not name 小程序 is another product's filing, out of scope.
  std::vector<std::string> other_services;
  // WeChat's other products (企业微信, 公众号, 视频号 …): their verification
  // (认证) is another product's procedure, not the mini program's filing.
  std::vector<std::string> other_verifications;
  // Others who send text messages (银行, 快递, 丰巢 …): their 短信 is not the
  // filing's verification message.
  std::vector<std::string> other_senders;
  // Words that name one field of a part (证件号码, 邮箱, 有效期 …): an entry
  // whose field name holds some of them is about that field.
  std::vector<std::string> field_words;
  static constexpr std::size_t kMaxFieldWords = 64;  // one bit each in the matcher
  // Work the bot does not do ("帮我写个脚本", "翻译成英文"): declined, whatever
  // the rest of the message is about.
  std::vector<std::string> task_requests;
  // The same work asked in other words: a verb of asking to write
  // (帮我写, 写一段 …) with, within a dozen characters, what to write (代码,
  // 脚本, wxml …): "帮我写一段小程序首页的代码". A credit code (信用代码,
  // 机构代码) is no program.
  std::vector<std::string> task_verbs, task_objects;
  // Words that tell the rejection after them as the latest of several
  // (这次, 这回, 现在 …): "第一次说营业执照有效期不足…这次驳回原因写的是…".
  std::vector<std::string> current_marks;
  // Questions of what to enter (怎么选, 填什么, 该不该勾 …): a long message whose
  // question asks one, reporting nothing itself, asks how to fill the field,
  // whatever rejection its story told ("…被打回来了。那这一项现在应该怎么选？").
  std::vector<std::string> fill_questions;
  // Words after which a clause only imagines a rejection (不然, 否则, 以免 …):
  // "不然备案不给过" reports none.
  std::vector<std::string> hypothetical_marks;
  // Words that only shape a question (可以, 能不能, 有没有, 怎么 …): the triage
  // queue leaves them out when it compares what two questions ask.
  std::vector<std::string> question_words;
  // Situations that point at a concept the message does not name ("签不了字"
  // → 授权书, "12381" → 工信部短信核验): a message with one of `when` is
  // searched with `add` as well. Unlike a synonym, nothing is replaced.
  // With `with`, the hint holds only when the message also has one of those
  // words ("在哪改" with 已备案 → 变更备案). With `unless`, it does not hold
  // when the message has one of those ("有人打电话" is the platform's check,
  // unless the caller wants money: 交钱, 代办 …).
  struct Hint {
    std::vector<std::string> when;
    std::string add;
    std::vector<std::string> with;
    std::vector<std::string> unless;
  };
  std::vector<Hint> hints;
};

// A subject next to the filing that the bot must not answer (公众号, 商标,
// 微信支付, …), with example messages (out_of_scope.json). A message closer to
// one of these than to any entry is declined.
struct OutOfScopeTopic {
  std::string name;
  std::vector<std::string> examples;
};

// Thrown by LoadKnowledgeBase; what() lists every problem, one per line.
class KnowledgeBaseError : public std::runtime_error {
 public:
  explicit KnowledgeBaseError(std::vector<LoadProblem> problems);
  const std::vector<LoadProblem>& problems() const { return problems_; }

 private:
  std::vector<LoadProblem> problems_;
};

// The validated knowledge base: entries in file order (files sorted by name),
// the lexicon and the labels answers show. Immutable; share it as
// std::shared_ptr<const KnowledgeBase> and swap it whole on reload.
class KnowledgeBase {
 public:
  // `labels` has no default: a base built by hand takes them from another
  // base or from ReadLabels over the shipped labels.json.
  KnowledgeBase(std::vector<Entry> entries, Lexicon lexicon, Labels labels,
                std::vector<OutOfScopeTopic> out_of_scope = {});

  const std::vector<Entry>& entries() const { return entries_; }
  const Lexicon& lexicon() const { return lexicon_; }
  const Labels& labels() const { return labels_; }
  const std::vector<OutOfScopeTopic>& out_of_scope() const { return out_of_scope_; }

  // Returns nullptr when no entry has this id. The pointer lives as long as
  // this object.
  const Entry* Find(std::string_view id) const;

 private:
  std::vector<Entry> entries_;
  Lexicon lexicon_;
  Labels labels_;
  std::vector<OutOfScopeTopic> out_of_scope_;
  std::unordered_map<std::string_view, size_t> by_id_;
};

struct ReadResult {
  std::optional<KnowledgeBase> kb;  // set when problems is empty
  std::vector<LoadProblem> problems;
};

// Reads and validates every *.json file of `dir` (format: docs/kb-format.md):
// JSON syntax, required keys and their types, unique ids, id prefix = kind,
// every catalogue id present, related ids exist, alias counts, every label
// in labels.json (ReadLabels; the file is required). Collects all
// problems instead of stopping at the first. Never throws for bad content.
ReadResult ReadKnowledgeBase(const std::filesystem::path& dir);

// Reads one entry as written in the data files, appending what is wrong to
// `problems`; returns the entry whenever it has an id. Entries staff write
// start with one alias: `check_alias_count` false skips the minimum count.
std::optional<Entry> ParseEntry(const nlohmann::json& j, const std::string& file,
                                std::vector<LoadProblem>& problems, bool check_alias_count = true);

// The entry as written in the data files (docs/kb-format.md); reading it back
// gives the same entry.
nlohmann::json EntryToJson(const Entry& entry);

// Same, but throws KnowledgeBaseError when anything is wrong.
KnowledgeBase LoadKnowledgeBase(const std::filesystem::path& dir);

}  // namespace beian
