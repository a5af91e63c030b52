// Normalisation of arbitrary bytes: invalid UTF-8, control characters,
// Traditional Chinese, full-width forms, punctuation runs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "knowledge/normalizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const beian::Normalizer normalizer;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::u32string n = normalizer.Normalize(text);
  // Separators: never leading or trailing, never two in a row.
  if (!n.empty()) {
    FUZZ_CHECK(n.front() != beian::Normalizer::kSeparator);
    FUZZ_CHECK(n.back() != beian::Normalizer::kSeparator);
  }
  for (size_t i = 1; i < n.size(); ++i) {
    FUZZ_CHECK(
        !(n[i] == beian::Normalizer::kSeparator && n[i - 1] == beian::Normalizer::kSeparator));
  }
  for (char32_t c : n) FUZZ_CHECK(c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF) && c >= 0x20);

  const std::string simple = normalizer.Simplify(text);
  // Simplify's output is valid UTF-8: decoding and encoding again is the identity.
  FUZZ_CHECK(beian::EncodeUtf8(beian::DecodeUtf8(simple)) == simple);

  // Decoding drops invalid bytes only: re-encoding is valid and decodes to the same.
  const std::u32string decoded = beian::DecodeUtf8(text);
  FUZZ_CHECK(beian::DecodeUtf8(beian::EncodeUtf8(decoded)) == decoded);
  return 0;
}
