#pragma once

// Text helpers shared by the value checks (id_checks.cc, contact_checks.cc,
// address_checks.cc, business_checks.cc). Internal to dialogs/.

#include <chrono>
#include <initializer_list>
#include <string>
#include <string_view>

#include "dialogs/validators.h"

namespace beian::check_text {

// Full-width ASCII (！ to ～) and the ideographic space to half-width, then
// surrounding whitespace trimmed. Values keep their own characters otherwise.
std::string Clean(std::string_view text);

// Surrounding whitespace (the ideographic space too) trimmed, nothing else
// changed: for values copied into the form as typed (a registered name keeps
// its full-width （）, a Chinese sentence its ，).
std::string Trim(std::string_view text);

// Keeps only the characters for which `keep` holds.
template <typename P>
std::string Only(std::string_view s, P keep) {
  std::string out;
  for (char c : s) {
    if (keep(c)) out.push_back(c);
  }
  return out;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return !prefix.empty() && s.substr(0, prefix.size()) == prefix;
}

// Every `from` in `s` replaced by `to` (std::regex matches bytes, so
// multi-byte separators are made ASCII first).
std::string ReplaceAll(std::string_view s, std::string_view from, std::string_view to);

// The number of characters (code points) of UTF-8 text.
size_t CharCount(std::string_view s);

// True when the text holds a Chinese character (the normalizer's IsCjk).
bool HasHan(std::string_view text);

// True when y-m-d is a date of the calendar.
bool RealDate(int y, unsigned m, unsigned d);

CheckResult Invalid(Text message, TextArgs args = {}, std::string error_id = "");
CheckResult Warning(std::string value, Text message, TextArgs args = {}, std::string error_id = "");

// A value introduced with a label — "我的手机13800138000", "身份证号是 1101…",
// "邮箱：a@b.cn" — is the part after the label; a trailing 。 or ， is dropped.
// Text without such a label comes back only trimmed.
std::string AfterLabel(std::string_view text);

// A name or an address introduced with its field's label: "公司名称：深圳市某某
// 科技有限公司", "住所是……", "姓名 张三", "我们公司叫……" → the part after
// it (a label needs a 是 / 为 / colon / space after it, except one ending in
// 叫). A trailing 。 is dropped. Text without such a label comes back trimmed.
std::string WithoutFieldLabel(std::string_view text,
                              std::initializer_list<std::u32string_view> labels);

// A code or number typed where a name or an address belongs: 15 or more
// letters and digits (spaces and dashes aside), at least 6 of them digits.
bool LooksLikeCode(std::string_view text);

// The GB 11643 check character of an ID number's first 17 digits.
char IdCheckCharacter(std::string_view digits17);

// 17 digits and a check character that GB 11643 accepts, with a real birth
// date: a personal ID number.
bool IsPersonalIdNumber(std::string_view id);

}  // namespace beian::check_text
