#pragma once

// The walkthrough tests' conversation: the shipped form, a stand-in hash,
// and one user's messages taken as commands or answers.

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/walkthrough.h"
#include "tests/test_support.h"

namespace beian::test {

inline const std::chrono::year_month_day kToday{std::chrono::year{2026}, std::chrono::month{11},
                                                std::chrono::day{26}};

inline const FormSpec& Form() {
  static const FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  return form;
}

// A stand-in for the keyed hash: deterministic, and not the raw value.
inline std::string FakeHash(std::string_view v) {
  return std::to_string(std::hash<std::string_view>{}(v)) + "h";
}

struct Conversation {
  Walkthrough walk{Form(), test::ShippedMatcher().kb(), FakeHash};
  WalkState state;
  std::string last;  // all replies of the last turn, joined

  // One user message: a command when it is one, else the answer to the step.
  const std::string& Say(std::string_view text) {
    std::vector<std::string> replies;
    if (const auto c = walk.ParseCommand(text)) {
      replies = walk.Apply(state, *c, kToday);
    } else {
      replies = walk.Answer(state, text, kToday);
    }
    last.clear();
    for (const auto& r : replies) last += r + "\n";
    return last;
  }
  std::string StepKey() const {
    const Step* s = walk.Current(state);
    return s == nullptr ? "" : s->key;
  }
  bool Said(std::string_view part) const { return last.find(part) != std::string::npos; }
};

}  // namespace beian::test
