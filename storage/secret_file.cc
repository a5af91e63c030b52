#include "storage/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "storage/storage_error.h"

namespace beian {

namespace {

std::string ReadSecret(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string secret;
  if (in && std::getline(in, secret) && secret.size() >= 32) return secret;
  return "";
}

}  // namespace

std::string LoadOrCreateSecret(const std::filesystem::path& path) {
  if (std::string s = ReadSecret(path); !s.empty()) return s;
  std::random_device rd;  // /dev/urandom on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string secret;
  for (int i = 0; i < 32; ++i) {
    const unsigned byte = rd() & 0xFF;
    secret.push_back(kHex[byte >> 4]);
    secret.push_back(kHex[byte & 0xF]);
  }
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::filesystem::path tmp = path.string() + ".tmp" + std::to_string(rd());
  {
    // Created owner-only: the secret is never readable by others, not even
    // between its creation and a chmod.
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw StorageError("cannot write secret file " + tmp.string());
    const std::string line = secret + '\n';
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!written) throw StorageError("cannot write secret file " + tmp.string());
  }
  // A hard link fails when the file exists: if another process won the race,
  // its secret is the one everybody uses.
  std::filesystem::create_hard_link(tmp, path, ec);
  std::filesystem::remove(tmp);
  if (std::string s = ReadSecret(path); !s.empty()) return s;
  throw StorageError("cannot create secret file " + path.string() +
                     (ec ? ": " + ec.message() : ""));
}

}  // namespace beian
