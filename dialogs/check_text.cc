#include "dialogs/check_text.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "knowledge/normalizer.h"

namespace beian::check_text {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

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

std::string Trim(std::string_view text) {
  const std::u32string u = DecodeUtf8(text);
  const auto space = [](char32_t c) {
    return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0x3000;
  };
  const auto first = std::find_if_not(u.begin(), u.end(), space);
  const auto last = std::find_if_not(u.rbegin(), u.rend(), space).base();
  return first < last ? EncodeUtf8(std::u32string(first, last)) : std::string();
}

std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to) {
  std::string out;
  size_t i = 0;
  for (size_t at; (at = s.find(from, i)) != std::string_view::npos; i = at + from.size()) {
    out.append(s.substr(i, at - i)).append(to);
  }
  return out.append(s.substr(i));
}

size_t CharCount(std::string_view s) { return DecodeUtf8(s).size(); }

bool HasHan(std::string_view text) {
  const std::u32string u = DecodeUtf8(text);
  return std::any_of(u.begin(), u.end(), IsCjk);
}

bool RealDate(int y, unsigned m, unsigned d) {
  return year_month_day{year{y}, month{m}, day{d}}.ok();
}

CheckResult Invalid(Text message, TextArgs args, std::string error_id) {
  return {CheckStatus::kInvalid, message, std::move(args), std::move(error_id), ""};
}

CheckResult Warning(std::string value, Text message, TextArgs args, std::string error_id) {
  return {CheckStatus::kWarning, message, std::move(args), std::move(error_id), std::move(value)};
}

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

bool LooksLikeCode(std::string_view text) {
  const std::string s = Only(Clean(text), [](char c) { return c != ' ' && c != '-'; });
  const auto digits = std::count_if(s.begin(), s.end(), IsDigit);
  return s.size() >= 15 && digits >= 6 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0;
         });
}

char IdCheckCharacter(std::string_view digits17) {
  static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                3, 7, 9,  10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (digits17[i] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

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

}  // namespace beian::check_text
