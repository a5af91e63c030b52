#include "storage/sqlite/serve_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "storage/storage_error.h"

namespace beian {

ServeLock::ServeLock(const std::filesystem::path& db) {
  const std::string path = db.string() + ".serve-lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw StorageError("serve lock " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    char holder[32] = {};
    const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw StorageError("another beian-bot serve (pid " +
                         std::string(holder, n > 0 ? static_cast<size_t>(n) : 0) +
                         ") is already serving " + db.string() + "; one server per database file");
    }
    throw StorageError("serve lock " + path + ": " + std::strerror(error));
  }
  const std::string pid = std::to_string(::getpid());
  if (::ftruncate(fd_, 0) == 0) (void)!::pwrite(fd_, pid.data(), pid.size(), 0);
}

ServeLock::~ServeLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace beian
