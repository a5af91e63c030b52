#pragma once

#include <string>
#include <string_view>

namespace beian {

// Masked forms for display and storage: "4403**********123X",
// "138****8000", "z***@example.com".
std::string MaskIdNumber(std::string_view id);
std::string MaskMobile(std::string_view mobile);
std::string MaskEmail(std::string_view email);

// Free text with every personal number masked, found by meaning rather than
// by how it was typed: what may be stored, logged, queued or shown to staff.
// The text is read through a normalised view — full-width digits, letters
// and signs (１３８, Ｘ, ＠), separators inside a number (spaces, no-break and
// ideographic spaces, - . · / and dashes), a country prefix (+86, 0086,
// 86-) — and each span found is replaced in the original text:
//   - an ID number: 17 digits + digit or X ("4403 0119 9001 0112 3X");
//   - a mainland mobile: 1[3-9] + 9 digits, with or without the prefix
//     ("１３８００１３８０００", "136.5555.7777", "+86 138 0013 8000");
//   - a 统一社会信用代码 (18 characters of its alphabet, with a letter);
//   - an e-mail address.
// Other numbers (orders, dates, amounts, landlines, AppIDs) stay as typed.
// Pure; safe from any thread.
std::string MaskSensitive(std::string_view text);

// The same without credit codes: only what identifies a person (ID
// numbers, mobiles, e-mail addresses). MaskPersonal(t) != t tells that a
// text holds a personal number.
std::string MaskPersonal(std::string_view text);

}  // namespace beian
