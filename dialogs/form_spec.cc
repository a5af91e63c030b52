#include "dialogs/form_spec.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dialogs/checks.h"

namespace beian {
namespace {

using nlohmann::json;

json ReadJson(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw FormSpecError("cannot read " + path.string());
  std::stringstream buf;
  buf << in.rdbuf();
  json j = json::parse(buf.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw FormSpecError(path.string() + ": not valid JSON");
  return j;
}

std::string Str(const json& j, const char* key, const std::string& where, bool required) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    if (required) throw FormSpecError(where + ": missing string '" + key + "'");
    return "";
  }
  return it->get<std::string>();
}

std::vector<ConditionalNote> Notes(const json& j, const char* key, const std::string& where) {
  std::vector<ConditionalNote> out;
  const auto it = j.find(key);
  if (it == j.end()) return out;
  if (!it->is_array()) throw FormSpecError(where + ": '" + key + "' must be an array");
  for (const auto& n : *it) {
    ConditionalNote note;
    note.text = Str(n, "text", where, true);
    const auto w = n.find("when");
    if (w == n.end() || !w->is_object())
      throw FormSpecError(where + ": a note needs an object 'when'");
    for (const auto& [fact, value] : w->items()) {
      ConditionalNote::Test t{fact, {}, false};
      const json* v = &value;
      if (value.is_object()) {
        const auto neg = value.find("not");
        if (neg == value.end()) throw FormSpecError(where + ": 'when' objects only take 'not'");
        t.negate = true;
        v = &*neg;
      }
      if (v->is_string()) {
        t.values.push_back(v->get<std::string>());
      } else if (v->is_array()) {
        for (const auto& s : *v) {
          if (!s.is_string()) throw FormSpecError(where + ": 'when' values must be strings");
          t.values.push_back(s.get<std::string>());
        }
      } else {
        throw FormSpecError(where + ": 'when' values must be strings");
      }
      note.when.push_back(std::move(t));
    }
    out.push_back(std::move(note));
  }
  return out;
}

ValidityRule ReadValidity(const json& j, const std::string& where) {
  ValidityRule rule;
  const auto months = j.find("months");
  if (months == j.end() || !months->is_number_integer() || months->get<int>() < 1)
    throw FormSpecError(where + ": 'months' must be a positive whole number");
  rule.months = months->get<int>();
  rule.note = Str(j, "note", where, false);
  return rule;
}

}  // namespace

bool ConditionalNote::Matches(const std::map<std::string, std::string>& facts) const {
  for (const auto& t : when) {
    const auto it = facts.find(t.fact);
    const std::string value = it == facts.end() ? "" : it->second;
    const bool in = std::find(t.values.begin(), t.values.end(), value) != t.values.end();
    if (t.negate ? in || value.empty() : !in) return false;
  }
  return true;
}

const ValidityRule& FormRules::ValidityFor(const std::string& province) const {
  const auto it = provinces.find(province);
  return it == provinces.end() ? validity : it->second;
}

FormRules LoadFormRules(const std::filesystem::path& path) {
  const json j = ReadJson(path);
  const std::string file = path.string();
  FormRules rules;
  const auto v = j.find("validity");
  if (v == j.end() || !v->is_object()) throw FormSpecError(file + ": missing object 'validity'");
  const auto months = v->find("default_months");
  if (months == v->end() || !months->is_number_integer() || months->get<int>() < 1)
    throw FormSpecError(file + ": 'validity.default_months' must be a positive whole number");
  rules.validity.months = months->get<int>();
  if (const auto p = v->find("provinces"); p != v->end()) {
    if (!p->is_object()) throw FormSpecError(file + ": 'validity.provinces' must be an object");
    for (const auto& [province, rule] : p->items()) {
      if (!rule.is_object())
        throw FormSpecError(file + ": 'validity.provinces." + province + "' must be an object");
      rules.provinces[province] = ReadValidity(rule, file + ": validity.provinces." + province);
    }
  }
  rules.materials = Notes(j, "materials", file + ": materials");
  if (rules.materials.empty()) throw FormSpecError(file + ": missing 'materials'");
  return rules;
}

size_t FormSpec::Find(std::string_view key) const {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].key == key) return i;
  }
  return steps.size();
}

FormSpec LoadFormSpec(const std::filesystem::path& path) {
  const json j = ReadJson(path);
  const auto parts = j.find("parts");
  if (parts == j.end() || !parts->is_array())
    throw FormSpecError(path.string() + ": missing 'parts'");

  FormSpec form;
  std::set<std::string> keys;
  for (const auto& p : *parts) {
    Part part;
    part.number = p.value("number", 0);
    part.title = Str(p, "title", "part", true);
    const auto steps = p.find("steps");
    if (steps == p.end() || !steps->is_array())
      throw FormSpecError(part.title + ": missing 'steps'");
    int index = 0;
    for (const auto& s : *steps) {
      Step step;
      step.key = Str(s, "key", part.title, true);
      const std::string& where = step.key;
      if (!keys.insert(step.key).second) throw FormSpecError(where + ": duplicate key");
      step.entry_id = Str(s, "entry", where, true);
      step.label = Str(s, "label", where, true);
      step.prompt = Str(s, "prompt", where, true);
      step.explain = Str(s, "explain", where, false);
      const std::string kind = Str(s, "kind", where, true);
      if (kind == "input") {
        step.kind = StepKind::kInput;
      } else if (kind == "choice") {
        step.kind = StepKind::kChoice;
      } else if (kind == "confirm") {
        step.kind = StepKind::kConfirm;
      } else if (kind == "auto") {
        step.kind = StepKind::kAuto;
      } else {
        throw FormSpecError(where + ": unknown kind '" + kind + "'");
      }
      step.check = Str(s, "check", where, step.kind == StepKind::kInput);
      if (step.kind == StepKind::kInput && FindCheck(step.check) == nullptr) {
        throw FormSpecError(where + ": unknown check '" + step.check + "'");
      }
      step.fact = Str(s, "fact", where, step.kind == StepKind::kChoice);
      if (const auto c = s.find("choices"); c != s.end() && c->is_object()) {
        for (const auto& [choice, words] : c->items()) {
          std::vector<std::string> list;
          for (const auto& w : words) {
            if (w.is_string()) list.push_back(w.get<std::string>());
          }
          step.choices[choice] = std::move(list);
        }
      }
      if (step.kind == StepKind::kChoice && step.choices.empty()) {
        throw FormSpecError(where + ": a choice step needs 'choices'");
      }
      step.sensitive = Str(s, "sensitive", where, false);
      step.person = Str(s, "person", where, false);
      step.role = Str(s, "role", where, false);
      step.before = Notes(s, "before", where);
      step.after = Notes(s, "after", where);
      step.part = part.number;
      step.index_in_part = ++index;
      part.steps.push_back(form.steps.size());
      form.steps.push_back(std::move(step));
    }
    form.parts.push_back(std::move(part));
  }
  if (form.parts.empty() || form.steps.empty()) throw FormSpecError(path.string() + ": no steps");
  const std::filesystem::path dir = path.parent_path();
  form.texts = Texts::Load(dir / "texts.json");
  form.words = WalkWords::Load(dir / "words.json");
  form.rules = LoadFormRules(dir / "rules.json");
  if (form.words.jump.part_names.size() < form.parts.size())
    throw FormSpecError((dir / "words.json").string() +
                        ": 'jump.part_names' needs a name for each of the " +
                        std::to_string(form.parts.size()) + " parts");
  return form;
}

}  // namespace beian
