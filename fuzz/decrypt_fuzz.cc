// Decryption of hostile ciphertext: WXBizMsgCrypt (WeChat, WeCom) and Feishu,
// on the bytes as base64 text and on the bytes as raw ciphertext (so AES,
// padding, the length field and the receive id are reached), plus the
// encrypt→decrypt round trip of arbitrary messages.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/channels/crypto.h"
#include "bot/channels/wx_crypto.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Key sets of platforms.md §8: TV-W4, TV-W7 (all-zero key), TV-C1, TV-C5.
  static const beian::WxCrypt crypts[] = {
      {"spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2"},
      {"AAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "wx134c8103faa5a59e"},
      {"QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7"},
      {"123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a"},
  };
  if (size > 64 * 1024) return -1;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string raw_b64 = beian::Base64Encode(text);

  const auto decoded = beian::Base64Decode(text);
  if (decoded) FUZZ_CHECK(decoded->size() <= size * 3 / 4 + 3);
  // Encoding then decoding is the identity.
  const auto back = beian::Base64Decode(raw_b64);
  FUZZ_CHECK(back.has_value() && *back == text);

  for (const auto& crypt : crypts) {
    (void)crypt.Decrypt(text);
    const auto plain = crypt.Decrypt(raw_b64);
    if (plain) FUZZ_CHECK(plain->size() + 20 <= size);
    // Whatever is encrypted decrypts to itself.
    const auto round = crypt.Decrypt(crypt.Encrypt(text, "1234567890123456"));
    FUZZ_CHECK(round.has_value() && *round == text);
    (void)crypt.Signature(text, "n", text);
  }
  for (const char* key : {"test key", "1212121212"}) {
    (void)beian::FeishuDecrypt(key, text);
    const auto plain = beian::FeishuDecrypt(key, raw_b64);
    if (plain) FUZZ_CHECK(plain->size() + 16 <= size);
  }
  (void)beian::Aes256CbcDecrypt(text.substr(0, 32), text.substr(0, 16), text);
  return 0;
}
