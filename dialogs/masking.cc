#include "dialogs/masking.h"

#include <algorithm>
#include <regex>
#include <vector>

namespace beian {
namespace {

// One character of the text as the detectors see it (ASCII where the typed
// character has an ASCII meaning), with the bytes it came from.
struct Char {
  char32_t c;
  size_t begin, end;
};

// Decodes UTF-8 (a stray byte is a character of its own) and folds what
// the detectors need: full-width ASCII, the spaces and dashes people put
// inside numbers.
std::vector<Char> NormalisedView(std::string_view text) {
  std::vector<Char> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
    if (i + n > text.size()) n = 1;
    char32_t c = n == 1 ? b : b & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c == 0x3000 || c == 0x00A0 || c == 0x2002 || c == 0x2003 || c == 0x2009) c = ' ';
    if (c == 0x2010 || c == 0x2012 || c == 0x2013 || c == 0x2014 || c == 0x2212) c = '-';
    if (c == 0x00B7 || c == 0x30FB || c == 0x3002) c = '.';  // ·, ・ and 。 between digit groups
    out.push_back({c, i, i + n});
    i += n;
  }
  return out;
}

bool Digit(char32_t c) { return c >= '0' && c <= '9'; }
bool AsciiLetter(char32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool Separator(char32_t c) { return c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t'; }

// The most separator characters allowed between two digit groups of one
// number ("138 - 0013 - 8000", "138. 0013. 8000"). NothingToMask must allow
// at least as many, or its shortcut lets such a number through unmasked.
constexpr size_t kMaxSeparators = 3;

struct Span {
  size_t begin, end;  // bytes of the original text
  std::string masked;
};

// The digits of a number starting at view[i] (separators of at most
// kMaxSeparators characters allowed between digit groups) and the index after it.
std::string DigitRun(const std::vector<Char>& v, size_t i, size_t& next) {
  std::string digits;
  size_t j = i, last_digit = i;
  while (j < v.size()) {
    if (Digit(v[j].c)) {
      digits.push_back(static_cast<char>(v[j].c));
      last_digit = j++;
      continue;
    }
    size_t k = j;
    while (k < v.size() && k - j < kMaxSeparators && Separator(v[k].c)) ++k;
    if (k == j || k >= v.size() || !Digit(v[k].c)) break;
    j = k;
  }
  next = last_digit + 1;
  return digits;
}

// The masked form of a number's digits, or "" when it is none of ours.
std::string MaskedNumber(const std::string& digits) {
  if (digits.size() == 18) return MaskIdNumber(digits);
  const auto mobile = [](std::string_view d) {
    return d.size() == 11 && d[0] == '1' && d[1] >= '3';
  };
  if (mobile(digits)) return MaskMobile(digits);
  if (digits.size() == 13 && digits.rfind("86", 0) == 0 &&
      mobile(std::string_view(digits).substr(2))) {
    return MaskMobile(digits.substr(2));
  }
  if (digits.size() == 15 && digits.rfind("0086", 0) == 0 &&
      mobile(std::string_view(digits).substr(4))) {
    return MaskMobile(digits.substr(4));
  }
  return "";
}

void FindNumbers(const std::vector<Char>& v, std::vector<Span>& spans) {
  for (size_t i = 0; i < v.size();) {
    const bool starts =
        Digit(v[i].c) && (i == 0 || (!Digit(v[i - 1].c) && !AsciiLetter(v[i - 1].c)));
    if (!starts) {
      ++i;
      continue;
    }
    size_t next = i;
    std::string digits = DigitRun(v, i, next);
    if (digits.size() == 17) {  // an ID number's check character may be X, after a separator too
      size_t x = next;
      if (x < v.size() && Separator(v[x].c) && x + 1 < v.size()) ++x;
      if (x < v.size() && (v[x].c == 'X' || v[x].c == 'x')) {
        digits.push_back('X');
        next = x + 1;
      }
    }
    const bool glued = next < v.size() && (Digit(v[next].c) || AsciiLetter(v[next].c));
    if (std::string masked = glued ? "" : MaskedNumber(digits); !masked.empty()) {
      spans.push_back({v[i].begin, v[next - 1].end, std::move(masked)});
    }
    i = next;
  }
}

// 统一社会信用代码 (GB 32100): 18 characters of 0-9 and A-Z without I O Z S V,
// the first 1/5/9/Y; all-digit ones are masked as numbers already.
void FindCreditCodes(const std::vector<Char>& v, std::vector<Span>& spans) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const auto in_code = [&](char32_t c) {
    return c < 0x80 && kAlphabet.find(static_cast<char>(c)) != std::string_view::npos;
  };
  const auto alnum = [](char32_t c) { return Digit(c) || AsciiLetter(c); };
  for (size_t i = 0; i + 18 <= v.size(); ++i) {
    if (i > 0 && alnum(v[i - 1].c)) continue;
    if (!std::all_of(v.begin() + static_cast<long>(i), v.begin() + static_cast<long>(i + 18),
                     [&](const Char& ch) { return in_code(ch.c); })) {
      continue;
    }
    if (i + 18 < v.size() && alnum(v[i + 18].c)) continue;
    std::string code;
    for (size_t k = i; k < i + 18; ++k) code.push_back(static_cast<char>(v[k].c));
    const bool letter = std::any_of(code.begin(), code.end(), [](char c) { return c >= 'A'; });
    if (!letter || std::string_view("159Y").find(code[0]) == std::string_view::npos) continue;
    spans.push_back({v[i].begin, v[i + 17].end, MaskIdNumber(code)});
    i += 17;
  }
}

void FindEmails(const std::vector<Char>& v, std::vector<Span>& spans) {
  // The view as ASCII (everything else as a space, which no address holds),
  // one byte a character, so a match maps back through `v`.
  std::string ascii(v.size(), ' ');
  bool at = false;
  for (size_t k = 0; k < v.size(); ++k) {
    if (v[k].c < 0x80 && v[k].c > ' ') ascii[k] = static_cast<char>(v[k].c);
    at = at || v[k].c == '@';
  }
  if (!at) return;  // no regex to run
  static const std::regex kEmail(
      R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})");
  for (auto it = std::sregex_iterator(ascii.begin(), ascii.end(), kEmail);
       it != std::sregex_iterator(); ++it) {
    const auto first = static_cast<size_t>(it->position());
    const auto last = first + static_cast<size_t>(it->length()) - 1;
    spans.push_back({v[first].begin, v[last].end, MaskEmail(it->str())});
  }
}

}  // namespace

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 8) return std::string(id.size(), '*');
  return std::string(id.substr(0, 4)) + std::string(id.size() - 8, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskMobile(std::string_view mobile) {
  if (mobile.size() < 7) return std::string(mobile.size(), '*');
  return std::string(mobile.substr(0, 3)) + std::string(mobile.size() - 7, '*') +
         std::string(mobile.substr(mobile.size() - 4));
}

std::string MaskEmail(std::string_view email) {
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0) return "***";
  return std::string(email.substr(0, 1)) + "***" + std::string(email.substr(at));
}

namespace {

// No run of six digits (ASCII or full-width; up to kMaxSeparators
// separator characters allowed between them, as the detector allows) and no
// @: nothing to mask — every number masked has 11 or more digits, a credit
// code six in a row. A byte scan, so that the long replies most turns make
// (step numbers, "第 7/10 项") cost little. It may say "maybe" too often,
// never "nothing" for a text the detectors would change.
bool NothingToMask(std::string_view text) {
  int run = 0;
  size_t separators = 0;  // separator characters since the last digit of the run
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool digit = c >= '0' && c <= '9';
    if (c == '@') return false;
    bool other = false;  // a character of more than one byte (ideographic space, dashes …)
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(text[i + 2]);
      if (d == 0xA0) return false;  // ＠
      digit = d >= 0x90 && d <= 0x99;
      other = !digit;
      i += 2;
    } else if (c >= 0xC0) {
      other = true;
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
    }
    if (digit) {
      if (++run >= 6) return false;
      separators = 0;
    } else if (run > 0 && separators < kMaxSeparators &&
               (other || c == ' ' || c == '-' || c == '.' || c == '/' || c == '\t')) {
      ++separators;
    } else {
      run = 0;
      separators = 0;
    }
  }
  return true;
}

std::string Masked(std::string_view text, bool credit_codes) {
  if (NothingToMask(text)) return std::string(text);
  const std::vector<Char> view = NormalisedView(text);
  std::vector<Span> spans;
  FindEmails(view, spans);
  FindNumbers(view, spans);
  if (credit_codes) FindCreditCodes(view, spans);
  if (spans.empty()) return std::string(text);
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::string out;
  size_t at = 0;
  for (const Span& s : spans) {
    if (s.begin < at) continue;  // inside a span already masked (a number in an address)
    out.append(text.substr(at, s.begin - at));
    out += s.masked;
    at = s.end;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace

std::string MaskSensitive(std::string_view text) { return Masked(text, true); }

std::string MaskPersonal(std::string_view text) { return Masked(text, false); }

}  // namespace beian
