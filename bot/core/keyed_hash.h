#pragma once

#include <string>
#include <string_view>

namespace beian {

// HMAC-SHA256 of `value` under `secret` (OpenSSL), as 32 hex characters:
// how ID and phone numbers are compared without being stored.
// Thread-safe.
std::string KeyedHash(std::string_view secret, std::string_view value);

}  // namespace beian
