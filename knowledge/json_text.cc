#include "knowledge/json_text.h"

namespace beian {

namespace {

// Length of the valid UTF-8 sequence (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF) that starts s[i] >= 0x80; 0 when none.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto at = [&](size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  const auto tail = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
  const unsigned c = at(0), d = at(1);
  if (c >= 0xC2 && c <= 0xDF) return tail(d) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const bool second = c == 0xE0   ? d >= 0xA0 && d <= 0xBF
                        : c == 0xED ? d >= 0x80 && d <= 0x9F
                                    : tail(d);
    return second && tail(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const bool second = c == 0xF0   ? d >= 0x90 && d <= 0xBF
                        : c == 0xF4 ? d >= 0x80 && d <= 0x8F
                                    : tail(d);
    return second && tail(at(2)) && tail(at(3)) ? 4 : 0;
  }
  return 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the run of characters that need no escape at once.
    size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c >= 0x80) {
        const size_t n = Utf8Length(s, run);
        if (n == 0) break;
        run += n;
      } else if (c < 0x20 || c == '"' || c == '\\') {
        break;
      } else {
        ++run;
      }
    }
    out.append(s, i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD for a byte outside any valid sequence
        }
    }
    ++i;
  }
  out += '"';
}

std::string JsonStringArray(const std::vector<std::string>& texts) {
  std::string out = "[";
  for (size_t i = 0; i < texts.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, texts[i]);
  }
  out += ']';
  return out;
}

}  // namespace beian
