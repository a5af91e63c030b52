#include "dialogs/validators.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

#include "dialogs/masking.h"
#include "knowledge/normalizer.h"

namespace beian {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::months;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// Full-width ASCII (！ to ～) and the ideographic space to half-width, then
// surrounding whitespace trimmed. Values keep their own characters otherwise.
std::string Clean(std::string_view text) {
  std::u32string u = DecodeUtf8(text);
  for (char32_t& c : u) {
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
    if (c == 0x3000) c = U' ';
  }
  std::string s = EncodeUtf8(u);
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// Surrounding whitespace (the ideographic space too) trimmed, nothing else
// changed: for values copied into the form as typed (a registered name keeps
// its full-width （）, a Chinese sentence its ，).
std::string Trim(std::string_view text) {
  const std::u32string u = DecodeUtf8(text);
  const auto space = [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x3000;
  };
  const auto first = std::find_if_not(u.begin(), u.end(), space);
  const auto last = std::find_if_not(u.rbegin(), u.rend(), space).base();
  return first < last ? EncodeUtf8(std::u32string(first, last)) : std::string();
}

// Keeps only the characters for which `keep` holds.
template <typename P>
std::string Only(std::string_view s, P keep) {
  std::string out;
  for (char c : s) {
    if (keep(c)) out.push_back(c);
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// std::regex matches bytes, so multi-byte separators are made ASCII first.
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  size_t i = 0;
  for (size_t at; (at = s.find(from, i)) != std::string_view::npos; i = at + from.size()) {
    out.append(s.substr(i, at - i)).append(to);
  }
  return out.append(s.substr(i));
}

size_t CharCount(std::string_view s) { return DecodeUtf8(s).size(); }

CheckResult Invalid(std::string message, std::string error_id = "") {
  return {CheckStatus::kInvalid, std::move(message), std::move(error_id), ""};
}

CheckResult Warning(std::string value, std::string message, std::string error_id = "") {
  return {CheckStatus::kWarning, std::move(message), std::move(error_id), std::move(value)};
}

bool RealDate(int y, unsigned m, unsigned d) {
  return year_month_day{year{y}, month{m}, day{d}}.ok();
}

constexpr std::string_view kCreditChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// True when the text holds a Chinese character (the normalizer's IsCjk).
bool HasHan(std::string_view text) {
  const std::u32string u = DecodeUtf8(text);
  return std::any_of(u.begin(), u.end(), IsCjk);
}

// A value introduced with a label — "我的手机13800138000", "身份证号是 1101…",
// "邮箱：a@b.cn" — is the part after the label; a trailing 。 or ， is dropped.
// Text without such a label comes back only trimmed.
std::string AfterLabel(std::string_view text) {
  std::u32string u = DecodeUtf8(Trim(text));
  while (!u.empty() &&
         (u.back() == U'。' || u.back() == U'，' || u.back() == U'！' || u.back() == U'；'))
    u.pop_back();
  const auto separator = [](char32_t c) {
    return c == U'：' || c == U':' || c == U' ' || c == U'，' || c == U',' || c == 0x3000;
  };
  size_t i = 0;
  while (i < u.size() && (IsCjk(u[i]) || separator(u[i]))) ++i;
  const std::u32string label = u.substr(0, i), rest = u.substr(i);
  // "不是1380…" corrects rather than labels.
  if (label.empty() || rest.empty() || std::any_of(rest.begin(), rest.end(), IsCjk) ||
      label.find_first_of(U"不没") != std::u32string::npos) {
    return EncodeUtf8(u);
  }
  static const std::array<std::u32string_view, 11> kLabelWords{U"手机",   U"电话", U"号码", U"号",
                                                               U"身份证", U"证件", U"代码", U"邮箱",
                                                               U"信箱",   U"是",   U"为"};
  const bool labelled =
      std::any_of(kLabelWords.begin(), kLabelWords.end(),
                  [&](std::u32string_view w) { return label.find(w) != std::u32string::npos; });
  return EncodeUtf8(labelled ? rest : u);
}

// A name or an address introduced with its field's label: "公司名称：深圳市某某
// 科技有限公司", "住所是……", "姓名 张三", "我们公司叫……" → the part after
// it (a label needs a 是 / 为 / colon / space after it, except one ending in
// 叫). A trailing 。 is dropped. Text without such a label comes back trimmed.
std::string WithoutFieldLabel(std::string_view text,
                              std::initializer_list<std::u32string_view> labels) {
  std::u32string u = DecodeUtf8(Trim(text));
  while (!u.empty() && u.back() == U'。') u.pop_back();
  const auto separator = [](char32_t c) {
    return c == U'是' || c == U'为' || c == U'：' || c == U':' || c == U' ' || c == 0x3000;
  };
  for (std::u32string_view label : labels) {
    if (u.size() <= label.size() || std::u32string_view(u).substr(0, label.size()) != label)
      continue;
    size_t i = label.size();
    while (i < u.size() && separator(u[i])) ++i;
    if ((i > label.size() || label.back() == U'叫') && i < u.size())
      return Trim(EncodeUtf8(u.substr(i)));
  }
  return EncodeUtf8(u);
}

// A code or number typed where a name or an address belongs: 15 or more
// letters and digits (spaces and dashes aside), at least 6 of them digits.
bool LooksLikeCode(std::string_view text) {
  const std::string s = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  const auto digits = std::count_if(s.begin(), s.end(), IsDigit);
  return s.size() >= 15 && digits >= 6 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace

const std::vector<std::string>& Provinces() {
  static const std::vector<std::string> kProvinces = {
      "北京市",          "天津市",         "河北省", "山西省", "内蒙古自治区", "辽宁省",
      "吉林省",          "黑龙江省",       "上海市", "江苏省", "浙江省",       "安徽省",
      "福建省",          "江西省",         "山东省", "河南省", "湖北省",       "湖南省",
      "广东省",          "广西壮族自治区", "海南省", "重庆市", "四川省",       "贵州省",
      "云南省",          "西藏自治区",     "陕西省", "甘肃省", "青海省",       "宁夏回族自治区",
      "新疆维吾尔自治区"};
  return kProvinces;
}

namespace {

// "广东省" → "广东", "内蒙古自治区" → "内蒙古", "广西壮族自治区" → "广西".
std::string ShortProvince(const std::string& full) {
  static const std::array<std::pair<std::string_view, std::string_view>, 5> kAutonomous{
      {{"内蒙古自治区", "内蒙古"},
       {"广西壮族自治区", "广西"},
       {"西藏自治区", "西藏"},
       {"宁夏回族自治区", "宁夏"},
       {"新疆维吾尔自治区", "新疆"}}};
  for (const auto& [f, s] : kAutonomous) {
    if (full == f) return std::string(s);
  }
  return full.substr(0, full.size() - std::string("省").size());  // 省 and 市 are both 3 bytes
}

// Drops a trailing administrative suffix: "深圳市" → "深圳", "南山区" → "南山".
std::string Stem(const std::string& name) {
  std::u32string u = DecodeUtf8(name);
  if (u.size() > 2 && (u.back() == U'市' || u.back() == U'区' || u.back() == U'县' ||
                       u.back() == U'州' || u.back() == U'旗' || u.back() == U'盟')) {
    u.pop_back();
  }
  return EncodeUtf8(u);
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return !prefix.empty() && s.substr(0, prefix.size()) == prefix;
}

// The GB 11643 check character of an ID number's first 17 digits.
char IdCheckCharacter(std::string_view digits17) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (digits17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

// 17 digits and a check character that GB 11643 accepts, with a real birth
// date: a personal ID number (one that is no valid credit code as well).
bool IsPersonalIdNumber(std::string_view id) {
  if (id.size() != 18 || !std::all_of(id.begin(), id.begin() + 17, IsDigit) ||
      !(IsDigit(id[17]) || id[17] == 'X')) {
    return false;
  }
  const int y = std::stoi(std::string(id.substr(6, 4)));
  const auto m = static_cast<unsigned>(std::stoi(std::string(id.substr(10, 2))));
  const auto d = static_cast<unsigned>(std::stoi(std::string(id.substr(12, 2))));
  return IdCheckCharacter(id) == id[17] && y >= 1900 && RealDate(y, m, d);
}

}  // namespace

CheckResult CheckCreditCode(std::string_view typed) {
  const std::string text = AfterLabel(typed);
  if (HasHan(text)) {
    return Invalid(
        "统一社会信用代码只由数字和大写英文字母组成，你发的内容里有汉字，像是名称或地址。"
        "请找营业执照上“统一社会信用代码”那一栏的 18 位代码。",
        "error.host.id-number-not-found");
  }
  std::string code = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  std::transform(code.begin(), code.end(), code.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  if (code.size() == 15 && std::all_of(code.begin(), code.end(), IsDigit)) {
    return Invalid(
        "这是 15 位的工商注册号，不是统一社会信用代码。备案只认 18 "
        "位的统一社会信用代码，填注册号会报"
        "“未查询到企业信息，请检查主体证件号是否有误”。请看营业执照左上角或二维码旁的 18 位代码；"
        "执照上没有的话，需要先到市场监管部门换领新版执照。",
        "error.host.id-number-not-found");
  }
  if (code.size() != 18) {
    return Invalid("统一社会信用代码应为 18 位（数字和大写字母），你输入的是 " +
                       std::to_string(CharCount(code)) + " 位，请对照营业执照重新输入。",
                   "error.host.id-number-not-found");
  }
  for (char c : code) {
    if (kCreditChars.find(c) == std::string_view::npos) {
      return Invalid(std::string("统一社会信用代码里不会出现字母 I、O、S、V、Z 或其他符号，第 ") +
                         std::to_string(code.find(c) + 1) +
                         " 位看起来不对（常见是把数字 0 看成了字母 O），请对照营业执照重新输入。",
                     "error.host.id-number-not-found");
    }
  }
  if (!std::all_of(code.begin() + 2, code.begin() + 8, IsDigit)) {
    return Invalid("统一社会信用代码第 3 到 8 位是行政区划代码，应该全是数字，请对照营业执照核对。",
                   "error.host.id-number-not-found");
  }
  static constexpr std::array<int, 17> kWeights{1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += static_cast<int>(kCreditChars.find(code[i])) * kWeights[i];
  const int check = (31 - sum % 31) % 31;
  if (kCreditChars[static_cast<size_t>(check)] != code[17] && IsPersonalIdNumber(code)) {
    // Not kept, not echoed: a person's ID number, masked.
    return Invalid("这看起来是个人的身份证号（" + MaskIdNumber(code) +
                       "），不是统一社会信用代码。这一项要填营业执照上的 18 位统一社会信用代码；"
                       "负责人的身份证号在第 2、4 部分的「证件号码」再填。",
                   "error.host.id-number-not-found");
  }
  if (kCreditChars[static_cast<size_t>(check)] != code[17]) {
    return Warning(code,
                   "这个代码的最后一位校验码对不上，可能有输错的字符，请核对营业执照原件。"
                   "（少数早期试点地区的合法代码也不符合校验规则；核对无误的话可以继续。）",
                   "error.host.id-number-not-found");
  }
  return CheckResult::Ok(code);
}

CheckResult CheckIdNumber(std::string_view typed, year_month_day today) {
  const std::string text = AfterLabel(typed);
  if (HasHan(text)) {
    return Invalid(
        "身份证号码只由数字组成（最后一位可能是 "
        "X），你发的内容里有汉字。请对照身份证上的“公民身份号码”输入 18 位号码。");
  }
  std::string id = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  if (!id.empty() && id.back() == 'x') id.back() = 'X';
  if (id.size() == 15 && std::all_of(id.begin(), id.end(), IsDigit)) {
    return Invalid("这是 15 位的旧身份证号，备案需要填写 18 位身份证号码。");
  }
  if (id.size() == 11 && id[0] == '1' && std::all_of(id.begin(), id.end(), IsDigit)) {
    return Invalid(
        "这看起来是手机号，不是身份证号。这一项要填 18 "
        "位身份证号码；手机号在后面的「手机号」一项再填。");
  }
  if (id.size() != 18 || !std::all_of(id.begin(), id.begin() + 17, IsDigit) ||
      !(IsDigit(id[17]) || id[17] == 'X')) {
    if (id.size() >= 16 && id.size() <= 21 && id.find_first_of("./") != std::string::npos) {
      return Invalid(
          "这看起来是证件有效期，不是身份证号。这一项要填 18 "
          "位身份证号码；有效期在后面的「证件有效期」一项再填。");
    }
    return Invalid(
        "身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X。请对照证件重新输入。");
  }
  static constexpr std::array<int, 36> kProvinceCodes{
      11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
      44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91};
  const int province = std::stoi(id.substr(0, 2));
  if (std::find(kProvinceCodes.begin(), kProvinceCodes.end(), province) == kProvinceCodes.end()) {
    return Invalid("身份证号码前两位是省份代码，“" + id.substr(0, 2) +
                   "”不是有效的省份代码，请核对。");
  }
  const int y = std::stoi(id.substr(6, 4));
  const auto m = static_cast<unsigned>(std::stoi(id.substr(10, 2)));
  const auto d = static_cast<unsigned>(std::stoi(id.substr(12, 2)));
  if (y < 1900 || !RealDate(y, m, d) ||
      sys_days{year_month_day{year{y}, month{m}, day{d}}} > sys_days{today}) {
    return Invalid("身份证号码第 7 到 14 位是出生日期，“" + id.substr(6, 8) +
                   "”不是有效的日期，请核对。");
  }
  if (IdCheckCharacter(id) != id[17]) {
    return Invalid(
        "身份证号码的最后一位校验码对不上，说明中间有数字输错了。号码错了会导致工商四要素核验失败，"
        "请对照身份证逐位核对后重新输入。",
        "error.principal.four-factor-failed");
  }
  return CheckResult::Ok(id);
}

bool IsNonMainlandResidencePermit(std::string_view id) {
  return id.size() == 18 &&
         (id.substr(0, 2) == "81" || id.substr(0, 2) == "82" || id.substr(0, 2) == "83");
}

CheckResult CheckMobile(std::string_view typed) {
  const std::string text = AfterLabel(typed);
  std::string n =
      Only(Clean(text), [](char c) { return c != ' ' && c != '-' && c != '(' && c != ')'; });
  if (StartsWith(n, "+86")) n = n.substr(3);
  if (StartsWith(n, "0086")) n = n.substr(4);
  if (n.size() == 13 && StartsWith(n, "86")) n = n.substr(2);
  if (n.size() == 18 && std::all_of(n.begin(), n.begin() + 17, IsDigit) &&
      (IsDigit(n[17]) || n[17] == 'X' || n[17] == 'x')) {  // no phone number is that long
    return Invalid("这看起来是身份证号，不是手机号。这一项要填 11 位手机号码。");
  }
  if (!std::all_of(n.begin(), n.end(), IsDigit)) {
    return Invalid("手机号码只能包含数字，请重新输入 11 位手机号。");
  }
  if (StartsWith(n, "0")) {
    return Invalid("这里要填手机号码，不能填座机号码：工信部的核验短信会发到这个号码上。");
  }
  if (n.size() != 11 || n[0] != '1' || n[1] < '3') {
    return Invalid("手机号码应为 1 开头的 11 位数字（13x–19x），你输入的是 " +
                   std::to_string(n.size()) + " 位，请核对。");
  }
  return CheckResult::Ok(n);
}

CheckResult CheckEmail(std::string_view text) {
  const std::string e = Clean(AfterLabel(text));
  static const std::regex kEmail(
      R"(^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$)");
  if (!std::regex_match(e, kEmail)) {
    return Invalid(
        "邮箱格式不对，应该像 name@example.com 这样，请检查有没有多余的空格或中文符号。");
  }
  return CheckResult::Ok(e);
}

CheckResult CheckValidity(std::string_view text, year_month_day today, bool ningxia) {
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
      return Invalid(
          "“" + (*it)[0].str() +
          "”不是有效的日期，请按 YYYYMMDD 填写截止日期，例如 20350101；长期有效的填“长期”。");
    }
    end = year_month_day{year{y}, month{m}, day{d}};
  }
  if (!end) {
    return Invalid("请按 YYYYMMDD 填写证件有效期的截止日期，例如 20350101；长期有效的填“长期”。");
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(end->year()),
                static_cast<unsigned>(end->month()), static_cast<unsigned>(end->day()));
  if (sys_days{*end} < sys_days{today}) {
    return Invalid(std::string("这个证件已经在 ") + buf +
                   " 过期了，需要先换领新证件，再用新证件备案。");
  }
  const int need = ningxia ? 6 : 3;
  const year_month_day limit = today + months{need};
  if (sys_days{*end} <=
      sys_days{limit.ok() ? limit : year_month_day{limit.year(), limit.month(), day{28}}}) {
    return Warning(
        buf, std::string("证件有效期只剩不到 ") + std::to_string(need) + " 个月（截止 " + buf +
                 "）。从提交之日算起，证件剩余有效期需要多于 " + std::to_string(need) + " 个月" +
                 (ningxia ? "（宁夏要求 6 个月）" : "") + "，否则可能被驳回，建议先换证再备案。");
  }
  return CheckResult::Ok(buf);
}

CheckResult CheckCompanyName(std::string_view text) {
  const std::string n =
      WithoutFieldLabel(text, {U"企业名称", U"公司名称", U"单位名称", U"主体名称", U"公司全称",
                               U"我们公司叫", U"公司叫", U"全称", U"名称", U"公司名"});
  if (n.empty())
    return Invalid("企业名称不能为空，请按营业执照上的名称完整填写。", "error.host.name-empty");
  if (n.find('*') != std::string::npos || n.find("＊") != std::string::npos) {
    return Invalid(
        "企业名称里不能有“*”号。营业执照上的名称为空或带 * 号（常见于部分个体工商户）时，"
        "会报“营业执照名称为空或者*号”，需要先到市场监管部门更新企业名称信息。",
        "error.host.name-empty");
  }
  if (LooksLikeCode(n)) {
    return Invalid(
        "这看起来是统一社会信用代码（或别的编号），不是企业名称。请按营业执照上“名称”一栏完整填写；"
        "代码在后面的「证件号码」一项再填。");
  }
  if (!HasHan(n)) {
    return Warning(n,
                   "营业执照上登记的企业名称是中文的，英文名或拼音会和工商登记对不上。"
                   "请核对它和执照上的“名称”一字不差。",
                   "error.host.name-mismatch");
  }
  return CheckResult::Ok(n);
}

CheckResult CheckIdAddress(std::string_view text) {
  const std::string a =
      WithoutFieldLabel(text, {U"证件住所", U"执照住所", U"注册地址", U"住所", U"地址"});
  if (CharCount(a) < 5)
    return Invalid("证件住所太短了，请按营业执照上的“住所”一字不差地填写（包括省市区）。");
  if (LooksLikeCode(a)) {
    return Invalid(
        "这看起来是统一社会信用代码（或别的编号），不是住所。证件住所请按营业执照上“住所”一栏一字不"
        "差地填写"
        "（包括省市区）；代码在后面的「证件号码」一项再填。");
  }
  if (!HasHan(a)) {
    return Invalid("证件住所是营业执照上“住所”一栏的中文地址（包括省市区），请对照执照原样输入。");
  }
  return CheckResult::Ok(a);
}

CheckResult CheckPersonName(std::string_view text) {
  const std::string n = WithoutFieldLabel(text, {U"姓名", U"名字", U"我叫", U"叫"});
  const size_t chars = CharCount(n);
  if (chars < 2 || chars > 30) return Invalid("请填写证件上的姓名（2 到 30 个字）。");
  const std::string ascii = Clean(n);  // full-width digits found too
  if (std::any_of(ascii.begin(), ascii.end(), IsDigit)) {
    return Invalid("姓名里不应该有数字。证件号码在下一项填写，这里只填证件上的姓名。");
  }
  return CheckResult::Ok(n);
}

CheckResult CheckPersonIdType(std::string_view text) {
  const std::string t = Only(Clean(text), [](char c) { return c != ' '; });
  const auto has = [&](std::string_view w) { return t.find(w) != std::string::npos; };
  for (std::string_view unit :
       {"营业执照", "信用代码", "组织机构", "法人证书", "登记证", "执业许可证", "办学许可证"}) {
    if (has(unit)) {
      return Invalid(
          "这里填的是主体负责人本人的证件，只能选个人类证件（一般是居民身份证），"
          "不能选营业执照这类单位证件。");
    }
  }
  const bool hk_macau = has("港澳") || has("香港") || has("澳门");
  // Longer names first: 港澳居民居住证 is not the 来往内地通行证.
  if (has("居住证")) {
    if (has("台")) return CheckResult::Ok("台湾居民居住证");
    if (hk_macau) return CheckResult::Ok("港澳居民居住证");
    return Invalid("居住证有几种，请写全：港澳居民居住证，还是台湾居民居住证？");
  }
  if (has("身份证") && hk_macau) {
    return {CheckStatus::kWarning,
            "港澳居民备案常用的是“港澳居民来往内地通行证”（回乡证）或“港澳居民居住证”；"
            "请以控制台证件类型下拉框里的选项为准。",
            "", t};
  }
  if (has("身份证") && !has("永久居留")) return CheckResult::Ok("居民身份证");
  if (has("护照")) return CheckResult::Ok("护照");
  if (hk_macau || has("回乡证")) return CheckResult::Ok("港澳居民来往内地通行证");
  if (has("台胞") || has("台湾")) return CheckResult::Ok("台湾居民来往大陆通行证");
  if (has("永久居留") || has("绿卡")) return CheckResult::Ok("外国人永久居留身份证");
  if (has("证") || has("照")) return CheckResult::Ok(t);
  return Invalid(
      "没看出这是哪种证件。请回复证件名称，例如“居民身份证”“护照”“港澳居民来往内地通行证”"
      "“台湾居民来往大陆通行证”。");
}

namespace {

// A prefecture typed without its suffix ("杭州", "深圳") is almost always a
// 市. The exceptions are the prefectures that are not: autonomous
// prefectures by their short names, 地区 and 盟. Those stay as typed.
const std::set<std::u32string>& NotCities() {
  static const std::set<std::u32string> kNames = {
      U"延边",   U"恩施", U"湘西",     U"阿坝",     U"甘孜",     U"凉山", U"黔东南",   U"黔南",
      U"黔西南", U"楚雄", U"红河",     U"文山",     U"西双版纳", U"大理", U"德宏",     U"怒江",
      U"迪庆",   U"临夏", U"甘南",     U"海北",     U"黄南",     U"海南", U"果洛",     U"玉树",
      U"海西",   U"昌吉", U"博尔塔拉", U"巴音郭楞", U"克孜勒苏", U"伊犁", U"阿克苏",   U"喀什",
      U"和田",   U"塔城", U"阿勒泰",   U"大兴安岭", U"阿里",     U"兴安", U"锡林郭勒", U"阿拉善"};
  return kNames;
}

std::string WithCitySuffix(const std::string& city) {
  const std::u32string c = DecodeUtf8(city);
  if (c.size() < 2 || !std::all_of(c.begin(), c.end(), IsCjk) || NotCities().count(c) != 0)
    return city;
  const char32_t last = c.back();
  if (last == U'市' || last == U'盟' || last == U'区' || last == U'县' || last == U'旗')
    return city;
  if (last == U'州' && c.size() > 2) return city;  // 湘西州: an autonomous prefecture's short form
  return city + "市";
}

}  // namespace

CheckResult CheckRegion(std::string_view text, Region& region) {
  const auto separator = [](char c) { return c == ' ' || c == '/' || c == '-' || c == ','; };
  std::string s = Only(Clean(text), [&](char c) { return !separator(c); });
  region = {};
  for (const std::string& p : Provinces()) {
    const std::string short_name = ShortProvince(p);
    if (StartsWith(s, p)) {
      region.province = p;
      s = s.substr(p.size());
    } else if (StartsWith(s, short_name)) {
      region.province = p;
      s = s.substr(short_name.size());
    } else {
      continue;
    }
    break;
  }
  if (region.province.empty()) {
    return Invalid(
        "没认出省份。请按“省 市 区”的格式告诉我选择的地区，例如“广东省 深圳市 南山区”或“北京市 "
        "朝阳区”。");
  }
  // For 北京市 etc. the city repeats the province: "北京市朝阳区" or "北京市北京市朝阳区".
  if (StartsWith(s, region.province)) s = s.substr(region.province.size());
  const bool municipality = region.province.size() == std::string("北京市").size() &&
                            DecodeUtf8(region.province).back() == U'市';
  // Separated by the user ("广东 深圳 福田"): the pieces after the province
  // are the city and the district as typed; without suffixes they cannot be
  // cut apart by 市 / 区.
  std::vector<std::string> pieces;
  {
    std::string piece;
    for (char c : Clean(text) + " ") {
      if (separator(c)) {
        if (!piece.empty()) pieces.push_back(std::move(piece));
        piece.clear();
      } else {
        piece.push_back(c);
      }
    }
  }
  if (!pieces.empty() &&
      (pieces[0] == region.province || pieces[0] == ShortProvince(region.province))) {
    pieces.erase(pieces.begin());
    if (municipality && !pieces.empty() &&
        (pieces[0] == region.province || pieces[0] == ShortProvince(region.province))) {
      pieces.erase(pieces.begin());
    }
    if (pieces.size() == (municipality ? 1u : 2u)) {
      region.city = municipality ? region.province : WithCitySuffix(pieces[0]);
      region.district = pieces.back();
      std::string value = region.province;
      if (!municipality) value += " " + region.city;
      return CheckResult::Ok(value + " " + region.district);
    }
  }
  std::u32string rest = DecodeUtf8(s);
  size_t cut = std::u32string::npos;
  for (size_t i = 1; i < rest.size(); ++i) {
    // 州 ends a prefecture (杭州, 湘西州) unless 市 follows it (广州市).
    const bool zhou = rest[i] == U'州' && (i + 1 == rest.size() || rest[i + 1] != U'市');
    if (rest[i] == U'市' || zhou || rest[i] == U'盟' ||
        (rest[i] == U'区' && i + 1 < rest.size() && rest.substr(i - 1, 2) == U"地区")) {
      cut = i + 1;
      break;
    }
  }
  if (municipality || cut == std::u32string::npos) {
    region.city = municipality ? region.province : "";
    region.district = EncodeUtf8(rest);
  } else {
    region.city = WithCitySuffix(EncodeUtf8(rest.substr(0, cut)));
    region.district = EncodeUtf8(rest.substr(cut));
  }
  std::string value = region.province;
  if (!region.city.empty() && region.city != region.province) value += " " + region.city;
  if (!region.district.empty()) value += " " + region.district;
  if (region.district.empty()) {
    return Warning(value, "请记得在表单里把地区选到区县一级；地区要和营业执照上的住所一致。");
  }
  return CheckResult::Ok(value);
}

CheckResult CheckMailAddress(std::string_view text, const Region& region) {
  const std::string a = Only(Clean(text), [](char c) { return c != ' '; });
  if (CharCount(a) < 4) return Invalid("通讯地址太短了，请填写街道、门牌号以及楼栋和房间号。");
  std::vector<std::string> repeated;
  for (const std::string& name : {region.province, region.city, region.district}) {
    if (CharCount(name) >= 2 && StartsWith(a, name)) repeated.push_back(name);
  }
  // A short name ("天河", "南山", "广东") repeats the region unless a road or
  // place is named after it: 天河路 in 天河区, 南山大道 in 南山区.
  static const std::u32string kPlaceAfterName = U"路街道巷弄胡村镇乡里桥湾港门";
  for (const std::string& name :
       {ShortProvince(region.province), Stem(region.city), Stem(region.district)}) {
    if (CharCount(name) < 2 || !StartsWith(a, name)) continue;
    const std::u32string after = DecodeUtf8(std::string_view(a).substr(name.size()));
    if (!after.empty() && (kPlaceAfterName.find(after.front()) != std::u32string::npos ||
                           after.rfind(U"大道", 0) == 0 || after.rfind(U"大街", 0) == 0)) {
      continue;
    }
    repeated.push_back(name);
  }
  if (!region.province.empty() && a.find(region.province) != std::string::npos) {
    repeated.push_back(region.province);
  }
  if (!repeated.empty()) {
    return Invalid("通讯地址不要再写省市区（“" + repeated.front() +
                       "”已经在“选择地区”里选过了），否则会提示“通讯地址无需重复填写省市区”。"
                       "请从街道开始填，例如“科技园路 1 号 A 栋 501 室”。",
                   "faq.host.reused-subject-address");
  }
  // Talk about the address rather than the address: "我们没有门牌号".
  if (a.find("门牌") != std::string::npos &&
      (a.find("没") != std::string::npos || a.find("无") != std::string::npos ||
       a.find("不知道") != std::string::npos)) {
    return Invalid(
        "没有门牌号的话，通讯地址尽量写到最具体的位置：园区或村组名称、楼栋或厂房编号，例如“科创园 "
        "3 号厂房”；"
        "再在下一项“备注”里说明没有门牌号的原因和具体位置。请把地址本身发给我。");
  }
  // A house number is a unit after a number: "1号", "A栋", "五楼", "3#",
  // "2单元" — not the 号 of "门牌号", the 楼 of "电信大楼" or the 元 of "三元里".
  static const std::u32string kUnits = U"号栋幢座室楼层单#铺弄";
  static const std::u32string kNumerals = U"〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾";
  const std::u32string u = DecodeUtf8(a);
  bool numbered = false;
  for (size_t i = 1; i < u.size() && !numbered; ++i) {
    const char32_t before = u[i - 1];
    numbered =
        kUnits.find(u[i]) != std::u32string::npos &&
        ((before >= U'0' && before <= U'9') || (before >= U'A' && before <= U'Z') ||
         (before >= U'a' && before <= U'z') || kNumerals.find(before) != std::u32string::npos);
  }
  if (!numbered) {
    return Invalid(
        "这个地址没有门牌号（“××号”“×栋×室”之类），提交时会提示“通讯地址未能精确到门牌号”。"
        "请补上门牌号；如果确实没有门牌号，可以回复“就用这个”保留，并在主办单位的“备注”里说明情况"
        "。",
        "error.host.mail-address-no-house-number");
  }
  return CheckResult::Ok(a);
}

CheckResult CheckServiceTypes(std::string_view text) {
  const std::string s =
      ReplaceAll(ReplaceAll(ReplaceAll(Clean(text), "、", ","), "，", ","), "；", ",");
  static const std::regex kSplit(R"([,;/\s]+)");
  std::vector<std::string> items;
  for (auto it = std::sregex_token_iterator(s.begin(), s.end(), kSplit, -1);
       it != std::sregex_token_iterator(); ++it) {
    if (!it->str().empty()) items.push_back(it->str());
  }
  if (items.empty())
    return Invalid("请告诉我准备选择的服务内容标识，多个用顿号隔开，例如“网上商城、生活服务”。");
  if (items.size() > 5) {
    return Invalid("服务内容标识最多只能选 5 个，你列了 " + std::to_string(items.size()) +
                       " 个，提交会报“小程序服务内容类型数目不能超过5个”。请保留和小程序实际业务最"
                       "相关的 5 个以内。",
                   "error.app.service-type-over-limit");
  }
  std::string value;
  for (const auto& i : items) value += (value.empty() ? "" : "、") + i;
  return CheckResult::Ok(value);
}

CheckResult CheckPreApproval(std::string_view text, bool& needs_approval) {
  static const std::vector<std::string> kItems = {
      "新闻",           "出版",         "教育",     "医疗保健",
      "药品和医疗器械", "电子公告服务", "文化",     "广播电影电视节目",
      "网络预约车",     "互联网金融",   "校外培训", "宗教"};
  const std::string s = Clean(text);
  needs_approval = false;
  for (std::string_view none :
       {"以上都不涉及", "都不涉及", "不涉及", "没有", "无", "不需要", "都没有"}) {
    if (s == none || s.find("都不涉及") != std::string::npos)
      return CheckResult::Ok("以上都不涉及");
  }
  std::string value;
  for (const auto& item : kItems) {
    if (s.find(item) != std::string::npos) value += (value.empty() ? "" : "、") + item;
  }
  if (value.empty()) {
    std::string list;
    for (const auto& i : kItems) list += (list.empty() ? "" : "、") + i;
    return Invalid(
        "没认出前置审批项。小程序不涉及这些业务就回复“以上都不涉及”；涉及的话回复对应的项：" +
        list + "。");
  }
  needs_approval = true;
  return Warning(value,
                 "选择了“" + value +
                     "”，提交时需要上传对应的前置审批文件并填写审批号（例如“粤-12345号”），"
                     "否则会报“如从事XXX业务，请上传前置审批文件”。没有审批文件的话，说明小程序暂时"
                     "不能从事这类业务。",
                 "error.app.pre-approval-required");
}

CheckResult CheckAppRemark(std::string_view text) {
  const std::string s = Trim(text);
  const size_t n = CharCount(s);
  if (n < 20) {
    return Invalid("小程序备注需要 20 到 200 个字（现在是 " + std::to_string(n) +
                       " 个字）。请具体写小程序实际做什么业务、提供哪些主要服务，例如“本小程序为本"
                       "公司门店提供线上点单和会员积分服务，不涉及……”。",
                   "error.app.remark-format");
  }
  if (n > 200) {
    return Invalid("小程序备注最多 200 个字（现在是 " + std::to_string(n) + " 个字），请精简一下。",
                   "error.app.remark-format");
  }
  return CheckResult::Ok(s);
}

}  // namespace beian
