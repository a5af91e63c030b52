// The walkthrough's turn: find the step, check the value, say the next step.

#include "dialogs/walkthrough.h"

#include <algorithm>

#include "dialogs/checks.h"
#include "dialogs/masking.h"

namespace beian {

Walkthrough::Walkthrough(const FormSpec& form, const KnowledgeBase& kb, Hasher hasher)
    : form_(form), kb_(kb), hasher_(std::move(hasher)) {
  for (const Step& s : form_.steps) {
    if (kb_.Find(s.entry_id) == nullptr) {
      throw FormSpecError(s.key + ": knowledge-base entry '" + s.entry_id + "' does not exist");
    }
  }
}

std::string Walkthrough::Say(Text text, const TextArgs& args) const {
  return form_.texts(text, args);
}

const Step* Walkthrough::Current(const WalkState& state) const {
  if (!state.active || state.step >= form_.steps.size()) return nullptr;
  return &form_.steps[state.step];
}

std::string Walkthrough::Where(const Step& step) const {
  const Part& part = form_.parts[static_cast<size_t>(step.part - 1)];
  return Say(Text::kWalkWhere, {{"part", std::to_string(step.part)},
                                {"title", part.title},
                                {"index", std::to_string(step.index_in_part)},
                                {"count", std::to_string(part.steps.size())},
                                {"label", step.label}});
}

std::string Walkthrough::Help() const { return Say(Text::kWalkHelp); }

std::vector<std::string> Walkthrough::Start(WalkState& state) const {
  state = WalkState{};
  state.active = true;
  std::string overview = Say(Text::kWalkStartHead);
  for (const Part& p : form_.parts) {
    overview += Say(Text::kWalkStartPart, {{"part", std::to_string(p.number)},
                                           {"title", p.title},
                                           {"count", std::to_string(p.steps.size())}});
  }
  overview += Say(Text::kWalkStartPrepare);
  if (const Entry* limits = kb_.Find("note.materials.upload-limits"))
    overview += Say(Text::kWalkStartUploadLimits, {{"limits", limits->summary}});
  overview += Say(Text::kWalkStartPrivacy);
  std::vector<std::string> out{overview};
  Enter(state, 0, out);
  return out;
}

std::vector<std::string> Walkthrough::Notes(const WalkState& state,
                                            const std::vector<ConditionalNote>& notes) const {
  std::vector<std::string> out;
  for (const auto& n : notes) {
    if (n.Matches(state.facts)) out.push_back(n.text);
  }
  return out;
}

std::string Walkthrough::CommonErrors(const Entry& e) const {
  std::vector<const Entry*> errors;
  for (const Entry& x : kb_.entries()) {
    if (x.kind != EntryKind::kError) continue;
    const bool same_field = e.kind == EntryKind::kField && x.section == e.section && x.field_no &&
                            e.field_no && *x.field_no == *e.field_no;
    const bool related = x.section == e.section &&
                         std::find(x.related.begin(), x.related.end(), e.id) != x.related.end();
    if (same_field || (related && e.kind == EntryKind::kField)) errors.push_back(&x);
  }
  if (errors.empty()) return "";
  std::string out = Say(Text::kWalkIntroErrors);
  for (size_t i = 0; i < errors.size() && i < 3; ++i) {
    out += Say(Text::kWalkIntroError, {{"title", errors[i]->title}});
    if (!errors[i]->steps.empty())
      out += Say(Text::kWalkIntroErrorFix, {{"fix", errors[i]->steps.front()}});
    out += "\n";
  }
  return out;
}

std::string Walkthrough::Intro(const WalkState& state, const Step& step) const {
  std::string out;
  if (step.index_in_part == 1) {
    out += Say(Text::kWalkPartHeader,
               {{"part", std::to_string(step.part)},
                {"title", form_.parts[static_cast<size_t>(step.part - 1)].title}});
  }
  out += Where(step) + "\n";
  const Entry* e = kb_.Find(step.entry_id);
  if (e != nullptr && step.kind != StepKind::kAuto) {
    out +=
        Say(Text::kWalkIntroExplain, {{"text", step.explain.empty() ? e->summary : step.explain}});
    out += CommonErrors(*e);
  }
  for (const std::string& n : Notes(state, step.before))
    out += Say(Text::kWalkIntroNote, {{"note", n}});
  return out + step.prompt;
}

void Walkthrough::Enter(WalkState& state, size_t index, std::vector<std::string>& out) const {
  state.pending.reset();
  // Auto steps are told in passing; the next real question follows.
  while (index < form_.steps.size() && form_.steps[index].kind == StepKind::kAuto) {
    const Step& st = form_.steps[index];
    state.answers[st.key] = FieldAnswer{Say(Text::kWalkAuto), "", "auto", "", ""};
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
  return Say(Text::kWalkReprompt, {{"where", Where(*st)}, {"prompt", st->prompt}});
}

void Walkthrough::Record(WalkState& state, const Step& step, FieldAnswer answer,
                         std::vector<std::string>& out) const {
  const TextArgs args = {
      {"label", step.label}, {"value", answer.display}, {"message", answer.message}};
  std::string said;
  if (answer.status == "warning") {
    said = Say(Text::kWalkRecordWarning, args);
  } else if (answer.status == "confirmed") {
    said = Say(Text::kWalkRecordConfirmed, args);
  } else {
    said = Say(Text::kWalkRecordOk, args);
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
    AnswerConfirm(state, *step, bare, out);
  } else if (step->kind == StepKind::kChoice) {
    AnswerChoice(state, *step, bare, out);
  } else if (!AnswerSameAsPrincipal(state, *step, bare, out)) {
    AnswerInput(state, *step, text, today, out);
  }
  return out;
}

void Walkthrough::AnswerConfirm(WalkState& state, const Step& step, const std::string& bare,
                                std::vector<std::string>& out) const {
  if (OneOf(bare, form_.words.confirm)) {
    Record(state, step, FieldAnswer{Say(Text::kWalkConfirmDone), "", "confirmed", "", ""}, out);
  } else {
    out.push_back(Say(Text::kWalkConfirmAsk));
  }
}

void Walkthrough::AnswerChoice(WalkState& state, const Step& step, const std::string& bare,
                               std::vector<std::string>& out) const {
  std::vector<std::pair<std::string, std::string>> words;  // word → choice
  for (const auto& [choice, list] : step.choices) {
    words.emplace_back(choice, choice);
    for (const auto& w : list) words.emplace_back(w, choice);
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [word, choice] : words) {
    if (bare == word || (word.size() > 3 && bare.find(word) != std::string::npos)) {
      state.facts[step.fact] = choice;
      Record(state, step, FieldAnswer{choice, "", "ok", "", ""}, out);
      return;
    }
  }
  std::string options;
  for (const auto& [choice, list] : step.choices) {
    if (!options.empty()) options += Say(Text::kWalkChoiceSeparator);
    options += Say(Text::kWalkChoiceOption, {{"choice", choice}});
  }
  out.push_back(Say(Text::kWalkChoiceUnknown, {{"options", options}}));
}

// kInput, the administrator being the principal: "同上" takes the principal's
// answer to the same field (masked and hashed as it was stored: the raw value
// is not needed). An ID number only when the principal's certificate is the
// 居民身份证 the administrator must have.
bool Walkthrough::AnswerSameAsPrincipal(WalkState& state, const Step& step, const std::string& bare,
                                        std::vector<std::string>& out) const {
  if (step.key.rfind("admin.", 0) != 0 || !OneOf(bare, form_.words.same_as_principal)) return false;
  const auto same = state.facts.find("same_person");
  const auto theirs =
      state.answers.find("principal." + step.key.substr(std::string("admin.").size()));
  const auto id_type = state.facts.find("principal_id_type");
  const bool id_ok = step.check != "id_number" ||
                     (id_type != state.facts.end() && id_type->second == "居民身份证");
  if (same != state.facts.end() && same->second == "是" && theirs != state.answers.end() &&
      theirs->second.status != "skipped" && id_ok) {
    Record(state, step, theirs->second, out);  // a copy: Record takes its answer by value
  } else {
    out.push_back(Say(Text::kWalkSameRefused, {{"prompt", step.prompt}}));
  }
  return true;
}

void Walkthrough::AnswerInput(WalkState& state, const Step& step, std::string_view text,
                              std::chrono::year_month_day today,
                              std::vector<std::string>& out) const {
  const std::string bare = Bare(text);
  // "好了" is not a value — the user filled it in on the page.
  if (OneOf(bare, form_.words.confirm)) {
    out.push_back(Say(Text::kWalkInputNotAValue, {{"label", step.label}, {"prompt", step.prompt}}));
    return;
  }
  const CheckSpec* check = FindCheck(step.check);
  if (check == nullptr) return;  // LoadFormSpec refuses such a form
  // "暂无" at a field the form requires is not a value either.
  if (check->required && OneOf(bare, form_.words.empty)) {
    out.push_back(Say(Text::kWalkInputRequired,
                      {{"label", step.label}, {"jump", JumpWords(step)}, {"prompt", step.prompt}}));
    return;
  }
  CheckOutput checked = check->run(text, CheckInput{step, state.facts, today, form_});
  CheckResult& r = checked.result;
  if (r.status != CheckStatus::kInvalid) {
    for (auto& [fact, value] : checked.facts) state.facts[fact] = std::move(value);
  }
  FieldAnswer answer;
  if (r.status != CheckStatus::kInvalid) answer = Recorded(state, step, r);
  if (r.status == CheckStatus::kInvalid) {
    // The check's refusal, or a cross-field rule's (Recorded's answer.message).
    Refuse(state, step, text, r.message ? Say(*r.message, r.args) : answer.message, r.error_id,
           out);
    return;
  }
  Record(state, step, std::move(answer), out);
}

FieldAnswer Walkthrough::Recorded(const WalkState& state, const Step& step, CheckResult& r) const {
  FieldAnswer answer;
  answer.display = r.value;
  if (step.sensitive == "id") answer.display = MaskIdNumber(r.value);
  if (step.sensitive == "mobile") answer.display = MaskMobile(r.value);
  if (step.sensitive == "email") answer.display = MaskEmail(r.value);
  if (!step.sensitive.empty()) answer.hash = hasher_(step.sensitive + ":" + r.value);
  answer.status = r.status == CheckStatus::kWarning ? "warning" : "ok";
  answer.message = r.message ? Say(*r.message, r.args) : std::string();
  answer.error_id = r.error_id;
  if (!answer.hash.empty()) {
    if (auto cross = CrossCheck(state, step, answer.hash)) {
      if (cross->status == "invalid") {
        r = CheckResult{CheckStatus::kInvalid, std::nullopt, {}, cross->error_id, ""};
        answer.message = cross->message;
        return answer;
      }
      if (answer.status == "ok") {
        answer.status = "warning";
        answer.message = cross->message;
        answer.error_id = cross->error_id;
      }
    }
  }
  if (step.check == "id_number" && step.person == "admin") CheckAdminId(state, r.value, answer);
  return answer;
}

void Walkthrough::Refuse(WalkState& state, const Step& step, std::string_view text,
                         const std::string& message, const std::string& error_id,
                         std::vector<std::string>& out) const {
  // An address without a house number or a code that fails its checks can
  // still be what the user really has: remember it for "就用这个". (Only
  // these non-personal values; ID and phone numbers are never kept, nor a
  // value holding one however it was typed; nor a sentence about the
  // address, which names no platform error.)
  state.pending.reset();
  const CheckSpec* check = FindCheck(step.check);
  const KeepRefused keep = check != nullptr ? check->keep_refused : KeepRefused::kNever;
  const bool keepable =
      keep == KeepRefused::kAlways || (keep == KeepRefused::kWhenErrorNamed && !error_id.empty());
  if (MaskPersonal(text) == text && keepable) {
    state.pending.emplace(step.key, FieldAnswer{Bare(text), "", "warning", message, error_id});
  }
  out.push_back(Say(Text::kWalkRefused,
                    {{"message", message},
                     {"keep", state.pending ? Say(Text::kWalkRefusedKeep) : std::string()}}));
}

}  // namespace beian
