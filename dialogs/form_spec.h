#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/texts.h"
#include "dialogs/walk_words.h"

namespace beian {

// How a step of the walkthrough is answered.
//   kInput    the user types a value, checked by `check`
//   kChoice   the user picks one of `choices`; the pick is kept as fact `fact`
//   kConfirm  the user does it in the console (upload, SMS code, face scan) and says 好了
//   kAuto     filled automatically by the platform: said, then moved past
enum class StepKind { kInput, kChoice, kConfirm, kAuto };

// A note shown only when the walkthrough's facts match `when`: each key is a
// fact (province, entity, legal_rep, same_person, …) and each value lists
// the accepted values; with `negate` the fact must match none of them.
struct ConditionalNote {
  struct Test {
    std::string fact;
    std::vector<std::string> values;
    bool negate = false;
  };
  std::vector<Test> when;
  std::string text;

  // True when every test holds for `facts` (a missing fact counts as "").
  bool Matches(const std::map<std::string, std::string>& facts) const;
};

struct Step {
  std::string key;       // "host.mail-address"
  std::string entry_id;  // the knowledge-base entry explaining it
  StepKind kind = StepKind::kInput;
  std::string label;    // "通讯地址"
  std::string prompt;   // the question
  std::string explain;  // shown as 说明 instead of the entry's summary; may be empty
  std::string check;    // kInput: the check's name in the registry (dialogs/checks.h)
  std::string fact;     // kChoice (and some inputs): the fact it sets
  std::map<std::string, std::vector<std::string>> choices;  // choice → words that pick it
  std::string sensitive;                // "id", "mobile", "email" or empty: never stored raw
  std::string person;                   // "principal" / "admin" for cross-field checks
  std::string role;                     // "phone" / "emergency" / "email"
  std::vector<ConditionalNote> before;  // shown with the question
  std::vector<ConditionalNote> after;   // shown once answered
  int part = 0;                         // 1..5
  int index_in_part = 0;                // 1-based
};

struct Part {
  int number = 0;
  std::string title;
  std::vector<size_t> steps;  // indexes into FormSpec::steps
};

class FormSpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A province's rule for the remaining validity of a certificate.
struct ValidityRule {
  int months = 3;    // more than this many months must remain
  std::string note;  // said after the months ("（宁夏要求 6 个月）"); may be empty
};

// Rules that depend on the facts (dialogs/data/rules.json).
struct FormRules {
  ValidityRule validity;                          // the default
  std::map<std::string, ValidityRule> provinces;  // province → its own validity rule
  // The summary's materials, in order: each shown when its facts match; a
  // {fact} in the text is replaced by the fact's value.
  std::vector<ConditionalNote> materials;

  const ValidityRule& ValidityFor(const std::string& province) const;
};

// The filing form as data (dialogs/data/form.json): five parts in the
// guide's order, flattened into one list of steps, with what the
// walkthrough says (texts.json), the words it understands (words.json) and
// the province rules (rules.json) read from beside form.json. Immutable.
struct FormSpec {
  std::vector<Part> parts;
  std::vector<Step> steps;
  Texts texts;
  WalkWords words;
  FormRules rules;

  // Index of the step with this key, or steps.size().
  size_t Find(std::string_view key) const;
};

// Reads and validates form.json (known kinds, checks named in the registry of
// dialogs/checks.h, unique keys, choices for choice steps) and its siblings
// texts.json, words.json and rules.json in the same directory. Throws
// FormSpecError naming the file, the step or id, and the problem.
FormSpec LoadFormSpec(const std::filesystem::path& path);

// Reads rules.json. Throws FormSpecError naming the file and the problem.
FormRules LoadFormRules(const std::filesystem::path& path);

}  // namespace beian
