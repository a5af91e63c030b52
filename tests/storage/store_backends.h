#pragma once

// The backends the store contract tests run on (store_contract_test.cc):
// each is a type whose constructor opens a fresh, empty Storage, and whose
// OpenAgain() opens another Storage on the same data (a second process, or
// the same one after a restart).
//
//   TEST_CASE_TEMPLATE("…", B, BEIAN_STORE_BACKENDS) { B backend; Storage& s = backend.storage(); }

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "storage/postgres/pg_storage.h"
#include "storage/storage.h"
#include "tests/support/postgres_server.h"

namespace beian::test {

// A real PostgreSQL server the tests start themselves, one empty database
// per backend object.
class PgBackend {
 public:
  PgBackend() : url_(PostgresServer::Shared().NewDatabase()), storage_(OpenAgain()) {}
  Storage& storage() { return *storage_; }
  const std::string& url() const { return url_; }
  std::unique_ptr<Storage> OpenAgain(const StorageOptions& options = {}) {
    return OpenPgStorage(url_, options);
  }

 private:
  std::string url_;
  std::unique_ptr<Storage> storage_;
};

// A SQLite file in a fresh temporary folder, removed afterwards.
class SqliteBackend {
 public:
  SqliteBackend() : dir_(MakeDir()), storage_(OpenAgain()) {}
  ~SqliteBackend() {
    storage_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  SqliteBackend(const SqliteBackend&) = delete;
  SqliteBackend& operator=(const SqliteBackend&) = delete;
  Storage& storage() { return *storage_; }
  std::unique_ptr<Storage> OpenAgain(const StorageOptions& options = {}) {
    return OpenStorage((dir_ / "bot.db").string(), options);
  }

 private:
  static std::filesystem::path MakeDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "beian-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return pattern;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Storage> storage_;
};
#define BEIAN_STORE_BACKENDS ::beian::test::SqliteBackend, ::beian::test::PgBackend

}  // namespace beian::test

TYPE_TO_STRING(beian::test::PgBackend);
TYPE_TO_STRING(beian::test::SqliteBackend);
