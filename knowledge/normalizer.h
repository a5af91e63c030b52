#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace opencc {
class SimpleConverter;
}

namespace beian {

// Thrown when OpenCC's Traditional→Simplified configuration cannot be loaded
// (libopencc-data missing).
class NormalizerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Turns raw text into the canonical form every matcher works on:
//   1. invalid UTF-8 bytes are dropped;
//   2. Unicode NFKC, case fold, default-ignorable and control characters
//      removed (utf8proc) — full-width letters, digits and brackets become
//      half-width;
//   3. Traditional → Simplified Chinese (OpenCC t2s) — skipped when the text
//      holds no character that t2s could change (read from OpenCC's own
//      dictionaries at start-up), which is most messages;
//   4. an e-mail address (name@host.tld) becomes the word 邮箱: what it says
//      is "an e-mail address", and its parts are no words of the message
//      ("admin@xxx.com" names no administrator);
//   5. every run of characters that are neither letters nor digits
//      (punctuation, brackets, quotes, symbols, whitespace) becomes one
//      kSeparator; leading and trailing separators are dropped.
// Thread-safety: immutable after construction; Normalize may be called from
// any number of threads at once.
class Normalizer {
 public:
  static constexpr char32_t kSeparator = U' ';

  // Throws NormalizerError when the OpenCC configuration is missing.
  Normalizer();
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  std::u32string Normalize(std::string_view text) const;

  // Steps 1–3 only, as UTF-8: what a human would recognise as the same text.
  std::string Simplify(std::string_view text) const;

 private:
  std::unique_ptr<opencc::SimpleConverter> t2s_;
  // Characters a t2s conversion may change; empty when the dictionaries
  // could not be read, and then every non-ASCII text is converted.
  std::unordered_set<char32_t> convertible_;
  // The same, for the Basic Multilingual Plane, as one bit a character:
  // every character of every message is looked up here.
  std::vector<std::uint64_t> convertible_bits_;
  bool Convertible(char32_t c) const {
    return c <= 0xFFFF ? (convertible_bits_[c >> 6] >> (c & 63)) & 1 : convertible_.contains(c);
  }
};

// UTF-8 ↔ UTF-32 helpers; invalid input bytes are skipped.
std::u32string DecodeUtf8(std::string_view text);
std::string EncodeUtf8(std::u32string_view text);

// True for the CJK ideographs that the matcher indexes character by character.
bool IsCjk(char32_t c);

}  // namespace beian
