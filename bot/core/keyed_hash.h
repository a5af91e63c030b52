#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace beian {

// HMAC-SHA256 of `value` under `secret` (OpenSSL), as 32 hex characters:
// how ID and phone numbers are compared without being stored.
// Thread-safe.
std::string KeyedHash(std::string_view secret, std::string_view value);

// The secret for KeyedHash: `configured` when it has 16 characters or more,
// else $BEIAN_HASH_SECRET (likewise), else beian-bot.secret beside the
// database, created on first run. Throws StorageError when that file can
// neither be read nor created.
std::string HashSecretFor(const std::filesystem::path& db_path, const std::string& configured = "");

}  // namespace beian
