#pragma once

#include <filesystem>
#include <string>

namespace beian {

// The secret behind the keyed hashes of ID and phone numbers: read from
// `path`, or, on first run, 32 random bytes written there (hex, mode 0600).
// Losing it only means old hashes no longer compare equal to new ones.
// Throws StorageError when it can neither be read nor created.
std::string LoadOrCreateSecret(const std::filesystem::path& path);

}  // namespace beian
