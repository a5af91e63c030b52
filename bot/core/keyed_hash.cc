#include "bot/core/keyed_hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

#include "storage/secret_file.h"

namespace beian {

std::string KeyedHash(std::string_view secret, std::string_view value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length && out.size() < 32; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

std::string HashSecretFor(const std::filesystem::path& db_path, const std::string& configured) {
  if (configured.size() >= 16) return configured;
  if (const char* env = std::getenv("BEIAN_HASH_SECRET");
      env != nullptr && std::string(env).size() >= 16) {
    return env;
  }
  const std::filesystem::path dir = db_path.has_parent_path() ? db_path.parent_path() : ".";
  return LoadOrCreateSecret(dir / "beian-bot.secret");
}

}  // namespace beian
