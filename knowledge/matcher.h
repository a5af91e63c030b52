#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/error_matcher.h"
#include "knowledge/knowledge_base.h"
#include "knowledge/message_text.h"
#include "knowledge/normalizer.h"
#include "knowledge/search_index.h"
#include "knowledge/synonyms.h"
#include "knowledge/word_set.h"

namespace beian {

class MeaningReader;

// How a match was found.
enum class MatchVia {
  kErrorText,  // the platform's error message was recognised in the text
  kSearch,     // ranked retrieval over titles, aliases and explanations
};

struct Match {
  const Entry* entry = nullptr;  // lives as long as the Matcher's knowledge base
  double score = 0;              // ≥ 1 for a recognised error text, else 0..1
  MatchVia via = MatchVia::kSearch;
  // Retrieval's parts of the score (zero for a recognised error text), for
  // `lookup --explain`.
  double coverage = 0;   // weighted share of the message's terms in the entry (BM25-based)
  double best_text = 0;  // Dice overlap with the closest alias or title
  double evidence = 0;   // summed weight of shared bigrams and words
};

// The answer to one message.
//   answered   the message is about the filing and matches[0] answers it
//   ambiguous  answered, but matches[0] and matches[1] are too close to pick
//              one: ask the user which they mean
//   errors     how many distinct error messages were recognised (they are
//              the first `errors` matches)
struct MatchResult {
  bool answered = false;
  std::string off_topic;  // the out-of-scope topic that won, if any (for --explain)
  // The message asks about another product by name (another platform's mini
  // program, an App's filing, a chore such as writing code): off_topic says
  // which, and the reply can name it.
  bool other_product = false;
  // The message names the filing (备案, 主体负责人 … — the domain anchors, in
  // its words or in what a hint adds for them): when
  // it is not answered, the knowledge base lacks the answer; it is not
  // another subject.
  bool in_domain = false;
  bool ambiguous = false;
  // The message only acknowledges ("收到", "好的收到👌", "明白了，谢谢"):
  // acknowledgement words (synonyms.json) and filler, nothing else. Such a
  // message is answered with nothing.
  bool acknowledgement = false;
  size_t errors = 0;
  // Best first, at most `top`; several recognised errors come first, in the
  // order they appear in the message.
  std::vector<Match> matches;
};

// Answers messages from a knowledge base: recognises pasted error messages
// (several per message), otherwise ranks entries by retrieval, and decides
// whether the best one is good enough to answer.
// Thread-safety: immutable after construction; Match may run concurrently.
class Matcher {
 public:
  // Builds the indexes. Throws NormalizerError when OpenCC data is missing.
  explicit Matcher(std::shared_ptr<const KnowledgeBase> kb);
  ~Matcher();

  // `context_section`: the part of the form the user is filling in (the
  // walkthrough's current step), used like a part the message names when it
  // names none — "座机可以吗" at the principal's phone asks about that phone.
  MatchResult Match(std::string_view text, size_t top = 5,
                    std::optional<int> context_section = std::nullopt) const;
  // Whether Match(text) would recognise an error message (result.errors > 0),
  // without ranking the rest: cheaper, for messages that are usually not
  // questions (answers to the walkthrough's fields).
  bool RecognisesError(std::string_view text) const;

  const KnowledgeBase& kb() const { return *kb_; }
  const std::shared_ptr<const KnowledgeBase>& kb_ptr() const { return kb_; }

  // `text` in Simplified characters with full-width forms folded (Normalizer::
  // Simplify): for reading commands and choices typed in Traditional.
  std::string Simplify(std::string_view text) const { return normalizer_.Simplify(text); }

  // Normalized, synonym-rewritten form of `text`, separators kept, filler
  // dropped: what retrieval sees. For tests and debugging.
  std::u32string SearchForm(std::string_view text) const;
  // Reads what questions mean, for the triage queue: built on first use
  // (any thread), then shared.
  const MeaningReader& Meanings() const;

  // The parts of the form `text` names (Lexicon::section_words: 1 主办单位,
  // 2 主体负责人 … 5 其他信息), by where each is first named.
  std::vector<int> SectionsNamed(std::string_view text) const {
    return NamedSections(Canonical(text));
  }

  // Score at which a retrieval match counts as an answer, and the share of
  // the top score within which the runner-up makes the result ambiguous.
  static constexpr double kAnswerThreshold = 0.3;
  static constexpr double kAmbiguityRatio = 0.9;
  // Below kAnswerThreshold, a match still answers when it scores at least
  // kLeadThreshold and kLeadRatio times the runner-up.
  // A message that names the part of the form its best entry belongs to
  // ("小程序那栏的负责人证件号…") answers from kNamedThreshold: the part is
  // the user's own word for what the text only suggests.
  static constexpr double kNamedThreshold = 0.25;
  static constexpr double kLeadThreshold = 0.25;
  static constexpr double kLeadRatio = 1.5;
  // A long message dilutes its score with chatter; when it still shares much
  // filing vocabulary with one entry (kStrongEvidence) and that entry leads
  // the runner-up, a lower score answers.
  static constexpr double kStrongEvidence = 12.0;
  static constexpr double kStrongEvidenceThreshold = 0.22;
  static constexpr double kStrongEvidenceLead = 1.2;
  // The longer the message, the more its chatter dilutes the score: past
  // kStrongEvidence, the score needed falls with the evidence,
  // kLongThreshold × sqrt(kStrongEvidence / evidence), down to
  // kLongMinThreshold, when the best entry leads by kLongLeadRatio (three
  // sentences of background, then "这个备注到底怎么填？").
  static constexpr double kLongThreshold = 0.24;
  static constexpr double kLongMinThreshold = 0.12;
  static constexpr double kLongLeadRatio = 1.4;
  // A message that names the filing (a domain anchor), with enough evidence,
  // whose best entry clearly leads the next answers from a lower score:
  // "已经备案的小程序再加类目会影响备案吗" is about nothing else, nor is "我们是
  // 澳门注册的公司…能在微信给小程序备案吗" (docs/benchmarks.md, realistic6).
  // A message that names the part of the form its best entry belongs to needs
  // no evidence for it: the part's name anchors it ("嗯那个小程序备注啊…那个
  // 备注里面要写些什么东西啊").
  static constexpr double kAnchoredLeadThreshold = 0.2;
  static constexpr double kAnchoredLeadRatio = 1.3;
  static constexpr double kAnchoredLeadEvidence = 8.0;
  // Whatever its evidence, a message that names the filing answers from
  // kAnchoredClearThreshold when its best entry scores kAnchoredClearRatio
  // times the next: "公司从海淀搬到朝阳…小程序早就有备案号了，现在要做什么手续"
  // shares few words with any entry, and far more with one than the rest.
  static constexpr double kAnchoredClearThreshold = 0.15;
  static constexpr double kAnchoredClearRatio = 1.6;
  // A message that names the filing answers from kAnchoredSlimThreshold when
  // its best entry leads by kAnchoredSlimRatio, shares some filing
  // vocabulary with it (kAnchoredSlimEvidence), covers some of the message
  // (kAnchoredSlimCoverage) and resembles one of its sayings
  // (kAnchoredSlimText): "管局的短信被手机管家当骚扰拦了…" is told in its own
  // words. A filing question the knowledge base has no entry for ("备案期间
  // 小程序还能正常访问吗") leads by less, or covers or resembles nothing; what
  // is near the filing but not ours is declined before, by name.
  static constexpr double kAnchoredSlimEvidence = 6.0;
  static constexpr double kAnchoredSlimThreshold = 0.13;
  static constexpr double kAnchoredSlimRatio = 1.2;
  static constexpr double kAnchoredSlimCoverage = 0.15;
  static constexpr double kAnchoredSlimText = 0.1;
  // A situation the hints recognise (HintLed) answers from
  // kHintLedThreshold when its best entry leads by kHintLedRatio and is also
  // the best entry for what the hints add, searched alone: "交上去三天了还没
  // 信儿，一般得等多少天" shares few words with the review-stages entry, but
  // its hint (没信儿 → 审核进度) finds that entry first.
  static constexpr double kHintLedThreshold = 0.12;
  static constexpr double kHintLedRatio = 1.1;
  // A long story that names the filing, whose best entry scores twice the
  // next, answers down to kLongMinThreshold: four sentences of background
  // around "得不得重新发?" dilute the score, not the lead.
  static constexpr double kLongClearRatio = 2.0;
  // A message that names both the part of the form and the field of its best
  // entry ("…填到主体负责人那一页的证件有效期，…这个要怎么填进去") has said
  // which entry it means: it answers from kNamedFieldThreshold when that
  // entry leads by kAnchoredLeadRatio, however long the story around it.
  // Naming the field without the part, about the filing, it answers from
  // there too when the entry leads by kAnchoredClearRatio ("…备案填到后面要
  // 扫脸，可我外甥在外地读书。是不是非得他本人扫才行？").
  static constexpr double kNamedFieldThreshold = 0.12;
  // A message that reports a rejection (an error cue) and whose best entry is
  // an error is anchored too, from a lower score: it tells what went wrong in
  // its own words ("写了大厦名字和第几层，没写具体几号，结果审核就是不给过").
  static constexpr double kReportedErrorThreshold = 0.18;
  // Its lead over the runner-up may be smaller: the report has already
  // favoured the error entries (kCueOtherFactor).
  static constexpr double kReportedErrorLead = 1.1;
  // Without a domain anchor, a best entry far ahead of every other answers
  // from a low score when the message shares much filing vocabulary with it
  // ("验证码隔了一会儿才填进去就说不对，这码能管多长时间"): a long paraphrase
  // of one entry, not another subject.
  static constexpr double kClearLeadEvidence = 11.0;
  static constexpr double kClearLeadThreshold = 0.17;
  static constexpr double kClearLeadRatio = 2.5;
  // Two entries close together, neither sure, in a message that shares much
  // filing vocabulary with the best ("老板的身份证要拍正面反面两张都传上去吗":
  // the principal's upload or the administrator's): ask which one is meant
  // (answered and ambiguous) rather than decline.
  static constexpr double kCloseCallEvidence = 10.0;
  static constexpr double kCloseCallThreshold = 0.2;
  static constexpr double kCloseCallRatio = 0.7;
  // Least shared bigram/word weight for a retrieval answer: one rare bigram
  // is about 3.7, one that half the entries share about 0.7.
  static constexpr double kMinEvidence = 2.5;
  // A declined message is offered an entry as "您可能想问" only when the entry
  // scores at least this and shares kMinEvidence with it: a near miss, not
  // the best of nothing (加急 is not offered the SMS and seal entries).
  static constexpr double kSuggestThreshold = 0.25;
  // A one-word message ("短信", "邮箱"; two Chinese characters at least) has
  // thin evidence but can still match
  // its entries well: from kThinEvidence, a match of at least kThinThreshold
  // that has a close runner-up asks which one is meant instead of declining.
  static constexpr double kThinEvidence = 1.2;
  static constexpr double kThinThreshold = 0.5;
  static constexpr double kThinRatio = 0.85;  // the runner-up's share that makes it close
  // Retrieval score factor for an entry of another part of the form than the
  // one the message names (the message names the 主体负责人, the entry is the
  // 小程序负责人's; it names the 主办单位, the entry is the 小程序's 备注), or
  // than any of those it names ("主体负责人邮箱…？主办单位那个备注…" asks nothing
  // of the administrator's part, whose 邮箱 entry words it as closely).
  static constexpr double kOtherSectionFactor = 0.55;
  // Retrieval score factor for error entries when the message has no error
  // cue: "通讯地址要精确到哪一级" asks about the field, not the rejection.
  static constexpr double kNoCueErrorFactor = 0.75;
  // With an error cue, error entries score ÷ this: beside them every other
  // entry counts this much, while its own score (and so whether it answers)
  // stays as it was. "…差了一个括号，被退回了" reports the rejection, and the
  // error's entry explains it, however closely the field's entry words the
  // rest.
  static constexpr double kCueOtherFactor = 0.9;
  // Retrieval score factor for an entry about another field than the ones
  // the message names (Lexicon::field_words): "小程序负责人身份证号填管理员的
  // 还是法人的" names the ID number, not the name, whatever else it shares
  // with the name's entry.
  static constexpr double kOtherFieldFactor = 0.75;
  // A message that names a field asks about that field: a part's question
  // about no field (must the principal be the legal representative?) scores
  // this much less — "主体负责人的手机号是不是必须得是法人本人的" asks about the
  // phone, not about who the principal may be.
  static constexpr double kFieldlessFaqFactor = 0.9;
  // When the message names two parts ("小程序负责人的应急手机号，可以填主体负责
  // 人的吗"), the first named is its subject: entries of the later-named
  // parts lose this much — enough to break a tie, not to overrule the text.
  // Entries of other parts than the context section (the part being filled
  // in, when the message names none) lose more: "应急联系方式怎么填" asked at
  // the principal's part means the principal's, though the administrator's
  // entry words it more closely.
  static constexpr double kContextSectionFactor = 0.8;
  static constexpr double kLaterSectionFactor = 0.95;

  // An out-of-scope topic declines the message only when it leads the best
  // entry by this factor: "小程序管理员可以用港澳通行证吗" stays in scope.
  static constexpr double kOffTopicLead = 1.1;
  static constexpr double kOffTopicLeadAnchored = 1.5;

 private:
  // A message's normalized and canonical (synonyms applied) forms, and the
  // canonical form of the sentences that ask — empty unless some sentences
  // ask and others only tell.
  struct Forms {
    // `asked`: the whole sentences `asking` was taken from.
    std::u32string normalized, canonical, asking, asked;
  };
  Forms FormsOf(std::string_view text) const;
  // True when the asking parts of a long message carry fewer than
  // kLittleAsked characters of their own once filler is dropped ("这种情况到底
  // 怎么处理？"): the question is about what the story told.
  bool AsksLittle(const std::vector<std::string_view>& asking) const;
  bool NamesNoField(std::string_view text) const;  // no Lexicon::field_words in it
  static constexpr size_t kLittleAsked = 8;
  // Building (matcher_build.cc), in the constructor's order.
  std::u32string Word(const std::string& s) const;  // normalized, word-folded
  std::vector<std::u32string> CanonicalWords(const std::vector<std::string>& words) const;
  // The same, without separators (as hints compare them).
  std::vector<std::u32string> CompactWords(const std::vector<std::string>& words) const;
  void LoadWordTables();     // synonyms, homophones, filler, cue and product words
  void LoadHintsAndParts();  // hints, part locators, section words
  std::u32string ErrorPattern(const std::string& text) const;  // XX: the variable part
  void IndexErrorTexts(std::uint32_t doc, const Entry& e);
  void IndexEntries();
  void IndexOutOfScope();
  // Match's stages (matcher.cc). ChooseErrors: the error hits kept (one per
  // entry, one per stretch of text; in the order pasted, but the latest
  // told first), added to `result`. `compact`: the text the hits index.
  std::vector<ErrorMatcher::Hit> ChooseErrors(const std::vector<ErrorMatcher::Hit>& hits,
                                              std::u32string_view compact,
                                              MatchResult& result) const;
  // A question that reports nothing and only nears an error text asks about
  // the rule the text states ("承诺书需要盖公章吗"): those near hits go, and
  // retrieval decides. Unless it asks with question marks alone and the
  // error text is nearly all the message ("前置审批必须选以上都不涉及？？" is
  // the rejection in the user's own shorthand): a hit over kWholeErrorShare
  // of the compact message then stays. `text`: the message as typed.
  void DropRuleQuestions(std::vector<ErrorMatcher::Hit>& hits, std::string_view text,
                         std::u32string_view compact) const;
  static constexpr double kWholeErrorShare = 0.8;
  // The last of `chosen` (sorted by place) with a current mark between it
  // and the one before (Lexicon::current_marks); else the first.
  std::vector<ErrorMatcher::Hit>::iterator LatestTold(std::vector<ErrorMatcher::Hit>& chosen,
                                                      std::u32string_view compact) const;
  // Sets result.off_topic, other_product and in_domain; true when the
  // message is about something else.
  // `hinted`: what the hints add (Hinted).
  bool IsOffTopic(const std::vector<SearchIndex::Hit>& hits, std::u32string_view canonical,
                  std::u32string_view compact, std::u32string_view hinted,
                  MatchResult& result) const;
  // Which of field_words_ `canonical` holds, one bit each (a message's, or an
  // entry's field name).
  std::uint64_t FieldsNamed(std::u32string_view canonical) const;
  // The fields a message asks about (FieldsNamed): see the definition.
  std::uint64_t FieldsAsked(std::string_view text, std::u32string_view canonical,
                            std::u32string_view asking) const;
  // Reweighs and re-sorts `hits` by the parts and `fields` (FieldsNamed)
  // named and drops topics.
  void Prefer(std::vector<SearchIndex::Hit>& hits, std::uint64_t fields,
              const std::vector<int>& sections, std::optional<int> context, bool error_cue) const;
  // With a part and a field named ("小程序信息那部分的备注写什么好"), another
  // part's entry (not an error: "验证码不正确" is either part's) for the same
  // field stays below the named part's, at most kSiblingCap of its score,
  // however closely it words the message: the user named the part.
  void KeepSiblingsBelow(std::vector<SearchIndex::Hit>& hits, int section,
                         std::uint64_t fields) const;
  static constexpr double kSiblingCap = 0.9;
  void DecideByErrors(const std::vector<ErrorMatcher::Hit>& error_hits,
                      const ErrorMatcher::Hit& best, MatchResult& result) const;
  // The best score after the first among `matches` of part `section` or of
  // no part (0 when none): an entry of another part has already lost
  // kOtherSectionFactor, so its score is no runner-up to the named part's.
  double RunnerUpInPart(const std::vector<beian::Match>& matches, int section) const;
  // Whether `best` leads a message that names the filing by the slim rule
  // (kAnchoredSlimThreshold …), `second` being the runner-up's score.
  static bool SlimLead(const beian::Match& best, double second);
  // Whether the entry the message's own words put first (result.matches[0],
  // document `best`) is also the one that `hinted` alone finds first, with
  // the lead kHintLedThreshold and kHintLedRatio ask for.
  // With `error_cue`, an error entry of the field the hints find first
  // counts as that field's.
  bool HintLed(std::u32string_view hinted, std::size_t best, bool error_cue,
               const MatchResult& result) const;
  // A rejection found by search, told with a situation a related note explains
  // ("公司刚注册…说查不到企业信息"): the note moves to the front when `hinted`
  // alone finds it among its two best and it scores kRelatedNoteShare of it.
  void RelatedNoteFirst(std::u32string_view hinted, MatchResult& result) const;
  static constexpr double kRelatedNoteShare = 0.7;
  // `names_field`: the message names the best entry's field.
  void DecideByScores(std::u32string_view canonical, std::optional<int> named, bool names_field,
                      double evidence, bool off_topic, bool error_cue, MatchResult& result) const;
  std::u32string Canonical(std::string_view text) const;             // normalized + synonyms
  std::u32string CanonicalOf(std::u32string_view normalized) const;  // the synonyms part of it
  // `text` with sound-alike slips corrected, twice when the first corrected one.
  std::u32string Unslipped(std::u32string_view text) const;
  bool IsAcknowledgement(const std::u32string& normalized) const;
  std::u32string Compact(std::u32string_view canonical) const;
  // `canonical` without filler words, and a word said twice in a row ("失败
  // 失败", voice-to-text's and chat's stutter) said once.
  std::u32string DropFiller(std::u32string_view canonical) const;
  // The parts of the form the message names, by where each is first named.
  std::vector<int> NamedSections(std::u32string_view canonical) const;
  bool IsNamedSection(int section) const;
  // Whether `canonical` names a part with one of its fields, apart
  // ("小程序那边的负责人", "主体那栏的应急电话"): a section word with two halves.
  bool NamesPartWithField(std::u32string_view canonical) const;
  // The other product a message asks about, or "": another platform's mini
  // program ("百度智能小程序", without 微信) or another service's filing ("App
  // 备案", "网站备案", without 小程序). See Lexicon::other_platforms/services.
  // `compact`: the canonical form without separators. A filing of another
  // service told as past ("以前给官网做过备案", "网站已经备案", "做过网站备
  // 案") is the story of this one, not another subject: kPastMarks between
  // the two words, or at most kPastReach characters before the service's.
  // Nor is a filing number the company has ("有网站ICP号了", "官网有备案号"),
  // nor a service named only to compare with ("跟网站的备案号有啥区别").
  // `pasted`: the message holds a recognised rejection; it is then about
  // another product only by the platform's name or as a chore asked of the
  // bot ("支付宝小程序备案提示…", "把这句驳回通知翻译成英文：…").
  std::string OtherProduct(std::u32string_view canonical, std::u32string_view compact,
                           bool pasted) const;
  // Whether the message asks the bot to write a program: a task verb with a
  // task object at most kTaskReach characters on, the object not a credit
  // code's (统一社会信用代码). Lexicon::task_verbs/objects.
  bool AsksForCode(std::u32string_view canonical) const;
  static constexpr size_t kTaskReach = 12;
  // Another product's verification ("企业微信认证时名称不一致", "公众号认证要交
  // 钱吗", "小红书企业号认证…"): the product, then 认证 within kVerifyReach
  // characters, in a message that does not name 备案 and not only to compare.
  // Lexicon::other_verifications, and other_platforms without 微信.
  static constexpr size_t kVerifyReach = 4;
  bool OtherVerification(std::u32string_view canonical, bool wechat) const;
  // Another sender's text message ("银行发短信说…", "短信说快递被退回"): a
  // sender and 短信 within kSenderReach characters of each other, either
  // way round. Lexicon::other_senders.
  static constexpr size_t kSenderReach = 6;
  static constexpr size_t kLongestSender = 8;  // characters: a longer sender is never found
  bool OtherSender(std::u32string_view canonical) const;
  // Another platform's mini program or filing: the platform, then 小程序
  // within kPlatformReach characters of the same clause ("快手小店那个小程序",
  // "支付宝开放平台那边的小程序") with no 了 between ("我百度了一下说小程序…"
  // searched the web), or 备案 within kPlatformFilingReach ("支付宝那边备案").
  static constexpr size_t kPlatformReach = 8;
  static constexpr std::u32string_view kPlatformVerbMarks = U"了 ";
  static constexpr size_t kPlatformFilingReach = 3;
  static constexpr std::u32string_view kPastMarks = U"过已";
  static constexpr size_t kPastReach = 2;  // "备过的网站", "已有官网"
  // Whether the message names `word` other than only to compare with it
  // (Compared over `reach` at each place it is named): "支付宝小程序…跟微信的一样
  // 吗" names no 微信; "跟网站的备案号有啥区别" no 网站. Lexicon::comparison_links/words.
  bool NamesBeyondComparing(std::u32string_view canonical, std::u32string_view word,
                            size_t reach) const;
  static constexpr size_t kComparisonReach = 6;  // characters after 微信 that may compare
  // Whether what starts at `at` is named only to compare with: a link word
  // right before it and a comparison word within `reach` characters from
  // `at` ("跟微信的一样吗", "跟主体负责人填同一个吗"). A part of the form named so,
  // after another, is not what the message asks about
  // (Lexicon::comparison_links/words).
  bool Compared(std::u32string_view canonical, size_t at, size_t reach) const;
  static constexpr size_t kComparedPartReach = 20;  // a part's name and what it names of it
  // Whether what starts at `at` follows a verb that fills a value
  // (Lexicon::value_links) and is a person's or the person, 的 or 吗 within
  // kOfferedReach: "…可以填主体负责人的吗" offers the principal's; or one of
  // two choices, 还是 within kOfferedChoiceReach: "主办单位那里的证件号码是填法人
  // 身份证号还是公司的号" asks about the host's number.
  bool Offered(std::u32string_view canonical, size_t at) const;
  static constexpr size_t kOfferedReach = 8;         // a part's name (≤ 6) and 的
  static constexpr size_t kOfferedChoiceReach = 16;  // a part's name, a field and 还是
  // Whether the message reports a rejection (Lexicon::error_cues), not
  // counting the 不 of a question that offers both answers ("能不能") nor a
  // clause after a hypothetical mark ("不然备案不给过").
  bool HasErrorCue(std::u32string_view canonical) const;
  static bool EndsWithAny(std::u32string_view text, const std::vector<std::u32string>& words);

  std::shared_ptr<const KnowledgeBase> kb_;
  mutable std::once_flag meanings_once_;
  mutable std::unique_ptr<const MeaningReader> meanings_;
  Normalizer normalizer_;
  SynonymTable homophones_;
  SynonymTable synonyms_;
  SynonymTable filler_;
  SynonymTable spoken_filler_;
  SynonymTable acknowledgements_;
  ErrorMatcher errors_;
  SearchIndex index_;
  // A word naming a part of the form: `before`, or `before` and `after` with
  // only part locators between them (see Lexicon::section_words).
  struct SectionWord {
    int section;
    std::u32string before, after;  // canonical
  };
  // Where each of section_words_ first occurs in `canonical` (or, failing
  // that, is named as an afterthought), npos where it does not: one scan of
  // the text for all of them.
  std::vector<size_t> FindSectionWords(std::u32string_view canonical) const;
  // Whether `w.after` follows w.before at `at`, with only part locators
  // between them.
  bool FieldFollows(std::u32string_view canonical, size_t at, const SectionWord& w) const;
  // Where `w`'s subject is named as an afterthought, or npos: `after` first,
  // then, within kAfterthoughtReach characters, `before` with a part locator
  // of two characters or more ("应急电话填谁的啊，就是主体那里那个").
  size_t FindAfterthought(std::u32string_view canonical, const SectionWord& w) const;
  static constexpr size_t kAfterthoughtReach = 10;
  std::vector<SectionWord> section_words_;
  WordTrie section_befores_;  // SectionWord::before → index into section_words_of_
  std::vector<std::vector<std::uint32_t>> section_words_of_;  // indices into section_words_
  std::vector<std::u32string> field_words_;                   // Lexicon::field_words, canonical
  std::vector<std::uint64_t> entry_fields_;          // by entry: FieldsNamed(its field name)
  std::vector<std::u32string> part_locators_;        // canonical, longest first
  WordSet error_cues_;                               // canonical
  WordSet anchors_;                                  // canonical, with the role anchors
  WordSet hint_anchors_;                             // canonical, without them
  std::vector<std::u32string> other_platforms_;      // canonical (Lexicon::other_platforms)
  std::vector<std::u32string> comparison_links_;     // canonical (Lexicon::comparison_links)
  WordSet comparison_words_;                         // canonical (Lexicon::comparison_words)
  std::vector<std::u32string> value_links_;          // canonical (Lexicon::value_links)
  WordSet fill_questions_;                           // canonical (Lexicon::fill_questions)
  std::vector<std::u32string> hypothetical_marks_;   // canonical (Lexicon::hypothetical_marks)
  std::vector<std::u32string> other_verifications_;  // canonical (Lexicon::other_verifications)
  std::vector<std::u32string> other_senders_;        // canonical (Lexicon::other_senders)
  std::u32string verification_, text_message_;       // canonical 认证, 短信
  std::vector<std::u32string> other_services_;       // canonical (Lexicon::other_services)
  WordSet task_requests_;                            // canonical (Lexicon::task_requests)
  std::vector<std::u32string> task_verbs_, task_objects_;  // canonical (Lexicon::task_*)
  std::vector<std::u32string> current_marks_;              // canonical (Lexicon::current_marks)
  std::u32string wechat_, mini_program_, filing_;          // canonical 微信, 小程序, 备案
  std::u32string filing_number_, has_filing_number_;       // canonical 备案号, 有备案号
  // Each hint's trigger words rewrite to a marker character, kHintMark + the
  // hint's index (a word several hints list, to one marker for each), so one
  // pass of the table finds every hint a message has.
  static constexpr char32_t kHintMark = 0xF0000;  // plane 15, private use
  SynonymTable hint_triggers_;
  std::vector<std::u32string> hint_adds_;  // canonical, by hint index
  std::vector<size_t> hint_first_;         // by hint index: the first hint with the same `add`
  std::vector<WordSet> hint_withs_;        // canonical, compact; by hint index (empty: any)
  std::vector<WordSet> hint_unless_;       // canonical, compact; by hint index
  // The concepts the message points at without naming them (Lexicon::hints),
  // as canonical text to search beside it; empty when none.
  // `compact_canonical`: the canonical form without separators (for `with`).
  std::u32string Hinted(std::u32string_view normalized,
                        std::u32string_view compact_canonical) const;
};

}  // namespace beian
