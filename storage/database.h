#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

namespace SQLite {
class Database;
}

namespace beian {

// One SQLite database file (default ./beian-bot.db), opened in WAL mode with
// a busy timeout, its schema migrated to the newest version on open
// (PRAGMA user_version counts the migrations applied).
// Thread-safety: the stores serialise every use of the connection with
// mutex(); the object itself is not copied or moved.
class Database {
 public:
  // Creates the file (and its folder) when missing. Throws StorageError when
  // it cannot be opened or migrated.
  explicit Database(const std::filesystem::path& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::filesystem::path& path() const { return path_; }
  int schema_version();

  // Runs `work` in one transaction on this connection: the stores' writes
  // inside it are committed together (one disk write instead of one each), or
  // rolled back together when `work` throws. Calls may nest in `work`.
  // Throws StorageError.
  void Transaction(const std::function<void()>& work);

  // For the stores in storage/ only.
  SQLite::Database& connection() { return *db_; }
  std::recursive_mutex& mutex() { return mutex_; }

 private:
  void Migrate();

  std::filesystem::path path_;
  std::unique_ptr<SQLite::Database> db_;
  std::recursive_mutex mutex_;
};

}  // namespace beian
