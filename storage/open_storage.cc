#include <algorithm>

#include "storage/postgres/pg_storage.h"
#include "storage/sqlite/sqlite_storage.h"
#include "storage/storage.h"
#include "storage/storage_error.h"

namespace beian {

bool IsPostgresUrl(std::string_view where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

std::string ShownStorage(std::string_view where) {
  if (!IsPostgresUrl(where)) return std::string(where);
  std::string shown;
  const size_t scheme = where.find("://") + 3;
  const size_t at = where.find('@', scheme);
  const size_t colon = where.find(':', scheme);
  if (at != std::string_view::npos && colon < at) {
    shown.append(where.substr(0, colon + 1)).append("***");
    where.remove_prefix(at);
  }
  // libpq also takes ?password=… among the parameters.
  for (size_t p; (p = where.find("password=")) != std::string_view::npos;) {
    shown.append(where.substr(0, p + 9)).append("***");
    where.remove_prefix(std::min(where.find('&', p), where.size()));
  }
  return shown.append(where);
}

std::unique_ptr<Storage> OpenStorage(const std::string& where, const StorageOptions& options) {
  if (IsPostgresUrl(where)) return OpenPgStorage(where, options);
  return std::make_unique<SqliteStorage>(where, options);
}

}  // namespace beian
