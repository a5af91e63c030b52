#include "knowledge/normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <opencc/DictEntry.hpp>
#include <opencc/Exception.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>
#include <opencc/SimpleConverter.hpp>

namespace beian {
namespace {

// Runs utf8proc's NFKC + case fold on valid UTF-8.
std::string Nfkc(std::string_view valid_utf8) {
  utf8proc_uint8_t* out = nullptr;
  const auto options = static_cast<utf8proc_option_t>(
      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE |
      UTF8PROC_STRIPCC | UTF8PROC_LUMP);
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid_utf8.data()),
                   static_cast<utf8proc_ssize_t>(valid_utf8.size()), &out, options);
  if (n < 0) return std::string(valid_utf8);  // cannot happen on valid input
  std::string result(reinterpret_cast<char*>(out), static_cast<size_t>(n));
  std::free(out);
  return result;
}

bool IsWordChar(char32_t c) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// Where Debian's libopencc-data puts the dictionaries t2s.json names.
constexpr const char* kOpenccDictDir = "/usr/share/opencc/";

// Reads every entry of one OpenCC dictionary as (key, default value).
// Returns false when the file cannot be read.
template <typename F>
bool ForEachEntry(const char* name, F f) {
  std::FILE* fp = std::fopen((std::string(kOpenccDictDir) + name).c_str(), "rb");
  if (fp == nullptr) return false;
  bool ok = true;
  try {
    const auto dict = opencc::MarisaDict::NewFromFile(fp);
    for (const auto& entry : *dict->GetLexicon()) {
      f(DecodeUtf8(entry->Key()), DecodeUtf8(entry->GetDefault()));
    }
  } catch (const std::exception&) {
    ok = false;
  }
  std::fclose(fp);
  return ok;
}

// Fills `out` with the characters whose presence means t2s may change the
// text: every character t2s rewrites on its own, and each character a phrase
// rewrites when that phrase holds no such character itself (a phrase that
// does is already caught by that character). A text with none of them comes
// out of t2s unchanged. Leaves `out` empty when a dictionary cannot be read.
void ReadConvertible(std::unordered_set<char32_t>& out) {
  const bool chars_ok = ForEachEntry("TSCharacters.ocd2",
                                     [&](const std::u32string& key, const std::u32string& value) {
                                       if (key != value) out.insert(key.begin(), key.end());
                                     });
  std::vector<char32_t> from_phrases;
  const bool phrases_ok =
      ForEachEntry("TSPhrases.ocd2", [&](const std::u32string& key, const std::u32string& value) {
        if (key == value) return;
        if (std::any_of(key.begin(), key.end(), [&](char32_t c) { return out.contains(c); }))
          return;
        for (size_t i = 0; i < key.size(); ++i) {
          if (value.size() != key.size() || value[i] != key[i]) from_phrases.push_back(key[i]);
        }
      });
  if (!chars_ok || !phrases_ok) {
    out.clear();
    return;
  }
  out.insert(from_phrases.begin(), from_phrases.end());
}

bool HasNonAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

// What NFKC + case fold + lump make of the characters most messages consist
// of, without asking utf8proc: ASCII (letters lowered), CJK ideographs and the
// brackets and full stop around them (unchanged), full-width ASCII (made
// half-width), the ideographic space and curly quotes. 0 for any other
// character: the text then takes utf8proc's way. The normalizer test checks
// every character listed here against utf8proc.
char32_t QuickFold(char32_t c) {
  if (c >= 0x20 && c < 0x7F) return c >= U'A' && c <= U'Z' ? c + 32 : c;
  if (c >= 0x4E00 && c <= 0x9FFF) return c;
  if (c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011)) return c;
  if (c >= 0xFF01 && c <= 0xFF5E) return QuickFold(c - 0xFEE0);
  if (c == 0x3000) return U' ';
  if (c == 0x201C || c == 0x201D) return U'"';
  if (c == 0x2018 || c == 0x2019) return U'\'';
  return 0;
}

// Word characters among QuickFold's results.
bool QuickWordChar(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || (c >= 0x4E00 && c <= 0x9FFF);
}

}  // namespace

std::u32string DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t c = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
    if (n <= 0) {  // invalid byte: skip it
      ++p;
      --left;
      continue;
    }
    out.push_back(static_cast<char32_t>(c));
    p += n;
    left -= n;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  utf8proc_uint8_t buf[4];
  for (char32_t c : text) {
    const utf8proc_ssize_t n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
  }
  return out;
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0xF900 && c <= 0xFAFF);
}

Normalizer::Normalizer() {
  try {
    t2s_ = std::make_unique<opencc::SimpleConverter>("t2s.json");
  } catch (const opencc::Exception& e) {
    throw NormalizerError(
        std::string("cannot load OpenCC t2s.json (is libopencc-data installed?): ") + e.what());
  }
  ReadConvertible(convertible_);
  convertible_bits_.assign(0x10000 / 64, 0);
  for (char32_t c : convertible_) {
    if (c <= 0xFFFF) convertible_bits_[c >> 6] |= std::uint64_t{1} << (c & 63);
  }
}

Normalizer::~Normalizer() = default;

std::string Normalizer::Simplify(std::string_view text) const {
  // Re-encoding the decoded text drops invalid bytes, so utf8proc and OpenCC
  // only ever see valid UTF-8.
  std::string folded = Nfkc(EncodeUtf8(DecodeUtf8(text)));
  if (!HasNonAscii(folded)) return folded;
  if (!convertible_.empty()) {
    const std::u32string chars = DecodeUtf8(folded);
    const bool needed =
        std::any_of(chars.begin(), chars.end(), [&](char32_t c) { return Convertible(c); });
    if (!needed) return folded;
  }
  return t2s_->Convert(folded);
}

namespace {

bool IsMailNameChar(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9') || c == U'.' || c == U'_' ||
         c == U'-' || c == U'+';
}

// Step 4: each name@host.tld (folded text) becomes 邮箱, in one pass (a
// name is taken back from what was copied; every character is looked at at
// most twice, however many @ a hostile message holds). So does a name@ with
// no domain ("admin@ 开头的邮箱"): its name is an address's, not a word.
void ReplaceMailAddresses(std::u32string& text) {
  if (text.find(U'@') == std::u32string::npos) return;
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != U'@') {
      out.push_back(text[i]);
      continue;
    }
    size_t name = 0;
    while (name < out.size() && IsMailNameChar(out[out.size() - 1 - name])) ++name;
    size_t end = i + 1;
    while (end < text.size() && IsMailNameChar(text[end])) ++end;
    const std::u32string_view host(text.data() + i + 1, end - i - 1);
    if (name == 0 || (!host.empty() && host.find(U'.') == std::u32string_view::npos)) {
      out.push_back(U'@');
      continue;
    }
    out.resize(out.size() - name);
    out += U"邮箱";
    i = end - 1;
  }
  text = std::move(out);
}

// Step 4b: a run of * (a name the registry masks: "名称是一串 ***", "全是*号")
// becomes 星号, or 星 when 号 follows; punctuation would otherwise drop it.
void ReplaceStars(std::u32string& text) {
  if (text.find(U'*') == std::u32string::npos) return;
  std::u32string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != U'*') {
      out.push_back(text[i]);
      continue;
    }
    while (i + 1 < text.size() && (text[i + 1] == U'*' || text[i + 1] == U' ')) ++i;
    out += i + 1 < text.size() && text[i + 1] == U'号' ? U"星" : U"星号";
  }
  text = std::move(out);
}

}  // namespace

std::u32string Normalizer::Normalize(std::string_view text) const {
  // Most messages hold only characters QuickFold knows and none that t2s
  // would change: folded here in one pass, with the same result as Simplify.
  std::u32string simplified = DecodeUtf8(text);
  bool quick = true;
  for (char32_t& c : simplified) {
    const char32_t folded = QuickFold(c);
    if (folded == 0 || Convertible(folded)) {
      quick = false;
      break;
    }
    c = folded;
  }
  if (!quick) simplified = DecodeUtf8(Simplify(text));
  ReplaceMailAddresses(simplified);
  ReplaceStars(simplified);
  std::u32string out;
  out.reserve(simplified.size());
  for (char32_t c : simplified) {
    if (quick ? QuickWordChar(c) : IsWordChar(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != kSeparator) {
      out.push_back(kSeparator);
    }
  }
  if (!out.empty() && out.back() == kSeparator) out.pop_back();
  return out;
}

}  // namespace beian
