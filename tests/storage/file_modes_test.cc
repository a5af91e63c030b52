// Every file the bot keeps beside its database is readable by its owner only.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "storage/secret_file.h"
#include "storage/session_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/serve_lock.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "tests/test_support.h"

namespace beian {
namespace {

unsigned Mode(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

TEST_CASE(
    "the database, its WAL and shared memory, the serve lock and the secret are 0600, whatever the "
    "umask") {
  test::TempDir dir;
  const auto db_path = dir.path() / "bot.db";
  const mode_t old = ::umask(0022);  // a usual umask: files would be 0644
  {
    const ServeLock lock(db_path);
    Database db(db_path);
    SqliteSessionStore sessions(db, 0);
    sessions.Save({"api", "c", "u"}, R"({"x":1})", 100);  // writes the WAL
    (void)LoadOrCreateSecret(dir.path() / "beian-bot.secret");
    for (const char* name :
         {"bot.db", "bot.db-wal", "bot.db-shm", "bot.db.serve-lock", "beian-bot.secret"}) {
      CAPTURE(name);
      CHECK(Mode(dir.path() / name) == 0600);
    }
  }
  ::umask(old);
}

TEST_CASE("a database file left readable by others is made owner-only when opened") {
  test::TempDir dir;
  const auto db_path = dir.path() / "old.db";
  { Database db(db_path); }
  std::filesystem::permissions(db_path, std::filesystem::perms(0644));
  REQUIRE(Mode(db_path) == 0644);
  Database db(db_path);
  CHECK(Mode(db_path) == 0600);
}

}  // namespace
}  // namespace beian
