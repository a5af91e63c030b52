#pragma once

#include <chrono>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "dialogs/form_spec.h"
#include "dialogs/validators.h"

namespace beian {

// What a check gets besides the typed text.
struct CheckInput {
  const Step& step;
  const std::map<std::string, std::string>& facts;  // the walkthrough's facts so far
  std::chrono::year_month_day today;
  const FormSpec& form;  // its words, texts and rules
};

// What a check decides: the result, and the facts to set when the value is
// not refused (kOk or kWarning).
struct CheckOutput {
  CheckResult result;
  std::map<std::string, std::string> facts;
};

// When a refused value may still be kept with "就用这个" (Walkthrough's kKeep):
// only values that are no personal data and that the user may really have.
enum class KeepRefused {
  kNever,
  kAlways,         // e.g. a credit code failing its checks
  kWhenErrorNamed  // only when the refusal names a platform error (an address without a house
                   // number)
};

// One entry of the registry: a check form.json's "check" can name.
struct CheckSpec {
  std::string_view name;  // "region", "mobile", …
  CheckOutput (*run)(std::string_view text, const CheckInput& in);
  bool required;  // the form requires a value: "暂无" (words.json answers.empty) is refused
  KeepRefused keep_refused;
  std::string_view reads;  // the facts it reads, comma-separated (for readers of the table)
  std::string_view sets;   // the facts it sets, comma-separated ("step.fact": the step's fact)
};

// The registry, in no particular order: the single list of checks.
std::span<const CheckSpec> Checks();

// The check of this name, or nullptr.
const CheckSpec* FindCheck(std::string_view name);

}  // namespace beian
