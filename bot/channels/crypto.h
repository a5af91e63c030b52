#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// Small wrappers over OpenSSL for the platforms' signatures and encryption.
// All functions are pure and thread-safe.

std::string Sha1Hex(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string Sha256(std::string_view data);                            // raw 32 bytes
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string HmacSha1Hex(std::string_view key, std::string_view data);

std::string Base64Encode(std::string_view data);
// Standard alphabet with padding; tolerates non-zero trailing bits.
// Returns nullopt on characters outside the alphabet.
std::optional<std::string> Base64Decode(std::string_view text);

// AES-256-CBC without OpenSSL padding (the caller pads); nullopt when the
// key is not 32 bytes, the IV not 16, or the data not whole blocks.
std::optional<std::string> Aes256CbcEncrypt(std::string_view key, std::string_view iv,
                                            std::string_view data);
std::optional<std::string> Aes256CbcDecrypt(std::string_view key, std::string_view iv,
                                            std::string_view data);

// Constant-time comparison of two strings (different lengths compare unequal).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Feishu / Lark event decryption: key = SHA256(encrypt_key), IV = the first
// 16 bytes, AES-256-CBC, PKCS#7 (16). Nullopt when anything is malformed.
std::optional<std::string> FeishuDecrypt(std::string_view encrypt_key, std::string_view encrypted);

// WeChat / WeCom signature: SHA1 hex of the strings sorted byte-wise and joined.
std::string SortedSha1(std::vector<std::string> parts);

}  // namespace beian
