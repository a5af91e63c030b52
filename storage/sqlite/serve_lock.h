#pragma once

#include <filesystem>

namespace beian {

// Held by `beian-bot serve` for as long as it serves a database file, so
// that one server at a time owns it: its in-memory caches (sessions,
// message ids) assume no other process writes those tables. Staff commands
// (`triage`, `kb`, `chat`) do not take it and may run alongside.
// An advisory lock (flock) on `<db>.serve-lock`, released by the kernel
// when the process ends, however it ends.
class ServeLock {
 public:
  // Throws StorageError naming the holder's pid when another process holds it.
  explicit ServeLock(const std::filesystem::path& db);
  ~ServeLock();
  ServeLock(const ServeLock&) = delete;
  ServeLock& operator=(const ServeLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace beian
