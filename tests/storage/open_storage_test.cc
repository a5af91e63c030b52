#include <doctest/doctest.h>

#include "storage/storage.h"
#include "tests/test_support.h"

namespace beian {
namespace {

TEST_CASE("a storage is chosen by what BEIAN_DB names") {
  CHECK(IsPostgresUrl("postgresql://bot@db/beian"));
  CHECK(IsPostgresUrl("postgres://bot@127.0.0.1:5432/beian"));
  CHECK_FALSE(IsPostgresUrl("beian-bot.db"));
  CHECK_FALSE(IsPostgresUrl("/var/lib/postgresql/beian.db"));

  test::TempDir dir;
  const auto storage = OpenStorage((dir.path() / "bot.db").string());
  CHECK(storage->backend() == "sqlite");
  CHECK(storage->schema_version() >= 7);
}

TEST_CASE("a URL's password never reaches a log line") {
  CHECK(ShownStorage("postgresql://bot:s3cret@db.internal:5432/beian") ==
        "postgresql://bot:***@db.internal:5432/beian");
  CHECK(ShownStorage("postgres://bot@db/beian") == "postgres://bot@db/beian");
  CHECK(ShownStorage("postgresql://db/beian?sslmode=require") ==
        "postgresql://db/beian?sslmode=require");
  CHECK(ShownStorage("postgresql://bot@db/beian?password=s3cret&sslmode=require") ==
        "postgresql://bot@db/beian?password=***&sslmode=require");
  CHECK(ShownStorage("/srv/beian/bot.db") == "/srv/beian/bot.db");
}

}  // namespace
}  // namespace beian
