#include "bot/core/engine.h"

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>

#include "bot/core/classify.h"
#include "bot/core/conversation_state.h"
#include "bot/core/respond.h"
#include "bot/core/staff_push.h"
#include "dialogs/masking.h"
#include "knowledge/json_text.h"
#include "knowledge/normalizer.h"
#include "storage/database.h"

namespace beian {
namespace {

// The key a delivery is remembered by: the message id as sent by this
// sender, in this chat, to this bot account ('\x1f' cannot occur in ids).
std::string DeliveryKey(const IncomingMessage& m) {
  return m.account + '\x1f' + m.chat + '\x1f' + m.user + '\x1f' + m.message_id;
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

}  // namespace

std::chrono::year_month_day ChinaToday(std::chrono::system_clock::time_point now) {
  return std::chrono::year_month_day{
      std::chrono::floor<std::chrono::days>(now + std::chrono::hours(8))};
}

struct Engine::Outcomes {
  MatchResult match;                         // the knowledge-base match behind the reply, if any
  std::optional<std::string> save;           // the new session state, when it changed
  std::shared_ptr<const ParsedWalk> parsed;  // the same, parsed, for the cache
};

Engine::Engine(KnowledgeSource& knowledge, const Walkthrough& walkthrough, SessionStore& sessions,
               ProcessedStore* processed, SupportStore* support, Clock clock, EngineOptions options,
               std::ostream& log)
    : knowledge_(knowledge),
      walkthrough_(walkthrough),
      sessions_(sessions),
      processed_(processed),
      support_(support),
      clock_(std::move(clock)),
      options_(std::move(options)),
      default_rule_{options_.group_prefix, options_.group_errors},
      log_(log),
      flood_({options_.user_per_minute, options_.user_burst, options_.chat_per_minute,
              options_.chat_burst}) {}

const GroupRule& Engine::RuleFor(const std::string& platform) const {
  const auto rule = options_.group_rules.find(platform);
  return rule != options_.group_rules.end() ? rule->second : default_rule_;
}

Reply Engine::Handle(const IncomingMessage& message) {
  if (message.from_self) return {{}, Outcome::kIgnored, false};
  const std::shared_ptr<const Matcher> matcher = knowledge_.Current();
  const auto text = AddressedText(*matcher, message, RuleFor(message.platform));
  if (!text) {
    log_.Write(message.platform, Outcome::kIgnored);
    return {{}, Outcome::kIgnored, false};
  }
  const std::string conversation = message.platform + '\x1f' + message.chat + '\x1f' + message.user;
  std::lock_guard lock(stripes_[std::hash<std::string>{}(conversation) % stripes_.size()]);
  const auto now = clock_();
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (auto again = Retry(message, DeliveryKey(message))) return *again;
  if (auto stop = flood_.Check(message, now)) {
    log_.Write(message.platform, Outcome::kRateLimited, "by=" + std::string(stop->by));
    return stop->reply;
  }
  std::vector<std::string> staff_answers;
  Outcomes out;
  Reply reply;
  if (auto support = Support(message, *text, now_s, staff_answers)) {
    reply = std::move(*support);
  } else {
    reply = Turn(*matcher, message, *text, now_s, out);
  }
  reply.texts.insert(reply.texts.begin(), staff_answers.begin(), staff_answers.end());
  if (!staff_answers.empty()) reply.handled = true;
  Commit(*matcher, message, *text, reply, now_s, out);
  return reply;
}

std::optional<Reply> Engine::Retry(const IncomingMessage& message, const std::string& delivery) {
  // Keyed by who sent it to whom: an id someone else already used is a new
  // message of this sender's, never a way to read another user's reply.
  if (processed_ == nullptr || message.message_id.empty()) return std::nullopt;
  const auto stored = processed_->Find(message.platform, delivery);
  if (!stored) return std::nullopt;
  const nlohmann::json j = nlohmann::json::parse(*stored, nullptr, false);
  Reply again{{}, Outcome::kDuplicate, true};
  if (j.is_array()) {
    for (const auto& t : j) {
      if (t.is_string()) again.texts.push_back(t.get<std::string>());
    }
  }
  log_.Write(message.platform, Outcome::kDuplicate);
  return again;
}

Reply Engine::Turn(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
                   std::int64_t now_s, Outcomes& out) {
  const SessionKey key{message.platform, message.chat, message.user};
  LoadedState before = LoadState(sessions_, key, now_s, options_.session_idle);
  WalkState state = before.state;
  // The entries the last answer offered count for this message only.
  const std::vector<std::string> offered = std::move(state.offered);
  state.offered.clear();
  Classified classified = Classify(matcher, walkthrough_, state, message, text, offered);
  out.match.answered = false;
  Reply reply = Respond(matcher, walkthrough_, state, message, text, classified,
                        ChinaToday(clock_()), out.match);
  out.save = StateToSave(before, state);
  std::string detail;
  if (const Step* step = walkthrough_.Current(state)) detail = "step=" + step->key;
  if (out.save) detail += detail.empty() ? "saved" : " saved";
  log_.Write(message.platform, reply.kind, detail);
  if (out.save) out.parsed = std::make_shared<const ParsedWalk>(std::move(state));
  return reply;
}

void Engine::Commit(const Matcher& matcher, const IncomingMessage& message, const std::string& text,
                    const Reply& reply, std::int64_t now_s, Outcomes& out) {
  const bool remember = processed_ != nullptr && !message.message_id.empty();
  if (!out.save && !remember && support_ == nullptr) return;
  // The new state, the message id and the log line are committed together:
  // a crash between them can neither lose the turn nor let a retry repeat it.
  // What they write is prepared first: the committing thread runs the work
  // of a whole batch one after another, so the less each does, the better.
  // Kept for retries, masked like everything stored (a retry shows the
  // numbers the bot echoed masked; the walkthrough masks its own already).
  std::string replies;
  if (remember) {
    std::vector<std::string> kept;
    for (const auto& t : reply.texts) kept.push_back(MaskSensitive(t));
    replies = JsonStringArray(kept);
  }
  std::optional<LoggedMessage> logged;
  if (support_ != nullptr) {
    logged = LoggedMessage{
        now_s, message.platform, message.chat, message.user, MaskSensitive(text), reply.kind, "",
        0};
    if (!out.match.matches.empty()) {
      logged->entry_id = out.match.matches[0].entry->id;
      logged->score = out.match.matches[0].score;
    }
  }
  const SessionKey key{message.platform, message.chat, message.user};
  sessions_.database().Transaction([&] {
    if (out.save) sessions_.Save(key, *out.save, now_s, out.parsed);
    if (remember) processed_->Remember(message.platform, DeliveryKey(message), replies, now_s);
    if (logged) Record(matcher, message, *logged);
  });
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

}  // namespace beian
