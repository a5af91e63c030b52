#include "bot/channels/wx_crypto.h"

#include <stdexcept>

#include "bot/channels/crypto.h"

namespace beian {

WxCrypt::WxCrypt(std::string token, std::string_view encoding_aes_key, std::string receive_id)
    : token_(std::move(token)), receive_id_(std::move(receive_id)) {
  const auto key = Base64Decode(std::string(encoding_aes_key) + "=");
  if (encoding_aes_key.size() != 43 || !key || key->size() != 32) {
    throw std::invalid_argument("EncodingAESKey must be 43 base64 characters");
  }
  key_ = *key;
}

std::string WxCrypt::Signature(std::string_view timestamp, std::string_view nonce,
                               std::string_view encrypted) const {
  return SortedSha1({token_, std::string(timestamp), std::string(nonce), std::string(encrypted)});
}

std::optional<std::string> WxCrypt::Decrypt(std::string_view encrypted) const {
  const auto data = Base64Decode(encrypted);
  if (!data || data->empty() || data->size() % 16 != 0) return std::nullopt;
  auto plain = Aes256CbcDecrypt(key_, std::string_view(key_).substr(0, 16), *data);
  if (!plain) return std::nullopt;
  const auto pad = static_cast<unsigned char>(plain->back());
  if (pad < 1 || pad > 32 || pad > plain->size()) return std::nullopt;
  plain->resize(plain->size() - pad);
  if (plain->size() < 20) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(plain->data()) + 16;
  const size_t length = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  if (length > plain->size() - 20) return std::nullopt;
  const std::string message = plain->substr(20, length);
  if (plain->substr(20 + length) != receive_id_) return std::nullopt;
  return message;
}

std::string WxCrypt::Encrypt(std::string_view message, std::string_view random16) const {
  std::string plain(random16.substr(0, 16));
  const auto n = static_cast<unsigned>(message.size());
  plain.push_back(static_cast<char>((n >> 24) & 0xFF));
  plain.push_back(static_cast<char>((n >> 16) & 0xFF));
  plain.push_back(static_cast<char>((n >> 8) & 0xFF));
  plain.push_back(static_cast<char>(n & 0xFF));
  plain += message;
  plain += receive_id_;
  const size_t pad = 32 - plain.size() % 32;
  plain.append(pad, static_cast<char>(pad));
  return Base64Encode(*Aes256CbcEncrypt(key_, std::string_view(key_).substr(0, 16), plain));
}

}  // namespace beian
