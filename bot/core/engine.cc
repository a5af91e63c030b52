#include "bot/core/engine.h"

#include <algorithm>
#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/core/lookup_answer.h"
#include "bot/core/staff_push.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/json_text.h"
#include "knowledge/normalizer.h"
#include "storage/database.h"

namespace beian {
namespace {

using nlohmann::json;

// The key a delivery is remembered by: the message id as sent by this
// sender, in this chat, to this bot account ('\x1f' cannot occur in ids).
std::string DeliveryKey(const IncomingMessage& m) {
  return m.account + '\x1f' + m.chat + '\x1f' + m.user + '\x1f' + m.message_id;
}

std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n。！!~？?");
  return last == std::string::npos || last < first ? "" : text.substr(first, last - first + 1);
}

// Length of the white space at text[i] (ASCII, the no-break space, WeChat's
// U+2005 after an @name, the ideographic space), 0 if none.
size_t SpaceAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') return 1;
  for (std::string_view w : {"\u00A0", "\u2005", "\u3000"}) {
    if (text.compare(i, w.size(), w) == 0) return w.size();
  }
  return 0;
}

// A message that @-mentions the bot, without the @names at its start and end
// ("@备案助手 广东 深圳 南山", "广东 深圳 南山 @备案助手"): hosts that pass the
// raw text leave them in, and a value would otherwise carry them.
std::string WithoutMentions(const std::string& text) {
  constexpr size_t kLongestName = 60;  // bytes: 20 Chinese characters
  std::string_view t = text;
  for (;;) {  // leading "@name " (the name ends at white space)
    size_t i = 0;
    while (size_t n = SpaceAt(t, i)) i += n;
    if (i >= t.size() || t[i] != '@') break;
    size_t j = i + 1;
    while (j < t.size() && SpaceAt(t, j) == 0) ++j;
    if (j == i + 1 || j - i > kLongestName || j == t.size()) break;  // no name, or nothing after it
    t.remove_prefix(j);
  }
  // A trailing "@name" after white space.
  const size_t at = t.rfind('@');
  if (at != std::string_view::npos && at > 0 && at + 1 < t.size() &&
      t.size() - at <= kLongestName) {
    bool name = true;
    for (size_t k = at + 1; k < t.size() && name; ++k) name = SpaceAt(t, k) == 0;
    for (size_t width = 1; name && width <= 3 && width <= at;
         ++width) {  // the white space before it
      if (SpaceAt(t, at - width) == width) {
        t = t.substr(0, at - width);
        break;
      }
    }
  }
  return std::string(t);
}

bool OneOf(const std::string& s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s == w; });
}

// A request for a person, asked plainly or politely ("怎么转人工", "能帮我转一下
// 人工客服吗", "有没有人工"): the message without its courtesy words is one of
// the phrases. A message that only mentions 人工 ("人工核验是什么") is not.
bool WantsHuman(const std::string& bare) {
  std::string core = bare;
  for (std::string_view w : {"请问", "请",     "帮我", "给我", "能不能", "可不可以", "可以",
                             "能",   "有没有", "怎么", "如何", "我想",   "我要",     "想",
                             "一下", "吗",     "呢",   "啊",   "，",     ",",        " "}) {
    for (size_t at; (at = core.find(w)) != std::string::npos;) core.erase(at, w.size());
  }
  return OneOf(core, {"转人工", "人工客服", "找客服", "人工", "真人", "联系客服", "转客服",
                      "人工服务", "找人工", "客服", "要人工", "转人工客服", "找人工客服",
                      "联系人工客服", "转接人工", "接人工"});
}

bool EndsHandoff(const std::string& bare) {
  return OneOf(bare, {"取消人工", "结束人工", "不用人工了", "取消转人工", "回到机器人"});
}

bool Unhelpful(const std::string& bare) {
  // Not "不是": that answers the walkthrough's yes/no questions.
  return OneOf(bare, {"没用", "不对", "没解决", "不是这个", "答非所问", "没有用", "还是不行",
                      "没帮助", "不是我要的"});
}

// Dice overlap of the two texts' character bigrams (1 = same bigrams).
double BigramDice(std::u32string_view a, std::u32string_view b) {
  auto bigrams = [](std::u32string_view s) {
    std::vector<std::u32string_view> out;
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      if (s[i] != Normalizer::kSeparator && s[i + 1] != Normalizer::kSeparator)
        out.push_back(s.substr(i, 2));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  const auto x = bigrams(a), y = bigrams(b);
  if (x.empty() || y.empty()) return a == b ? 1.0 : 0.0;
  std::vector<std::u32string_view> both;
  std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(both));
  return 2.0 * static_cast<double>(both.size()) / static_cast<double>(x.size() + y.size());
}

// "2", "第二个", "第2条" (already simplified): which of the offered entries;
// nullopt when the message is not such a pick or the number is not offered.
std::optional<std::string> Picked(const std::string& text,
                                  const std::vector<std::string>& offered) {
  if (offered.empty()) return std::nullopt;
  std::string s = Trimmed(text);
  if (s.rfind("第", 0) == 0) s.erase(0, std::string_view("第").size());
  for (std::string_view tail : {"。", ".", "吧", "个", "条", "项"}) {
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0)
      s.erase(s.size() - tail.size());
  }
  static const std::array<std::string_view, 3> kHan{"一", "二", "三"};
  for (size_t i = 0; i < offered.size() && i < kHan.size(); ++i) {
    if (s == std::to_string(i + 1) || s == kHan[i]) return offered[i];
  }
  return std::nullopt;
}

// No digit at all (ASCII or full-width), and at least two Chinese characters.
bool WordsOnly(const std::string& text) {
  const std::u32string u = DecodeUtf8(text);
  size_t han = 0;
  for (char32_t c : u) {
    if ((c >= U'0' && c <= U'9') || (c >= 0xFF10 && c <= 0xFF19)) return false;
    if (IsCjk(c)) ++han;
  }
  return han >= 2;
}

}  // namespace

std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now) {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8))};
}

Engine::Engine(KnowledgeSource& knowledge, const Walkthrough& walkthrough, SessionStore& sessions,
               ProcessedStore* processed, SupportStore* support, Clock clock, EngineOptions options,
               std::ostream& log)
    : knowledge_(knowledge),
      walkthrough_(walkthrough),
      sessions_(sessions),
      processed_(processed),
      support_(support),
      clock_(std::move(clock)),
      options_(options),
      log_(log),
      users_(options.user_per_minute, options.user_burst),
      chats_(options.chat_per_minute, options.chat_burst) {}

std::optional<Reply> Engine::Limited(const IncomingMessage& message) {
  const auto now = clock_();
  const std::string user_key = message.platform + '\x1f' + message.chat + '\x1f' + message.user;
  const std::string chat_key = message.platform + '\x1f' + message.chat;
  std::string warn_key, notice;
  if (!users_.Allow(user_key, now)) {
    warn_key = "u" + user_key;
    notice = "你发消息太快了，我先歇一会儿，请一分钟后再发。";
  } else if (!chats_.Allow(chat_key, now)) {
    users_.Refund(user_key);
    warn_key = "c" + chat_key;
    notice = "这里的消息太多了，我一分钟后再继续回答。";
  } else {
    return std::nullopt;
  }
  bool warn = false;
  {
    std::lock_guard lock(warned_mutex_);
    if (warned_.size() > 4096)
      std::erase_if(warned_,
                    [&](const auto& kv) { return now - kv.second > std::chrono::minutes(1); });
    auto [it, fresh] = warned_.try_emplace(warn_key, now);
    if (fresh || now - it->second > std::chrono::minutes(1)) {
      it->second = now;
      warn = true;
    }
  }
  WriteLog("turn platform=" + message.platform + " kind=rate-limited" +
           (warn_key[0] == 'u' ? " by=user\n" : " by=chat\n"));
  if (!warn) return Reply{{}, Outcome::kRateLimited, false};
  return Reply{{notice}, Outcome::kRateLimited, true};
}

void Engine::WriteLog(const std::string& line) {
  std::lock_guard log_lock(log_mutex_);
  log_.write(line.data(),
             static_cast<std::streamsize>(line.size()));  // one write, even to unbuffered std::cerr
}

Reply Engine::Answer(const Matcher& matcher, const std::string& text, MatchResult* match,
                     const MatchResult* known) const {
  const std::string bare = Trimmed(text);
  if (OneOf(bare, {"你好", "您好", "在吗", "在不在", "有人吗", "hi", "hello", "嗨", "哈喽",
                   "您好在吗", "你好在吗"})) {
    return {{"你好！我是小程序备案助手，可以：\n"
             "  · 解释备案报错：直接把控制台的报错原文发给我；\n"
             "  · 回答填写问题，例如“通讯地址怎么填”“主体负责人一定要是法人吗”；\n"
             "  · 一步步带你填完整张备案表：发“开始备案”；\n"
             "  · 需要人工帮忙时发“转人工”。"},
            Outcome::kGreeting};
  }
  const MatchResult result = known != nullptr ? *known : matcher.Match(text, 5);
  if (match != nullptr) *match = result;
  if (result.acknowledgement) {
    const bool thanks = bare.find("谢") != std::string::npos ||
                        bare.find("辛苦") != std::string::npos ||
                        bare.find("thank") != std::string::npos;
    return {
        {thanks ? "不客气！还有备案相关的问题随时问我。" : "好的！还有备案相关的问题随时问我。"},
        Outcome::kGreeting};
  }
  std::string answer = RenderAnswer(result, matcher.kb());
  if (!result.answered)
    answer += "想让我一步步带你填备案表，就发“开始备案”；需要人工帮忙就发“转人工”。";
  return {{answer},
          !result.answered   ? Outcome::kDeclined
          : result.ambiguous ? Outcome::kClarify
                             : Outcome::kAnswer};
}

std::optional<std::string> Engine::Addressed(const Matcher& matcher,
                                             const IncomingMessage& message) const {
  if (!message.group) return message.text;
  if (message.mentioned) return WithoutMentions(message.text);
  const auto rule = options_.group_rules.find(message.platform);
  const std::string& prefix =
      rule != options_.group_rules.end() ? rule->second.prefix : options_.group_prefix;
  const bool errors =
      rule != options_.group_rules.end() ? rule->second.errors : options_.group_errors;
  const std::string trimmed = Trimmed(message.text);
  if (!prefix.empty() && trimmed.rfind(prefix, 0) == 0) return trimmed.substr(prefix.size());
  if (errors) {
    // A pasted platform error is worth answering unasked — but only when
    // recognised almost verbatim.
    const MatchResult match = matcher.Match(message.text, 1);
    if (match.errors > 0 && match.matches[0].score >= kGroupErrorScore) return message.text;
  }
  return std::nullopt;
}

Reply Engine::Handle(const IncomingMessage& message) {
  if (message.from_self) return {{}, Outcome::kIgnored, false};
  const std::shared_ptr<const Matcher> matcher = knowledge_.Current();
  const auto text = Addressed(*matcher, message);
  if (!text) {
    WriteLog("turn platform=" + message.platform + " kind=ignored\n");
    return {{}, Outcome::kIgnored, false};
  }
  const SessionKey key{message.platform, message.chat, message.user};
  const std::string stripe_key = key.platform + '\x1f' + key.chat + '\x1f' + key.user;
  Stripe& stripe = stripes_[std::hash<std::string>{}(stripe_key) % stripes_.size()];
  std::lock_guard lock(stripe.lock);
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(clock_().time_since_epoch()).count();

  // A retry of a message already answered: the same replies, no second turn.
  // Keyed by who sent it to whom: an id someone else already used is a new
  // message of this sender's, never a way to read another user's reply.
  const std::string delivery = DeliveryKey(message);
  if (processed_ != nullptr && !message.message_id.empty()) {
    if (const auto stored = processed_->Find(message.platform, delivery)) {
      const json j = json::parse(*stored, nullptr, false);
      Reply again{{}, Outcome::kDuplicate, true};
      if (j.is_array()) {
        for (const auto& t : j) {
          if (t.is_string()) again.texts.push_back(t.get<std::string>());
        }
      }
      WriteLog("turn platform=" + message.platform + " kind=duplicate\n");
      return again;
    }
  }

  if (auto limited = Limited(message)) return *limited;

  std::vector<std::string> staff_answers;
  std::optional<std::string> save;
  MatchResult match;
  bool matched = false;
  Reply reply;
  if (auto support = Support(message, *text, now_s, staff_answers)) {
    reply = std::move(*support);
  } else {
    match.answered = false;
    reply = Turn(*matcher, message, *text, now_s, stripe, stripe_key, save, &match);
    matched = !match.matches.empty();
  }
  reply.texts.insert(reply.texts.begin(), staff_answers.begin(), staff_answers.end());
  if (!staff_answers.empty() && !reply.handled) reply.handled = true;

  const bool remember = processed_ != nullptr && !message.message_id.empty();
  if (save || remember || support_ != nullptr) {
    // The new state, the message id and the log line are committed together:
    // a crash between them can neither lose the turn nor let a retry repeat it.
    // What they write is prepared first: the committing thread runs the work
    // of a whole batch one after another, so the less each does, the better.
    // Kept for retries, masked like everything stored (a retry shows the
    // numbers the bot echoed masked; the walkthrough masks its own already).
    std::vector<std::string> kept;
    if (remember) {
      for (const auto& t : reply.texts) kept.push_back(MaskSensitive(t));
    }
    const std::string replies = remember ? JsonStringArray(kept) : std::string();
    std::optional<LoggedMessage> logged;
    if (support_ != nullptr)
      logged = Logged(message, *text, reply, matched ? &match : nullptr, now_s);
    sessions_.database().Transaction([&] {
      if (save) sessions_.Save(key, *save, now_s);
      if (remember) processed_->Remember(message.platform, delivery, replies, now_s);
      if (logged) Record(*matcher, message, *logged);
    });
  }
  return reply;
}

std::optional<Reply> Engine::Support(const IncomingMessage& message, const std::string& text,
                                     std::int64_t now_s, std::vector<std::string>& staff_answers) {
  if (support_ == nullptr) return std::nullopt;
  const Asker asker{message.platform, message.chat, message.user};
  const bool pending = support_->MayHavePending(asker);
  if (pending) {
    for (const StaffAnswerFor& a : support_->TakeAnswersFor(asker))
      staff_answers.push_back(StaffAnswerMessage(a.reason, a.question, a.answer));
  }
  const std::string bare = Trimmed(text);
  const auto open = pending
                        ? support_->OpenTicketFor(asker, now_s - options_.handoff_timeout.count())
                        : std::nullopt;
  if (open) {
    if (EndsHandoff(bare)) {
      support_->CloseTicket(*open, now_s);
      return Reply{{"好的，已经结束人工服务，我继续为你解答。"}, Outcome::kHandoffEnd};
    }
    // A person is handling this user: the bot stays quiet.
    return Reply{{}, Outcome::kHuman, false};
  }
  if (WantsHuman(bare)) {
    support_->OpenTicket(asker, now_s, now_s - options_.handoff_timeout.count());
    const std::string key = "human:" + message.platform + ":" + message.chat + ":" + message.user;
    support_->Triage(key, "", TriageReason::kHuman, asker, now_s);
    return Reply{{"好的，已经帮你转给人工客服，客服看到后会在这里回复你。客服处理期间我先不插话；"
                  "想让我继续回答，发“取消人工”。"},
                 Outcome::kHandoff};
  }
  if (Unhelpful(bare)) {
    // The question this user asked last, if the bot answered it.
    // Only a question of the last hour is the one "没用" is about.
    for (const LoggedMessage& m :
         support_->History(message.platform, message.chat, message.user, 1, now_s - 3600)) {
      if (m.outcome != Outcome::kAnswer && m.outcome != Outcome::kClarify) break;
      support_->Triage("unhelpful:" + m.text, m.text, TriageReason::kUnhelpful, asker, now_s);
      return Reply{{"抱歉没帮上忙。我已经把你的问题转给客服人员，他们会看一看；你也可以换个说法再问"
                    "一次，或发“转人工”。"},
                   Outcome::kUnhelpful};
    }
  }
  return std::nullopt;
}

LoggedMessage Engine::Logged(const IncomingMessage& message, const std::string& text,
                             const Reply& reply, const MatchResult* match,
                             std::int64_t now_s) const {
  LoggedMessage m{
      now_s, message.platform, message.chat, message.user, MaskSensitive(text), reply.kind, "", 0};
  if (match != nullptr && !match->matches.empty()) {
    m.entry_id = match->matches[0].entry->id;
    m.score = match->matches[0].score;
  }
  return m;
}

void Engine::Record(const Matcher& matcher, const IncomingMessage& message,
                    const LoggedMessage& m) {
  support_->Log(m);
  if (m.outcome == Outcome::kDeclined || m.outcome == Outcome::kClarify) {
    // Near-identical questions share one item: compared in the matcher's
    // normalised form (case, width, Traditional, synonyms and filler folded),
    // a question joins an open item whose wording it nearly repeats.
    const std::u32string form = matcher.SearchForm(m.text);
    std::string key = "q:" + EncodeUtf8(form);
    for (const TriageItem& item : support_->Items("open", kTriageCompare)) {
      if (item.group_key.rfind("q:", 0) == 0 &&
          BigramDice(form, DecodeUtf8(std::string_view(item.group_key).substr(2))) >=
              kSameQuestion) {
        key = item.group_key;
        break;
      }
    }
    support_->Triage(
        key, m.text,
        m.outcome == Outcome::kDeclined ? TriageReason::kDeclined : TriageReason::kAmbiguous,
        {message.platform, message.chat, message.user}, m.at);
  }
}

Reply Engine::Turn(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
                   std::int64_t now_s, Stripe& stripe, const std::string& stripe_key,
                   std::optional<std::string>& save, MatchResult* match) {
  const SessionKey key{message.platform, message.chat, message.user};
  const auto now = clock_();
  WalkState state;
  std::string before;
  if (auto record = sessions_.Load(key)) {
    if (now_s - record->updated_at > options_.session_idle.count()) {
      sessions_.Delete(key);  // idle too long: start afresh
    } else if (stripe.last && stripe.last->key == stripe_key &&
               stripe.last->text == record->state) {
      state = stripe.last->state;
      before = std::move(record->state);
    } else {
      const json j = json::parse(record->state, nullptr, false);
      if (!j.is_discarded()) {
        state = j.get<WalkState>();
        before = std::move(record->state);
      }
    }
  }

  const auto today = ChinaToday(now);
  // The entries the last answer offered count for this message only.
  const std::vector<std::string> offered = std::move(state.offered);
  state.offered.clear();
  const std::string simple = matcher.Simplify(text);
  const auto picked = Picked(simple, offered);
  const Entry* chosen = picked ? matcher.kb().Find(*picked) : nullptr;
  Reply reply;
  if (message.non_text) {
    const Step* step = state.active && !state.paused ? walkthrough_.Current(state) : nullptr;
    if (step != nullptr && step->kind == StepKind::kConfirm) {
      reply = {{"图片和文件要在备案页面里上传，发给我我也看不到，也不会保存。在页面上弄好了就回复“"
                "好了”，我们接着填下一项。"},
               Outcome::kNonText};
    } else if (step != nullptr) {
      reply = {{"图片、语音和文件我看不到，请用文字回复。", walkthrough_.Reprompt(state)},
               Outcome::kNonText};
    } else {
      reply = {{"目前我只能看懂文字消息：请把报错原文或问题用文字发给我（截图里的报错，可以照着打出"
                "来）。"},
               Outcome::kNonText};
    }
  } else if (chosen != nullptr) {
    reply = {{RenderEntry(*chosen, matcher.kb())}, Outcome::kAnswer};
    if (match != nullptr) {
      match->answered = true;
      match->matches = {{chosen, 1.0, MatchVia::kSearch}};
    }
    if (state.active && !state.paused) reply.texts.push_back(walkthrough_.Reprompt(state));
  } else if (const auto command = walkthrough_.ParseCommand(simple)) {
    reply = {walkthrough_.Apply(state, *command, today), Outcome::kWalkthrough};
    if (message.group &&
        (command->command == WalkCommand::kStart || command->command == WalkCommand::kRestart)) {
      reply.texts.push_back(
          "（在群里也可以填，每位成员的进度分开保存；不过会用到身份证号、手机号，建议私聊我继续。"
          "）");
    }
  } else if (state.active && !state.paused) {
    // A question (a question cue and a confident match) or a pasted platform
    // error is answered; anything else answers the field. Most messages are
    // answers: without a cue, only a recognised error needs the whole match.
    // A number is asked for and the message has none, only words: "法人不在身
    // 边收不到验证码" at the phone step is a question, not a wrong number.
    const Step* step = walkthrough_.Current(state);
    const bool wants_number =
        step != nullptr &&
        (step->check == "mobile" || step->check == "id_number" || step->check == "credit_code");
    const bool cue = HasQuestionCue(text) || (wants_number && WordsOnly(text));
    std::optional<MatchResult> result;
    const std::optional<int> context =
        step != nullptr ? std::optional<int>(step->part) : std::nullopt;
    if (cue || matcher.RecognisesError(text)) result = matcher.Match(text, 5, context);
    if (result && (result->errors > 0 || (cue && result->answered))) {
      reply = Answer(matcher, text, match, &*result);
      reply.texts.push_back(walkthrough_.Reprompt(state));
    } else {
      // A choice or a region typed in Traditional ("企業", "廣東省") is read in
      // Simplified; other values are kept as typed (a registered name keeps its （）).
      const bool simplify =
          step != nullptr && (step->kind == StepKind::kChoice || step->check == "region");
      reply = {walkthrough_.Answer(state, simplify ? simple : text, today), Outcome::kWalkthrough};
    }
  } else {
    reply = Answer(matcher, text, match);
    if (state.active && state.paused)
      reply.texts.push_back("（你的备案填写已暂停，发“继续”就能接着填。）");
  }

  if (reply.kind == Outcome::kClarify && match != nullptr) {
    for (const Entry* e : ClarifyOptions(*match)) state.offered.push_back(e->id);
  }
  std::string after = StateJson(state);
  const bool changed = after != before && (!before.empty() || state.active || state.finished ||
                                           !state.offered.empty());
  std::string line = "turn platform=" + message.platform + " kind=" + std::string(Name(reply.kind));
  if (const Step* step = walkthrough_.Current(state)) line += " step=" + step->key;
  WriteLog(line + (changed ? " saved\n" : "\n"));
  if (changed) {
    save = after;
    KeepParsed(stripe, stripe_key, std::move(after), std::move(state));
  }
  return reply;
}

void Engine::KeepParsed(Stripe& stripe, const std::string& key, std::string text, WalkState state) {
  // Used only when the next turn loads this very text: a commit that fails
  // leaves the old text in the database, and that is parsed again.
  const size_t old = stripe.last ? stripe.last->key.size() + stripe.last->text.size() : 0;
  const size_t bytes = key.size() + text.size();
  // Checked, then added: threads on other stripes may overshoot the budget
  // by a state each, no more.
  if (parsed_bytes_.load(std::memory_order_relaxed) - old + bytes > kParsedBudget) {
    if (stripe.last) parsed_bytes_.fetch_sub(old, std::memory_order_relaxed);
    stripe.last.reset();
    return;
  }
  parsed_bytes_.fetch_add(bytes - old, std::memory_order_relaxed);  // unsigned: wraps to a decrease
  if (!stripe.last) stripe.last = std::make_unique<Parsed>();
  stripe.last->key = key;
  stripe.last->text = std::move(text);
  stripe.last->state = std::move(state);
}

}  // namespace beian
