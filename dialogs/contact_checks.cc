#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

#include "dialogs/check_text.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/normalizer.h"

// Checks of contact details: mobile numbers and e-mail addresses.

namespace beian {

using namespace check_text;  // NOLINT: the checks' own helpers

CheckResult CheckMobile(std::string_view typed) {
  const std::string text = AfterLabel(typed);
  std::string n =
      Only(Clean(text), [](char c) { return c != ' ' && c != '-' && c != '(' && c != ')'; });
  if (StartsWith(n, "+86")) n = n.substr(3);
  if (StartsWith(n, "0086")) n = n.substr(4);
  if (n.size() == 13 && StartsWith(n, "86")) n = n.substr(2);
  if (n.size() == 18 && std::all_of(n.begin(), n.begin() + 17, IsDigit) &&
      (IsDigit(n[17]) || n[17] == 'X' || n[17] == 'x')) {  // no phone number is that long
    return Invalid(Text::kCheckMobileIdNumber);
  }
  if (!std::all_of(n.begin(), n.end(), IsDigit)) {
    return Invalid(Text::kCheckMobileDigits);
  }
  if (StartsWith(n, "0")) {
    return Invalid(Text::kCheckMobileLandline);
  }
  if (n.size() != 11 || n[0] != '1' || n[1] < '3') {
    return Invalid(Text::kCheckMobileLength, {{"count", std::to_string(n.size())}});
  }
  return CheckResult::Ok(n);
}

CheckResult CheckEmail(std::string_view text) {
  const std::string e = Clean(AfterLabel(text));
  static const std::regex kEmail(
      R"(^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$)");
  if (!std::regex_match(e, kEmail)) {
    return Invalid(Text::kCheckEmailFormat);
  }
  return CheckResult::Ok(e);
}

}  // namespace beian
