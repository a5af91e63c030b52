// The walkthrough's reports: the progress of each part, and the summary of
// the filled-in form with the warnings, the skipped items and the materials.

#include "dialogs/walkthrough.h"

namespace beian {

std::string Walkthrough::Progress(const WalkState& state) const {
  if (!state.active && !state.finished) return Say(Text::kWalkNoneActive);
  std::string out = Say(Text::kWalkProgressHead);
  if (const Step* st = Current(state)) {
    out += Say(Text::kWalkProgressWhere,
               {{"where", Where(*st)},
                {"paused", state.paused ? Say(Text::kWalkProgressPaused) : std::string()}});
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
    out += Say(Text::kWalkProgressPart, {{"part", std::to_string(p.number)},
                                         {"parts", std::to_string(form_.parts.size())},
                                         {"title", p.title},
                                         {"done", std::to_string(done)},
                                         {"total", std::to_string(total)}});
    if (skipped > 0) out += Say(Text::kWalkProgressSkipped, {{"count", std::to_string(skipped)}});
    // The overview and "第 n/N 项" count these too: say where the rest went.
    if (automatic > 0) out += Say(Text::kWalkProgressAuto, {{"count", std::to_string(automatic)}});
    out += "\n";
  }
  if (warnings.empty()) return out + Say(Text::kWalkProgressNoWarnings);
  out += Say(Text::kWalkProgressWarnings, {{"count", std::to_string(warnings.size())}});
  for (const auto& [st, a] : warnings)
    out += Say(Text::kWalkProgressWarning, {{"label", st->label}, {"message", a->message}});
  return out;
}

std::string Walkthrough::Summary(const WalkState& state) const {
  std::vector<std::pair<const Step*, const FieldAnswer*>> warnings;
  std::vector<const Step*> skipped;
  std::string out;
  for (const Part& p : form_.parts) {
    out += Say(Text::kWalkPartHeader, {{"part", std::to_string(p.number)}, {"title", p.title}});
    for (size_t i : p.steps) {
      const Step& st = form_.steps[i];
      const auto it = state.answers.find(st.key);
      std::string shown =
          Say(st.kind == StepKind::kAuto ? Text::kWalkAuto : Text::kWalkSummaryUnfilled);
      if (it != state.answers.end()) {
        const FieldAnswer& a = it->second;
        shown = a.status == "skipped" ? Say(Text::kWalkSummarySkippedValue) : a.display;
        if (a.status == "warning") {
          shown += Say(Text::kWalkSummaryHasWarning);
          warnings.emplace_back(&st, &a);
        }
        if (a.status == "skipped") skipped.push_back(&st);
      } else if (st.kind != StepKind::kAuto) {
        skipped.push_back(&st);
      }
      out += Say(Text::kWalkSummaryLine, {{"label", st.label}, {"value", shown}});
    }
  }
  if (!warnings.empty()) {
    out += Say(Text::kWalkSummaryWarnings, {{"count", std::to_string(warnings.size())}});
    size_t n = 0;
    for (const auto& [st, a] : warnings) {
      out += Say(Text::kWalkSummaryWarning,
                 {{"n", std::to_string(++n)}, {"label", st->label}, {"message", a->message}});
      if (const Entry* e = a->error_id.empty() ? nullptr : kb_.Find(a->error_id)) {
        if (!e->steps.empty())
          out += Say(Text::kWalkSummaryWarningFix, {{"fix", e->steps.front()}});
      }
      out += "\n";
    }
  }
  out = Say(skipped.empty() ? Text::kWalkSummaryComplete : Text::kWalkSummaryPartial) + out;
  if (!skipped.empty()) {
    out += Say(Text::kWalkSummarySkipped);
    int part = 0;
    for (const Step* st : skipped) {
      if (st->part != part) {
        out += std::string(part ? "\n" : "") +
               Say(Text::kWalkSummarySkippedPart,
                   {{"part", std::to_string(st->part)}, {"jump", JumpWords(*st)}});
        part = st->part;
      } else {
        out += Say(Text::kWalkSummarySkippedMore, {{"jump", JumpWords(*st)}});
      }
    }
    out += "\n";
  }
  out += Say(Text::kWalkSummaryMaterials);
  const TextArgs facts(state.facts.begin(), state.facts.end());
  for (const ConditionalNote& m : form_.rules.materials) {
    if (m.Matches(state.facts))
      out += Say(Text::kWalkSummaryMaterial, {{"text", RenderText(m.text, facts)}});
  }
  return out + Say(Text::kWalkSummaryEnd);
}

}  // namespace beian
