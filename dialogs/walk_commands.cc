// The walkthrough's commands: what a message asks for (ParseCommand) and the
// words that name a step in a jump (FieldByWords, JumpWords). The words are
// the form's (words.json).

#include <algorithm>

#include "dialogs/walkthrough.h"

namespace beian {
namespace {

bool Contains(std::string_view s, std::string_view w) {
  return s.find(w) != std::string_view::npos;
}

// Takes the first of `words` that `s` starts with off it.
void DropPrefix(std::string& s, const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (s.rfind(w, 0) == 0) {
      s.erase(0, w.size());
      return;
    }
  }
}

// Takes the first of `words` that `s` ends with (and is longer than) off it.
void DropSuffix(std::string& s, const std::vector<std::string>& words) {
  for (const std::string& w : words) {
    if (s.size() > w.size() && s.compare(s.size() - w.size(), w.size(), w) == 0) {
      s.erase(s.size() - w.size());
      return;
    }
  }
}

// "我要备案", "帮我给小程序备案吧", "我想办小程序备案": the user asks to file,
// which the walkthrough does. Questions ("小程序怎么备案") are not this.
bool AsksToFile(std::string s, const WalkWords::AsksToFile& w) {
  DropPrefix(s, w.greetings);
  DropPrefix(s, w.askers);
  DropSuffix(s, w.particles);
  DropSuffix(s, w.softeners);
  DropPrefix(s, w.objects);
  DropPrefix(s, w.verbs);
  return OneOf(s, w.requests);
}

// "三" → 3; a digit stands for itself; 0 when not a part number.
int PartNumber(std::string_view s, const std::vector<std::string>& numerals) {
  for (size_t i = 0; i < numerals.size(); ++i) {
    if (s == numerals[i]) return static_cast<int>(i) + 1;
  }
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') return s[0] - '0';
  return 0;
}

}  // namespace

std::optional<ParsedCommand> Walkthrough::ParseCommand(std::string_view text) const {
  const std::string s = Bare(text);
  if (s.empty()) return std::nullopt;
  const WalkWords::Commands& c = form_.words.commands;
  if (OneOf(s, c.start) || AsksToFile(s, form_.words.asks_to_file))
    return ParsedCommand{WalkCommand::kStart};
  const std::pair<const std::vector<std::string>*, WalkCommand> kinds[] = {
      {&c.next, WalkCommand::kNext},         {&c.back, WalkCommand::kBack},
      {&c.progress, WalkCommand::kProgress}, {&c.help, WalkCommand::kHelp},
      {&c.pause, WalkCommand::kPause},       {&c.resume, WalkCommand::kResume},
      {&c.restart, WalkCommand::kRestart},   {&c.keep, WalkCommand::kKeep}};
  for (const auto& [words, command] : kinds) {
    if (OneOf(s, *words)) return ParsedCommand{command};
  }
  // 跳到第N部分 / 跳到<字段名> / 去<字段名>
  for (const std::string& prefix : form_.words.jump.prefixes) {
    if (s.rfind(prefix, 0) != 0) continue;
    if (const auto target = JumpTarget(s.substr(prefix.size())))
      return ParsedCommand{WalkCommand::kJump, *target};
  }
  return std::nullopt;
}

std::optional<size_t> Walkthrough::JumpTarget(const std::string& rest) const {
  const WalkWords::Jump& w = form_.words.jump;
  if (rest.rfind(w.part_before, 0) == 0) {
    const std::string n = rest.substr(w.part_before.size());
    const auto end = n.find(w.part_after);
    if (end == std::string::npos) return std::nullopt;
    const int part = PartNumber(n.substr(0, end), w.part_numerals);
    if (part < 1 || part > static_cast<int>(form_.parts.size())) return std::nullopt;
    return form_.parts[static_cast<size_t>(part - 1)].steps.front();
  }
  // A field name: the step whose label (or the part title + label) matches,
  // then the field in everyday words, then the first label the words hold.
  for (size_t i = 0; i < form_.steps.size(); ++i) {
    const Step& st = form_.steps[i];
    const std::string& title = form_.parts[static_cast<size_t>(st.part - 1)].title;
    if (rest == st.label || rest == title + st.label || rest == st.key) return i;
  }
  if (const auto found = FieldByWords(rest)) return found;
  for (size_t i = 0; i < form_.steps.size(); ++i) {
    const Step& st = form_.steps[i];
    if (!Contains(rest, st.label) || st.kind == StepKind::kAuto) continue;
    const auto person = w.persons.find(st.person);
    if (st.person.empty() ||
        (person != w.persons.end() &&
         std::any_of(person->second.begin(), person->second.end(),
                     [&](const std::string& word) { return Contains(rest, word); })))
      return i;
  }
  return std::nullopt;
}

std::string Walkthrough::JumpWords(const Step& step) const {
  const auto same_label =
      std::count_if(form_.steps.begin(), form_.steps.end(),
                    [&](const Step& other) { return other.label == step.label; });
  if (same_label == 1) return step.label;
  const WalkWords::Jump& w = form_.words.jump;
  const std::string& part = w.part_names[static_cast<size_t>(step.part - 1)];
  // A part named by its person ("主体负责人") and a label starting with the
  // person ("负责人名称") name it once: "主体负责人名称".
  const std::string& person = w.person_label;
  const bool again = part.size() >= person.size() &&
                     part.compare(part.size() - person.size(), person.size(), person) == 0 &&
                     step.label.rfind(person, 0) == 0;
  return part + (again ? step.label.substr(person.size()) : step.label);
}

std::optional<size_t> Walkthrough::FieldByWords(std::string_view words) const {
  const WalkWords::Jump& w = form_.words.jump;
  // The part the words name, taken out of them: "主体负责人邮箱" is part 2's 邮箱.
  std::string field(words);
  int part = 0;
  for (const auto& [name, n] : w.parts) {
    if (const auto at = field.find(name); at != std::string::npos) {
      part = n;
      field.erase(at, name.size());
      break;
    }
  }
  if (field.rfind(w.of, 0) == 0) field.erase(0, w.of.size());
  if (field.size() < std::string_view("邮箱").size()) return std::nullopt;  // two characters
  // The label as said, with the person's "负责人" in front ("主体负责人名称"
  // is the 负责人名称 of part 2), or its everyday name; in the part named, if any.
  std::vector<std::string> labels = {field, w.person_label + field};
  if (const auto named = w.fields.find(field); named != w.fields.end())
    labels.push_back(named->second);
  for (const std::string& label : labels) {
    for (size_t i = 0; i < form_.steps.size(); ++i) {
      const Step& st = form_.steps[i];
      if (st.kind != StepKind::kAuto && (part == 0 || st.part == part) && st.label == label)
        return i;
    }
  }
  return std::nullopt;
}

std::string Walkthrough::PersonName(const std::string& person) const {
  return Say(person == "admin" ? Text::kWalkPersonAdmin : Text::kWalkPersonPrincipal);
}

std::vector<std::string> Walkthrough::Apply(WalkState& state, const ParsedCommand& c,
                                            std::chrono::year_month_day) const {
  if (auto said = ApplyToSession(state, c)) return *said;
  std::vector<std::string> out;
  // A filled-in form is reopened at the step a jump names: the summary's
  // skipped items say "跳到…" to come back to them.
  if (!state.active && state.finished && c.command == WalkCommand::kJump) {
    state.active = true;
    state.finished = false;
  }
  if (!state.active) {
    out.push_back(Say(Text::kWalkNoneActive));
    return out;
  }
  state.paused = false;
  Move(state, c, out);
  return out;
}

std::optional<std::vector<std::string>> Walkthrough::ApplyToSession(WalkState& state,
                                                                    const ParsedCommand& c) const {
  switch (c.command) {
    case WalkCommand::kStart:
      // "开始备案" again, days later, must not throw away what was filed:
      // only "重新开始" starts afresh.
      if (!state.answers.empty() && state.active) {
        return std::vector<std::string>{
            Say(Text::kWalkStartInProgress, {{"where", Where(form_.steps[state.step])},
                                             {"count", std::to_string(state.answers.size())}})};
      }
      if (!state.answers.empty() && state.finished)
        return std::vector<std::string>{Say(Text::kWalkStartFinished)};
      return Start(state);
    case WalkCommand::kRestart:
      return Start(state);
    case WalkCommand::kHelp: {
      std::vector<std::string> out{Help()};
      if (Current(state) != nullptr) out.push_back(Reprompt(state));
      return out;
    }
    case WalkCommand::kProgress:
      return std::vector<std::string>{state.finished && !state.active ? Summary(state)
                                                                      : Progress(state)};
    case WalkCommand::kPause:
      if (!state.active) return std::vector<std::string>{Say(Text::kWalkNoneActive)};
      state.paused = true;
      return std::vector<std::string>{
          Say(Text::kWalkPaused, {{"where", Where(form_.steps[state.step])}})};
    case WalkCommand::kResume:
      if (!state.active) {
        return std::vector<std::string>{
            Say(state.finished ? Text::kWalkResumeFinished : Text::kWalkNoneActive)};
      }
      state.paused = false;
      return std::vector<std::string>{Say(Text::kWalkResumeWelcome),
                                      Intro(state, form_.steps[state.step])};
    default:
      return std::nullopt;
  }
}

void Walkthrough::Move(WalkState& state, const ParsedCommand& c,
                       std::vector<std::string>& out) const {
  const size_t here = state.step;
  switch (c.command) {
    case WalkCommand::kNext: {
      const Step& st = form_.steps[here];
      if (!state.answers.count(st.key)) {
        state.answers[st.key] = FieldAnswer{"", "", "skipped", "", ""};
        out.push_back(Say(Text::kWalkSkipped, {{"label", st.label}, {"jump", JumpWords(st)}}));
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
        out.push_back(Say(Text::kWalkBackFirst));
        out.push_back(Reprompt(state));
        break;
      }
      Enter(state, prev, out);
      break;
    }
    case WalkCommand::kJump:
      Enter(state, std::min(c.target, form_.steps.size() - 1), out);
      break;
    case WalkCommand::kKeep:
      Keep(state, out);
      break;
    default:
      break;
  }
}

void Walkthrough::Keep(WalkState& state, std::vector<std::string>& out) const {
  const Step& st = form_.steps[state.step];
  if (!state.pending || state.pending->first != st.key) {
    out.push_back(Say(Text::kWalkKeepNone));
    out.push_back(Reprompt(state));
    return;
  }
  FieldAnswer kept = state.pending->second;
  state.pending.reset();
  const Entry* error = kept.error_id.empty() ? nullptr : kb_.Find(kept.error_id);
  kept.message =
      Say(Text::kWalkKeepKept,
          {{"error", error != nullptr ? error->title : Say(Text::kWalkKeepUnknownError)}});
  if (error != nullptr && !error->steps.empty())
    kept.message += Say(Text::kWalkKeepFix, {{"fix", error->steps.front()}});
  Record(state, st, std::move(kept), out);
}

}  // namespace beian
