#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace beian {

// WeChat / WeCom message encryption (WXBizMsgCrypt, "safe mode"):
// AES-256-CBC with IV = key[0..16), PKCS#7 padding to 32 bytes, plaintext
// = random(16) ‖ length(4, big-endian) ‖ message ‖ receive id.
// Thread-safety: immutable; safe to share.
class WxCrypt {
 public:
  // `encoding_aes_key` is the 43-character key from the console; `receive_id`
  // the AppID (WeChat), CorpID (WeCom app) or "" (WeCom smart robot).
  // Throws std::invalid_argument when the key does not decode to 32 bytes.
  WxCrypt(std::string token, std::string_view encoding_aes_key, std::string receive_id);

  // msg_signature over (token, timestamp, nonce, encrypted).
  std::string Signature(std::string_view timestamp, std::string_view nonce,
                        std::string_view encrypted) const;

  // The decrypted message, or nullopt when the base64, padding, length or
  // receive id is wrong.
  std::optional<std::string> Decrypt(std::string_view encrypted) const;

  // Base64 of the encrypted message; `random16` must be 16 bytes.
  std::string Encrypt(std::string_view message, std::string_view random16) const;

  const std::string& token() const { return token_; }

 private:
  std::string token_;
  std::string key_;
  std::string receive_id_;
};

}  // namespace beian
