#include "dialogs/walkthrough.h"

#include <algorithm>
#include <array>
#include <set>

#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/normalizer.h"

namespace beian {
namespace {

// The message with surrounding spaces and sentence punctuation removed, for
// comparing against command words.
std::string Bare(std::string_view text) {
  std::u32string u = DecodeUtf8(text);
  auto strip = [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == U'。' || c == U'.' ||
           c == U'!' || c == U'！' || c == U'~' || c == U'～' || c == U'，' || c == U',' ||
           c == U'、' || c == 0x3000;
  };
  while (!u.empty() && strip(u.front())) u.erase(u.begin());
  while (!u.empty() && strip(u.back())) u.pop_back();
  std::string s = EncodeUtf8(u);
  std::transform(s.begin(), s.end(), s.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return s;
}

bool OneOf(const std::string& s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s == w; });
}

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

// "我要备案", "帮我给小程序备案吧", "我想办小程序备案": the user asks to file,
// which the walkthrough does. Questions ("小程序怎么备案") are not this.
bool AsksToFile(std::string s) {
  const auto drop_prefix = [&s](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (s.rfind(w, 0) == 0) {
        s.erase(0, w.size());
        return;
      }
    }
  };
  const auto drop_suffix = [&s](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
      if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
        s.erase(s.size() - w.size());
        return;
      }
    }
  };
  drop_prefix({"你好", "您好", "hi", "hello"});
  drop_prefix({"请帮我", "帮我们", "帮我", "我们想要", "我们要", "我们想", "我想要", "我要", "我想",
               "我准备", "准备", "想要", "需要", "要"});
  drop_suffix({"吧", "啊", "呀", "了", "呢"});
  drop_suffix({"一下"});
  drop_prefix({"给小程序", "给我的小程序", "给公司小程序", "给公司的小程序", "为小程序"});
  drop_prefix({"做", "办", "办理", "申请", "提交"});
  return OneOf(s, {"备案", "小程序备案", "备案小程序", "备案一下小程序", "填备案", "填备案表",
                   "填小程序备案"});
}

// "三" → 3; digits pass through; 0 when not a part number.
int PartNumber(std::string_view s) {
  static const std::array<std::string_view, 5> kHan{"一", "二", "三", "四", "五"};
  for (size_t i = 0; i < kHan.size(); ++i) {
    if (s == kHan[i]) return static_cast<int>(i) + 1;
  }
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') return s[0] - '0';
  return 0;
}

bool FactMatches(const std::map<std::string, std::string>& facts, const ConditionalNote& note) {
  for (const auto& t : note.when) {
    const auto it = facts.find(t.fact);
    const std::string value = it == facts.end() ? "" : it->second;
    const bool in = std::find(t.values.begin(), t.values.end(), value) != t.values.end();
    if (t.negate ? in || value.empty() : !in) return false;
  }
  return true;
}

std::string ForPerson(const std::string& person) {
  return person == "admin" ? "小程序负责人" : "主体负责人";
}

constexpr std::string_view kConfirmWords[] = {
    "好了",   "好",   "好的",   "完成", "完成了", "已完成", "已上传", "上传好了",
    "传好了", "搞定", "搞定了", "ok",   "done",   "可以了", "弄好了", "填好了",
    "做完了", "已填", "已确认", "确认", "扫好了", "收到",   "已阅读", "阅读好了"};

}  // namespace

Walkthrough::Walkthrough(const FormSpec& form, const KnowledgeBase& kb, Hasher hasher)
    : form_(form), kb_(kb), hasher_(std::move(hasher)) {
  for (const Step& s : form_.steps) {
    if (kb_.Find(s.entry_id) == nullptr) {
      throw FormSpecError(s.key + ": knowledge-base entry '" + s.entry_id + "' does not exist");
    }
  }
}

std::optional<ParsedCommand> Walkthrough::ParseCommand(std::string_view text) const {
  const std::string s = Bare(text);
  if (s.empty()) return std::nullopt;
  if (OneOf(s,
            {"开始备案", "备案引导", "/start", "帮我一步步填", "一步步填", "开始填写", "填写引导",
             "引导我填", "开始引导", "带我填", "一步一步填", "帮我填备案", "开始"}) ||
      AsksToFile(s)) {
    return ParsedCommand{WalkCommand::kStart};
  }
  if (OneOf(s, {"下一步", "跳过", "下一个", "下一项", "略过", "/next", "/skip", "先跳过",
                "跳过这一项"})) {
    return ParsedCommand{WalkCommand::kNext};
  }
  if (OneOf(s, {"上一步", "上一个", "上一项", "返回上一步", "返回", "/back"})) {
    return ParsedCommand{WalkCommand::kBack};
  }
  if (OneOf(s, {"进度", "查看进度", "我的进度", "/progress", "填到哪了", "进度如何"})) {
    return ParsedCommand{WalkCommand::kProgress};
  }
  if (OneOf(s, {"帮助", "/help", "怎么用", "命令", "指令"}))
    return ParsedCommand{WalkCommand::kHelp};
  if (OneOf(s, {"暂停", "退出", "先不填了", "/pause", "/exit", "结束", "不填了", "停止"})) {
    return ParsedCommand{WalkCommand::kPause};
  }
  if (OneOf(s, {"继续", "继续填写", "继续填", "/continue", "/resume", "接着填", "回来了"})) {
    return ParsedCommand{WalkCommand::kResume};
  }
  if (OneOf(s, {"重新开始", "从头开始", "/restart", "重来", "从头再来"})) {
    return ParsedCommand{WalkCommand::kRestart};
  }
  if (OneOf(s, {"就用这个", "保留", "就这样", "就这个", "不改了", "坚持", "确认使用"})) {
    return ParsedCommand{WalkCommand::kKeep};
  }
  // 跳到第N部分 / 跳到<字段名> / 去<字段名>
  for (std::string_view prefix : {"跳到", "跳转到", "转到", "回到", "去", "填"}) {
    if (s.rfind(prefix, 0) != 0) continue;
    std::string rest = s.substr(prefix.size());
    if (rest.rfind("第", 0) == 0) {
      std::string n = rest.substr(std::string("第").size());
      const auto end = n.find("部分");
      if (end != std::string::npos) {
        const int part = PartNumber(n.substr(0, end));
        if (part >= 1 && part <= static_cast<int>(form_.parts.size())) {
          return ParsedCommand{WalkCommand::kJump,
                               form_.parts[static_cast<size_t>(part - 1)].steps.front()};
        }
      }
      continue;
    }
    // A field name: the step whose label (or the part title + label) matches,
    // then the field in everyday words, then the first label the words hold.
    std::optional<size_t> found;
    for (size_t i = 0; i < form_.steps.size() && !found; ++i) {
      const Step& st = form_.steps[i];
      const std::string& title = form_.parts[static_cast<size_t>(st.part - 1)].title;
      if (rest == st.label || rest == title + st.label || rest == st.key) {
        found = i;
      }
    }
    if (!found) found = FieldByWords(rest);
    for (size_t i = 0; i < form_.steps.size() && !found; ++i) {
      const Step& st = form_.steps[i];
      if (Contains(rest, st.label) && st.kind != StepKind::kAuto &&
          (st.person.empty() || Contains(rest, ForPerson(st.person)) ||
           Contains(rest, st.person == "admin" ? "管理员" : "主体"))) {
        found = i;
      }
    }
    if (found) return ParsedCommand{WalkCommand::kJump, *found};
  }
  return std::nullopt;
}

std::string Walkthrough::JumpWords(const Step& step) const {
  const auto same_label =
      std::count_if(form_.steps.begin(), form_.steps.end(),
                    [&](const Step& other) { return other.label == step.label; });
  if (same_label == 1) return step.label;
  static const char* const kPartWords[] = {"",       "主办单位",     "主体负责人",
                                           "小程序", "小程序负责人", "其他"};
  const std::string words = kPartWords[std::clamp(step.part, 0, 5)];
  // Parts 2 and 4 end in the person: "主体负责人" + "负责人名称" names them once.
  const std::string_view person = "负责人";
  const bool again = (step.part == 2 || step.part == 4) && step.label.rfind(person, 0) == 0;
  return words + (again ? step.label.substr(person.size()) : step.label);
}

std::optional<size_t> Walkthrough::FieldByWords(std::string_view words) const {
  // The part the words name, taken out of them: "主体负责人邮箱" is part 2's 邮箱.
  static const std::pair<std::string_view, int> kParts[] = {
      {"小程序负责人", 4}, {"小程序管理员", 4}, {"管理员", 4}, {"主体负责人", 2},
      {"法人", 2},         {"主办单位", 1},     {"主办者", 1}, {"单位", 1},
      {"公司", 1},         {"小程序信息", 3},   {"小程序", 3}};
  std::string field(words);
  int part = 0;
  for (const auto& [w, n] : kParts) {
    if (const auto at = field.find(w); at != std::string::npos) {
      part = n;
      field.erase(at, w.size());
      break;
    }
  }
  if (field.rfind("的", 0) == 0) field.erase(0, std::string_view("的").size());
  // Everyday names of the fields, as the form's labels put them.
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"邮箱", "邮箱地址"},
      {"手机号码", "手机号"},
      {"手机", "手机号"},
      {"电话", "手机号"},
      {"应急电话", "应急手机号"},
      {"应急手机", "应急手机号"},
      {"应急联系方式", "应急手机号"},
      {"姓名", "负责人名称"},
      {"名字", "负责人名称"},
      {"身份证号", "负责人证件号"},
      {"身份证号码", "负责人证件号"},
      {"证件号码", "负责人证件号"},
      {"证件号", "负责人证件号"},
      {"有效期", "证件有效期"},
      {"人脸核身", "负责人人脸核身"},
      {"人脸", "负责人人脸核身"},
      {"承诺书", "互联网信息服务承诺书"},
      {"地区", "选择地区"},
      {"住所", "证件住所"},
      {"信用代码", "证件号码"},
      {"统一社会信用代码", "证件号码"},
      {"名称", "企业名称"}};
  if (field.size() < std::string_view("邮箱").size()) return std::nullopt;
  // The label as said, with the person's "负责人" in front ("主体负责人名称"
  // is the 负责人名称 of part 2), or its everyday name; in the part named, if any.
  std::vector<std::string> labels = {field, "负责人" + field};
  const auto named = std::find_if(std::begin(kNames), std::end(kNames),
                                  [&](const auto& n) { return field == n.first; });
  if (named != std::end(kNames)) labels.emplace_back(named->second);
  for (const std::string& label : labels) {
    for (size_t i = 0; i < form_.steps.size(); ++i) {
      const Step& st = form_.steps[i];
      if (st.kind != StepKind::kAuto && (part == 0 || st.part == part) && st.label == label)
        return i;
    }
  }
  return std::nullopt;
}

const Step* Walkthrough::Current(const WalkState& state) const {
  if (!state.active || state.step >= form_.steps.size()) return nullptr;
  return &form_.steps[state.step];
}

std::string Walkthrough::Where(const Step& step) const {
  const Part& part = form_.parts[static_cast<size_t>(step.part - 1)];
  return "第 " + std::to_string(step.part) + " 部分 · " + part.title + " · 第 " +
         std::to_string(step.index_in_part) + "/" + std::to_string(part.steps.size()) + " 项「" +
         step.label + "」";
}

std::string Walkthrough::Help() const {
  return "随时可以这样说：\n"
         "  · 下一步 / 跳过：先跳过这一项\n"
         "  · 上一步：回到上一项\n"
         "  · 跳到第3部分、跳到通讯地址：直接去某一部分或某一项\n"
         "  · 进度：看填到哪了、还有哪些提醒\n"
         "  · 就用这个：保留刚才被我提醒的值\n"
         "  · 暂停 / 继续：先保存进度，之后接着填（隔几天也可以）\n"
         "  · 重新开始：清空重新填\n"
         "中途有任何问题或报错，直接发给我，我答完会回到当前这一项。";
}

std::vector<std::string> Walkthrough::Start(WalkState& state) const {
  state = WalkState{};
  state.active = true;
  std::string overview = "好的，我们一步一步来填小程序备案，一共 5 个部分：\n";
  for (const Part& p : form_.parts) {
    overview += "  " + std::to_string(p.number) + ". " + p.title + "（" +
                std::to_string(p.steps.size()) + " 项）\n";
  }
  overview +=
      "先准备好：营业执照彩色原件；主体负责人和小程序管理员的身份证（人像面、国徽面）；两人本人的手"
      "机（要收验证码）；"
      "管理员本人的微信（人脸核身用）。\n";
  if (const Entry* limits = kb_.Find("note.materials.upload-limits")) {
    overview += "上传材料：" + limits->summary + "\n";
  }
  overview += "身份证号、手机号我只用来帮你核对，保存时会打码。随时可以说“帮助”看能用的指令。";
  std::vector<std::string> out{overview};
  Enter(state, 0, out);
  return out;
}

std::vector<std::string> Walkthrough::Notes(const WalkState& state,
                                            const std::vector<ConditionalNote>& notes) const {
  std::vector<std::string> out;
  for (const auto& n : notes) {
    if (FactMatches(state.facts, n)) out.push_back(n.text);
  }
  return out;
}

std::string Walkthrough::Intro(const WalkState& state, const Step& step) const {
  std::string out;
  if (step.index_in_part == 1) {
    out += "【第 " + std::to_string(step.part) + " 部分 · " +
           form_.parts[static_cast<size_t>(step.part - 1)].title + "】\n";
  }
  out += Where(step) + "\n";
  const Entry* e = kb_.Find(step.entry_id);
  if (e != nullptr && step.kind != StepKind::kAuto) {
    out += "说明：" + (step.explain.empty() ? e->summary : step.explain) + "\n";
    // The platform errors this field can cause, with their first fix.
    std::vector<const Entry*> errors;
    for (const Entry& x : kb_.entries()) {
      if (x.kind != EntryKind::kError) continue;
      const bool same_field = e->kind == EntryKind::kField && x.section == e->section &&
                              x.field_no && e->field_no && *x.field_no == *e->field_no;
      const bool related = x.section == e->section &&
                           std::find(x.related.begin(), x.related.end(), e->id) != x.related.end();
      if (same_field || (related && e->kind == EntryKind::kField)) errors.push_back(&x);
    }
    if (!errors.empty()) {
      out += "常见报错：\n";
      for (size_t i = 0; i < errors.size() && i < 3; ++i) {
        out += "  · " + errors[i]->title;
        if (!errors[i]->steps.empty()) out += "——" + errors[i]->steps.front();
        out += "\n";
      }
    }
  }
  for (const std::string& n : Notes(state, step.before)) out += "注意：" + n + "\n";
  out += step.prompt;
  return out;
}

void Walkthrough::Enter(WalkState& state, size_t index, std::vector<std::string>& out) const {
  state.pending.reset();
  // Auto steps are told in passing; the next real question follows.
  while (index < form_.steps.size() && form_.steps[index].kind == StepKind::kAuto) {
    const Step& st = form_.steps[index];
    state.answers[st.key] = FieldAnswer{"自动带出", "", "auto", "", ""};
    out.push_back(Intro(state, st));
    ++index;
  }
  state.step = index;
  if (index >= form_.steps.size()) {
    state.active = false;
    state.paused = false;
    state.finished = true;
    out.push_back(Summary(state));
    return;
  }
  out.push_back(Intro(state, form_.steps[index]));
}

std::string Walkthrough::Reprompt(const WalkState& state) const {
  const Step* st = Current(state);
  if (st == nullptr) return "";
  return "（回到 " + Where(*st) + "）" + st->prompt;
}

bool Walkthrough::SamePerson(const WalkState& state) const {
  const auto p = state.answers.find("principal.id-number");
  const auto a = state.answers.find("admin.id-number");
  if (p != state.answers.end() && a != state.answers.end() && !p->second.hash.empty() &&
      !a->second.hash.empty()) {
    return p->second.hash == a->second.hash;
  }
  const auto f = state.facts.find("same_person");
  return f != state.facts.end() && f->second == "是";
}

std::optional<FieldAnswer> Walkthrough::CrossCheck(const WalkState& state, const Step& step,
                                                   const std::string& hash) const {
  for (const Step& other : form_.steps) {
    if (other.key == step.key || other.sensitive != step.sensitive || other.person.empty())
      continue;
    const auto it = state.answers.find(other.key);
    if (it == state.answers.end() || it->second.hash != hash) continue;
    const std::string who = ForPerson(step.person);
    if (other.person == step.person) {
      if (step.sensitive == "mobile") {
        return FieldAnswer{"", "", "invalid",
                           who + "的应急手机号不能和手机号填同一个号码，请换一个本人的其他号码。",
                           "error." + step.person + ".emergency-phone-shared"};
      }
      continue;
    }
    if (SamePerson(state)) continue;  // one person in both roles may reuse numbers
    if (step.sensitive == "id") {
      return FieldAnswer{"", "", "invalid",
                         "这个证件号和" + ForPerson(other.person) +
                             "的一样，可前面说的是两人不是同一个人。"
                             "如果其实是同一个人，发“跳到是否同一人”改成“是”；不是的话，请填" +
                             who + "本人的证件号。",
                         ""};
    }
    if (step.sensitive == "email") {
      return FieldAnswer{"", "", "warning",
                         "这个邮箱和" + ForPerson(other.person) +
                             "的一样。两个人的联系信息不能混用，建议各自填本人的邮箱。",
                         ""};
    }
    const bool emergency = step.role == "emergency";
    return FieldAnswer{
        "", "", "invalid",
        "这个号码已经填成了" + ForPerson(other.person) + "的" + other.label +
            "。主体负责人和小程序负责人不是同一个人时，"
            "号码不能混用，提交会报“【" +
            who + (emergency ? "应急联系方式" : "手机号码") + "】不允许被多人使用”。请换成" + who +
            "本人的号码。",
        "error." + step.person + (emergency ? ".emergency-phone-shared" : ".phone-shared")};
  }
  return std::nullopt;
}

void Walkthrough::Record(WalkState& state, const Step& step, FieldAnswer answer,
                         std::vector<std::string>& out) const {
  std::string said;
  if (answer.status == "warning") {
    said = "已记录「" + step.label + "」：" + answer.display + "\n注意：" + answer.message;
  } else if (answer.status == "confirmed") {
    said = "好的，「" + step.label + "」完成。";
  } else {
    said = "已记录「" + step.label + "」：" + answer.display;
  }
  state.answers[step.key] = std::move(answer);
  for (const std::string& n : Notes(state, step.after)) said += "\n" + n;
  out.push_back(said);
  Enter(state, state.step + 1, out);
}

std::vector<std::string> Walkthrough::Answer(WalkState& state, std::string_view text,
                                             std::chrono::year_month_day today) const {
  std::vector<std::string> out;
  const Step* step = Current(state);
  if (step == nullptr) return out;
  const std::string bare = Bare(text);

  if (step->kind == StepKind::kConfirm) {
    if (std::any_of(std::begin(kConfirmWords), std::end(kConfirmWords),
                    [&](std::string_view w) { return bare == w; })) {
      Record(state, *step, FieldAnswer{"已完成", "", "confirmed", "", ""}, out);
    } else {
      out.push_back("这一步要在备案页面里操作，完成后回复“好了”；想先跳过就回复“跳过”。");
    }
    return out;
  }

  if (step->kind == StepKind::kChoice) {
    std::vector<std::pair<std::string, std::string>> words;  // word → choice
    for (const auto& [choice, list] : step->choices) {
      words.emplace_back(choice, choice);
      for (const auto& w : list) words.emplace_back(w, choice);
    }
    std::stable_sort(words.begin(), words.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (const auto& [word, choice] : words) {
      if (bare == word || (word.size() > 3 && Contains(bare, word))) {
        state.facts[step->fact] = choice;
        Record(state, *step, FieldAnswer{choice, "", "ok", "", ""}, out);
        return out;
      }
    }
    std::string options;
    for (const auto& [choice, list] : step->choices)
      options += (options.empty() ? "“" : "”、“") + choice;
    out.push_back("没看懂你的选择，请回复" + options + "”中的一个。");
    return out;
  }

  // kInput, the administrator being the principal: "同上" takes the
  // principal's answer to the same field (masked and hashed as it was stored:
  // the raw value is not needed). An ID number only when the principal's
  // certificate is the 居民身份证 the administrator must have.
  if (step->key.rfind("admin.", 0) == 0 &&
      OneOf(bare, {"同上", "一样", "和上面一样", "跟上面一样", "和主体负责人一样",
                   "跟主体负责人一样", "同主体负责人", "相同", "一样的"})) {
    const auto same = state.facts.find("same_person");
    const auto theirs =
        state.answers.find("principal." + step->key.substr(std::string("admin.").size()));
    const auto id_type = state.facts.find("principal_id_type");
    const bool id_ok = step->check != "id_number" ||
                       (id_type != state.facts.end() && id_type->second == "居民身份证");
    if (same != state.facts.end() && same->second == "是" && theirs != state.answers.end() &&
        theirs->second.status != "skipped" && id_ok) {
      Record(state, *step, theirs->second, out);  // a copy: Record takes its answer by value
    } else {
      out.push_back(
          "这一项没法直接沿用第 2 部分的内容（两位负责人不是同一个人、第 2 "
          "部分这一项还没填，或证件不是居民身份证），请直接填写。\n" +
          step->prompt);
    }
    return out;
  }

  // kInput: "好了" is not a value — the user filled it in on the page.
  if (std::any_of(std::begin(kConfirmWords), std::end(kConfirmWords),
                  [&](std::string_view w) { return bare == w; })) {
    out.push_back("这一项要把「" + step->label +
                  "」发给我，我才能帮你核对；不需要核对就回复“跳过”。\n" + step->prompt);
    return out;
  }

  const std::string& check = step->check;
  // kInput: "暂无" at a field the form requires is not a value either.
  static const std::set<std::string_view> kRequired = {
      "region", "company_name", "credit_code", "mail_address", "person_name", "mobile",
      "email",  "id_number",    "id_address",  "id_type",      "text"};
  if (kRequired.count(check) != 0 && OneOf(bare, {"无", "没有", "暂无", "还没有", "没", "不知道",
                                                  "不清楚", "空", "不填", "不想填"})) {
    out.push_back("「" + step->label +
                  "」是必填项，提交时不能空着。现在还没有的话，回复“跳过”先填后面的，" +
                  "之后发“跳到" + JumpWords(*step) + "”回来填。\n" + step->prompt);
    return out;
  }

  // kInput: check the value.
  CheckResult r;
  const auto fact = [&](const char* key) {
    const auto it = state.facts.find(key);
    return it == state.facts.end() ? std::string() : it->second;
  };
  if (check == "region") {
    Region region;
    r = CheckRegion(text, region);
    if (r.status != CheckStatus::kInvalid) {
      state.facts["province"] = region.province;
      state.facts["city"] = region.city;
      state.facts["district"] = region.district;
    }
  } else if (check == "company_name") {
    r = CheckCompanyName(text);
  } else if (check == "credit_code") {
    r = CheckCreditCode(text);
  } else if (check == "mail_address") {
    r = CheckMailAddress(text, Region{fact("province"), fact("city"), fact("district")});
  } else if (check == "person_name") {
    r = CheckPersonName(text);
  } else if (check == "mobile") {
    r = CheckMobile(text);
  } else if (check == "email") {
    r = CheckEmail(text);
  } else if (check == "validity") {
    r = CheckValidity(text, today, fact("province") == "宁夏回族自治区");
  } else if (check == "service_types") {
    r = CheckServiceTypes(text);
  } else if (check == "pre_approval") {
    bool needs = false;
    r = CheckPreApproval(text, needs);
    if (r.status != CheckStatus::kInvalid) state.facts["needs_approval"] = needs ? "是" : "否";
  } else if (check == "app_remark") {
    r = CheckAppRemark(text);
  } else if (check == "optional_text") {
    r = OneOf(bare, {"无", "没有", "不填", "空", "不需要", "没"})
            ? CheckResult::Ok("（无）")
            : CheckResult::Ok(std::string(text));
  } else if (check == "id_type") {
    r = CheckPersonIdType(text);
    // A kept warning ("香港身份证") is the type too: its number is not a mainland ID's.
    if (!step->fact.empty() && r.status != CheckStatus::kInvalid) state.facts[step->fact] = r.value;
  } else if (check == "id_number") {
    const std::string type = step->person == "principal" ? fact("principal_id_type") : "居民身份证";
    if (type.empty() || type == "居民身份证") {
      r = CheckIdNumber(text, today);
    } else {
      const std::string v = Bare(text);
      r = v.size() < 5
              ? CheckResult{CheckStatus::kInvalid, "证件号码太短了，请对照证件重新输入。", "", ""}
              : CheckResult::Ok(v);
    }
  } else if (check == "id_address") {
    r = CheckIdAddress(text);
  } else {  // "text"
    r = Bare(text).size() < 6
            ? CheckResult{CheckStatus::kInvalid, "这一项不能为空，请按证件上的内容填写。", "", ""}
            : CheckResult::Ok(std::string(text));
  }

  FieldAnswer answer;
  if (r.status != CheckStatus::kInvalid) {
    answer.display = r.value;
    if (step->sensitive == "id") answer.display = MaskIdNumber(r.value);
    if (step->sensitive == "mobile") answer.display = MaskMobile(r.value);
    if (step->sensitive == "email") answer.display = MaskEmail(r.value);
    if (!step->sensitive.empty()) answer.hash = hasher_(step->sensitive + ":" + r.value);
    answer.status = r.status == CheckStatus::kWarning ? "warning" : "ok";
    answer.message = r.message;
    answer.error_id = r.error_id;
    if (!answer.hash.empty()) {
      if (auto cross = CrossCheck(state, *step, answer.hash)) {
        if (cross->status == "invalid") {
          r = CheckResult{CheckStatus::kInvalid, cross->message, cross->error_id, ""};
        } else if (answer.status == "ok") {
          answer.status = "warning";
          answer.message = cross->message;
          answer.error_id = cross->error_id;
        }
      }
    }
    if (r.status != CheckStatus::kInvalid && check == "id_number" && step->person == "admin") {
      if (IsNonMainlandResidencePermit(r.value)) {
        answer.status = "warning";
        answer.message =
            "这是港澳台居民居住证号码。小程序负责人的人脸核身目前只支持大陆居民身份证，会提示“当前"
            "场景仅支持居民身份证”，"
            "建议先把小程序管理员换成持大陆居民身份证的人员。";
        answer.error_id = "error.admin.face-verify-id-only";
      } else if (state.facts.count("same_person") && state.answers.count("principal.id-number")) {
        const bool same = state.answers["principal.id-number"].hash == answer.hash;
        if (same != (state.facts["same_person"] == "是")) {
          answer.status = "warning";
          answer.message =
              same ? "这个证件号和主体负责人的一样，说明两个负责人是同一个人（前面你说不是同一个人"
                     "），请确认。"
                   : "前面你说两个负责人是同一个人，但这个证件号和主体负责人的不一样，请核对。";
        }
      }
    }
  }
  if (r.status == CheckStatus::kInvalid) {
    // An address without a house number or a code that fails its checks can
    // still be what the user really has: remember it for "就用这个". (Only
    // these non-personal values; ID and phone numbers are never kept, nor a
    // value holding one however it was typed; nor a sentence about the
    // address, which names no platform error.)
    state.pending.reset();
    const bool personal = MaskPersonal(text) != text;
    if (!personal && ((check == "mail_address" && !r.error_id.empty()) || check == "credit_code")) {
      state.pending.emplace(step->key,
                            FieldAnswer{Bare(text), "", "warning", r.message, r.error_id});
    }
    std::string reply = "这个值有问题：" + r.message + "\n请重新输入；想先跳过就回复“跳过”";
    if (state.pending) reply += "，确认就要这样填就回复“就用这个”";
    reply += "。";
    out.push_back(reply);
    return out;
  }
  Record(state, *step, std::move(answer), out);
  return out;
}

std::vector<std::string> Walkthrough::Apply(WalkState& state, const ParsedCommand& c,
                                            std::chrono::year_month_day) const {
  std::vector<std::string> out;
  switch (c.command) {
    case WalkCommand::kStart:
      // "开始备案" again, days later, must not throw away what was filed:
      // only "重新开始" starts afresh.
      if (!state.answers.empty() && state.active) {
        out.push_back("你已经有一份备案填到了" + Where(form_.steps[state.step]) + "（已填 " +
                      std::to_string(state.answers.size()) +
                      " 项）。发“继续”接着填；想从头再来，发“重新开始”（已填的内容会清空）。");
        return out;
      }
      if (!state.answers.empty() && state.finished) {
        out.push_back(
            "你的备案表已经填完了，发“进度”可以再看汇总。要给另一个小程序从头再填，发“重新开始”（已"
            "填的内容会清空）。");
        return out;
      }
      return Start(state);
    case WalkCommand::kRestart:
      return Start(state);
    case WalkCommand::kHelp:
      out.push_back(Help());
      if (Current(state) != nullptr) out.push_back(Reprompt(state));
      return out;
    case WalkCommand::kProgress:
      out.push_back(state.finished && !state.active ? Summary(state) : Progress(state));
      return out;
    case WalkCommand::kPause:
      if (!state.active) {
        out.push_back("现在没有进行中的备案填写。想开始就发“开始备案”。");
        return out;
      }
      state.paused = true;
      out.push_back("好的，已暂停，进度已经保存（停在" + Where(form_.steps[state.step]) +
                    "）。隔几天也没关系，想接着填时发“继续”。");
      return out;
    case WalkCommand::kResume:
      if (!state.active) {
        out.push_back(state.finished
                          ? "这份备案已经填完了。发“进度”可以再看汇总，发“重新开始”可以从头再填。"
                          : "现在没有进行中的备案填写。想开始就发“开始备案”。");
        return out;
      }
      state.paused = false;
      out.push_back("欢迎回来，我们接着填。");
      out.push_back(Intro(state, form_.steps[state.step]));
      return out;
    default:
      break;
  }
  // A filled-in form is reopened at the step a jump names: the summary's
  // skipped items say "跳到…" to come back to them.
  if (!state.active && state.finished && c.command == WalkCommand::kJump) {
    state.active = true;
    state.finished = false;
  }
  if (!state.active) {
    out.push_back("现在没有进行中的备案填写。想开始就发“开始备案”。");
    return out;
  }
  state.paused = false;
  const size_t here = state.step;
  switch (c.command) {
    case WalkCommand::kNext: {
      const Step& st = form_.steps[here];
      if (!state.answers.count(st.key)) {
        state.answers[st.key] = FieldAnswer{"", "", "skipped", "", ""};
        out.push_back("好的，「" + st.label + "」先跳过，之后可以发“跳到" + JumpWords(st) +
                      "”回来填。");
      }
      Enter(state, here + 1, out);
      break;
    }
    case WalkCommand::kBack: {
      size_t prev = here;
      while (prev > 0) {
        --prev;
        if (form_.steps[prev].kind != StepKind::kAuto) break;
      }
      if (prev == here || form_.steps[prev].kind == StepKind::kAuto) {
        out.push_back("已经是第一项了。");
        out.push_back(Reprompt(state));
        break;
      }
      Enter(state, prev, out);
      break;
    }
    case WalkCommand::kJump:
      Enter(state, std::min(c.target, form_.steps.size() - 1), out);
      break;
    case WalkCommand::kKeep: {
      const Step& st = form_.steps[here];
      if (!state.pending || state.pending->first != st.key) {
        out.push_back("没有需要保留的值。");
        out.push_back(Reprompt(state));
        break;
      }
      FieldAnswer kept = state.pending->second;
      state.pending.reset();
      const Entry* error = kept.error_id.empty() ? nullptr : kb_.Find(kept.error_id);
      kept.message = "按你的确认保留了这个值，提交时可能会遇到“" +
                     (error != nullptr ? error->title : std::string("校验不通过")) + "”。";
      if (error != nullptr && !error->steps.empty())
        kept.message += "到时可以这样处理：" + error->steps.front();
      Record(state, st, std::move(kept), out);
      break;
    }
    default:
      break;
  }
  return out;
}

std::string Walkthrough::Progress(const WalkState& state) const {
  if (!state.active && !state.finished) return "现在没有进行中的备案填写。想开始就发“开始备案”。";
  std::string out = "备案填写进度";
  if (const Step* st = Current(state)) {
    out += "：现在在" + Where(*st) + (state.paused ? "（已暂停，发“继续”接着填）" : "");
  }
  out += "\n";
  std::vector<std::pair<const Step*, const FieldAnswer*>> warnings;
  for (const Part& p : form_.parts) {
    size_t done = 0, skipped = 0, total = 0, automatic = 0;
    for (size_t i : p.steps) {
      const Step& st = form_.steps[i];
      if (st.kind == StepKind::kAuto) {
        ++automatic;
        continue;
      }
      ++total;
      const auto it = state.answers.find(st.key);
      if (it == state.answers.end()) continue;
      if (it->second.status == "skipped") {
        ++skipped;
      } else {
        ++done;
      }
      if (it->second.status == "warning") warnings.emplace_back(&st, &it->second);
    }
    out += "  第 " + std::to_string(p.number) + "/" + std::to_string(form_.parts.size()) +
           " 部分 " + p.title + "：" + std::to_string(done) + "/" + std::to_string(total) +
           " 项已填";
    if (skipped > 0) out += "，" + std::to_string(skipped) + " 项跳过";
    // The overview and "第 n/N 项" count these too: say where the rest went.
    if (automatic > 0) out += "（另有 " + std::to_string(automatic) + " 项由平台自动带出）";
    out += "\n";
  }
  if (warnings.empty()) {
    out += "目前没有待处理的提醒。";
  } else {
    out += "待处理的提醒（" + std::to_string(warnings.size()) + " 条）：\n";
    for (const auto& [st, a] : warnings) out += "  · 「" + st->label + "」" + a->message + "\n";
  }
  return out;
}

std::string Walkthrough::Summary(const WalkState& state) const {
  std::vector<std::pair<const Step*, const FieldAnswer*>> warnings;
  std::vector<const Step*> skipped;
  std::string out;
  for (const Part& p : form_.parts) {
    out += "【第 " + std::to_string(p.number) + " 部分 · " + p.title + "】\n";
    for (size_t i : p.steps) {
      const Step& st = form_.steps[i];
      const auto it = state.answers.find(st.key);
      std::string shown = st.kind == StepKind::kAuto ? "自动带出" : "未填写";
      if (it != state.answers.end()) {
        const FieldAnswer& a = it->second;
        shown = a.status == "skipped" ? "已跳过" : a.display;
        if (a.status == "warning") {
          shown += "（有提醒）";
          warnings.emplace_back(&st, &a);
        }
        if (a.status == "skipped") skipped.push_back(&st);
      } else if (st.kind != StepKind::kAuto) {
        skipped.push_back(&st);
      }
      out += "  · " + st.label + "：" + shown + "\n";
    }
  }
  if (!warnings.empty()) {
    out += "\n还要处理的提醒（" + std::to_string(warnings.size()) + " 条）：\n";
    size_t n = 0;
    for (const auto& [st, a] : warnings) {
      out += "  " + std::to_string(++n) + ". 「" + st->label + "」" + a->message;
      if (const Entry* e = a->error_id.empty() ? nullptr : kb_.Find(a->error_id)) {
        if (!e->steps.empty()) out += " 解决办法：" + e->steps.front();
      }
      out += "\n";
    }
  }
  out = (skipped.empty()
             ? "全部 5 个部分都填完了，这是你的填写汇总（身份证号、手机号、邮箱已打码）：\n"
             : "已经走到最后一步了，这是目前的填写汇总（身份证号、手机号、邮箱已打码）：\n") +
        out;
  if (!skipped.empty()) {
    out += "\n还没填的项（发“跳到第N部分”或“跳到”加下面的项目名回去填）：\n";
    int part = 0;
    for (const Step* st : skipped) {
      if (st->part != part) {
        out += std::string(part ? "\n" : "") + "  第 " + std::to_string(st->part) + " 部分：" +
               JumpWords(*st);
        part = st->part;
      } else {
        out += "、" + JumpWords(*st);
      }
    }
    out += "\n";
  }
  const auto fact = [&](const char* key) {
    const auto it = state.facts.find(key);
    return it == state.facts.end() ? std::string() : it->second;
  };
  out += "\n提交前要准备、上传的材料：\n";
  out += "  · 最新版营业执照彩色原件（JPG/PNG，不超过 2M）\n";
  const std::string principal_type = fact("principal_id_type");
  if (principal_type.empty() || principal_type == "居民身份证") {
    out += "  · 主体负责人身份证人像面和国徽面\n";
  } else {
    out += "  · 主体负责人证件：" + principal_type + "\n";
  }
  out += "  · 小程序负责人（管理员）身份证人像面和国徽面\n";
  if (fact("legal_rep") == "不是")
    out += "  · 《主体负责人授权书》（签署日期在备案当天或 1 个月内；仅限允许授权的省份）\n";
  if (fact("needs_approval") == "是") out += "  · 前置审批文件和审批号\n";
  if (fact("province") == "广东省") {
    out += "  · 《互联网信息服务承诺书》：广东地区需下载模板，填写完整、盖章后上传\n";
  } else {
    out += "  · 《互联网信息服务承诺书》：在页面上阅读并确认\n";
  }
  if (fact("entity") == "个体工商户") {
    const std::string province = fact("province");
    if (province == "江苏省" || province == "宁夏回族自治区" || province == "福建省") {
      out += "  · 个体工商户：你所在的省份不接受手印，须刻章后盖章\n";
    } else {
      out +=
          "  · "
          "个体工商户没有公章的：负责人手写日期、签名、按手印并写身份证号，主办单位备注写“个体工商"
          "户无公章”\n";
    }
  }
  out +=
      "\n都准备好后，到小程序管理后台 → 设置 → 小程序备案 "
      "提交。提交后有问题（比如审核进度、短信核验）随时问我。";
  return out;
}

}  // namespace beian
