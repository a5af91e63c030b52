#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

#include "dialogs/check_text.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/normalizer.h"

// Checks of certificates and the people holding them: credit codes, ID
// numbers, certificate types, validity dates, names.

namespace beian {

using namespace check_text;  // NOLINT: the checks' own helpers
using std::chrono::day;
using std::chrono::month;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

namespace {

constexpr std::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

CheckResult CheckCreditCode(std::string_view typed) {
  const std::string text = AfterLabel(typed);
  if (HasHan(text)) {
    return Invalid(Text::kCheckCreditHan, {}, "error.host.id-number-not-found");
  }
  std::string code = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  std::transform(code.begin(), code.end(), code.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  if (code.size() == 15 && std::all_of(code.begin(), code.end(), IsDigit)) {
    return Invalid(Text::kCheckCreditRegistrationNumber, {}, "error.host.id-number-not-found");
  }
  if (code.size() != 18) {
    return Invalid(Text::kCheckCreditLength, {{"count", std::to_string(CharCount(code))}},
                   "error.host.id-number-not-found");
  }
  for (char c : code) {
    if (kCreditChars.find(c) == std::string_view::npos) {
      return Invalid(Text::kCheckCreditCharacter, {{"position", std::to_string(code.find(c) + 1)}},
                     "error.host.id-number-not-found");
    }
  }
  if (!std::all_of(code.begin() + 2, code.begin() + 8, IsDigit)) {
    return Invalid(Text::kCheckCreditRegion, {}, "error.host.id-number-not-found");
  }
  static constexpr std::array<int, 17> kWeights{1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += static_cast<int>(kCreditChars.find(code[i])) * kWeights[i];
  const int check = (31 - sum % 31) % 31;
  if (kCreditChars[static_cast<size_t>(check)] != code[17] && IsPersonalIdNumber(code)) {
    // Not kept, not echoed: a person's ID number, masked.
    return Invalid(Text::kCheckCreditPersonalId, {{"masked", MaskIdNumber(code)}},
                   "error.host.id-number-not-found");
  }
  if (kCreditChars[static_cast<size_t>(check)] != code[17]) {
    return Warning(code, Text::kCheckCreditCheckCharacter, {}, "error.host.id-number-not-found");
  }
  return CheckResult::Ok(code);
}

CheckResult CheckIdNumber(std::string_view typed, year_month_day today) {
  const std::string text = AfterLabel(typed);
  if (HasHan(text)) {
    return Invalid(Text::kCheckIdHan);
  }
  std::string id = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  if (!id.empty() && id.back() == 'x') id.back() = 'X';
  if (id.size() == 15 && std::all_of(id.begin(), id.end(), IsDigit)) {
    return Invalid(Text::kCheckIdOld);
  }
  if (id.size() == 11 && id[0] == '1' && std::all_of(id.begin(), id.end(), IsDigit)) {
    return Invalid(Text::kCheckIdMobile);
  }
  if (id.size() != 18 || !std::all_of(id.begin(), id.begin() + 17, IsDigit) ||
      !(IsDigit(id[17]) || id[17] == 'X')) {
    if (id.size() >= 16 && id.size() <= 21 && id.find_first_of("./") != std::string::npos) {
      return Invalid(Text::kCheckIdValidity);
    }
    return Invalid(Text::kCheckIdFormat);
  }
  static constexpr std::array<int, 36> kProvinceCodes{
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
      44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91};
  const int province = std::stoi(id.substr(0, 2));
  if (std::find(kProvinceCodes.begin(), kProvinceCodes.end(), province) == kProvinceCodes.end()) {
    return Invalid(Text::kCheckIdProvince, {{"code", id.substr(0, 2)}});
  }
  const int y = std::stoi(id.substr(6, 4));
  const auto m = static_cast<unsigned>(std::stoi(id.substr(10, 2)));
  const auto d = static_cast<unsigned>(std::stoi(id.substr(12, 2)));
  if (y < 1900 || !RealDate(y, m, d) ||
      sys_days{year_month_day{year{y}, month{m}, day{d}}} > sys_days{today}) {
    return Invalid(Text::kCheckIdBirthDate, {{"date", id.substr(6, 8)}});
  }
  if (IdCheckCharacter(id) != id[17]) {
    return Invalid(Text::kCheckIdCheckDigit, {}, "error.principal.four-factor-failed");
  }
  return CheckResult::Ok(id);
}

bool IsNonMainlandResidencePermit(std::string_view id) {
  return id.size() == 18 &&
         (id.substr(0, 2) == "81" || id.substr(0, 2) == "82" || id.substr(0, 2) == "83");
}

CheckResult CheckValidity(std::string_view text, year_month_day today, int min_months,
                          std::string_view rule_note) {
  std::string s = Clean(text);
  // The form's word is 长期; people also say 永久 or 无期限 for the same.
  for (const std::string_view w : {"长期", "永久", "无期限", "无固定期限", "终身"}) {
    if (s.find(w) != std::string::npos) return CheckResult::Ok("长期");
  }
  s = ReplaceAll(ReplaceAll(ReplaceAll(s, "年", "-"), "月", "-"), "日", " ");
  // Every date in the text: YYYYMMDD or YYYY-MM-DD / YYYY.MM.DD / YYYY/MM/DD.
  static const std::regex kDate(R"((\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2}))");
  std::optional<year_month_day> end;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), kDate); it != std::sregex_iterator();
       ++it) {
    const int y = std::stoi((*it)[1].str());
    const auto m = static_cast<unsigned>(std::stoi((*it)[2].str()));
    const auto d = static_cast<unsigned>(std::stoi((*it)[3].str()));
    if (!RealDate(y, m, d)) {
      return Invalid(Text::kCheckValidityBadDate, {{"date", (*it)[0].str()}});
    }
    end = year_month_day{year{y}, month{m}, day{d}};
  }
  if (!end) {
    return Invalid(Text::kCheckValidityNoDate);
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(end->year()),
                static_cast<unsigned>(end->month()), static_cast<unsigned>(end->day()));
  if (sys_days{*end} < sys_days{today}) {
    return Invalid(Text::kCheckValidityExpired, {{"date", buf}});
  }
  const year_month_day limit = today + months{min_months};
  if (sys_days{*end} <=
      sys_days{limit.ok() ? limit : year_month_day{limit.year(), limit.month(), day{28}}}) {
    return Warning(buf, Text::kCheckValidityShort,
                   {{"months", std::to_string(min_months)},
                    {"date", buf},
                    {"rule_note", std::string(rule_note)}});
  }
  return CheckResult::Ok(buf);
}

CheckResult CheckPersonName(std::string_view text) {
  const std::string n = WithoutFieldLabel(text, {U"姓名", U"名字", U"我叫", U"叫"});
  const size_t chars = CharCount(n);
  if (chars < 2 || chars > 30) return Invalid(Text::kCheckPersonLength);
  const std::string ascii = Clean(n);  // full-width digits found too
  if (std::any_of(ascii.begin(), ascii.end(), IsDigit)) {
    return Invalid(Text::kCheckPersonDigits);
  }
  return CheckResult::Ok(n);
}

CheckResult CheckPersonIdType(std::string_view text) {
  const std::string t = Only(Clean(text), [](char c) { return c != ' '; });
  const auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
  for (std::string_view unit :
       {"营业执照", "信用代码", "组织机构", "法人证书", "登记证", "执业许可证", "办学许可证"}) {
    if (has(unit)) {
      return Invalid(Text::kCheckIdTypeOrganisation);
    }
  }
  const bool hk_macau = has("港澳") || has("香港") || has("澳门");
  // Longer names first: 港澳居民居住证 is not the 来往内地通行证.
  if (has("居住证")) {
    if (has("台")) return CheckResult::Ok("台湾居民居住证");
    if (hk_macau) return CheckResult::Ok("港澳居民居住证");
    return Invalid(Text::kCheckIdTypeResidencePermit);
  }
  if (has("身份证") && hk_macau) {
    return Warning(t, Text::kCheckIdTypeHkMacauId);
  }
  if (has("身份证") && !has("永久居留")) return CheckResult::Ok("居民身份证");
  if (has("护照")) return CheckResult::Ok("护照");
  if (hk_macau || has("回乡证")) return CheckResult::Ok("港澳居民来往内地通行证");
  if (has("台胞") || has("台湾")) return CheckResult::Ok("台湾居民来往大陆通行证");
  if (has("永久居留") || has("绿卡")) return CheckResult::Ok("外国人永久居留身份证");
  if (has("证") || has("照")) return CheckResult::Ok(t);
  return Invalid(Text::kCheckIdTypeUnknown);
}

}  // namespace beian
