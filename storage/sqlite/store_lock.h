#pragma once

#include <SQLiteCpp/Exception.h>

#include <mutex>
#include <string>

#include "storage/sqlite/database.h"
#include "storage/storage_error.h"

// For the .cc files of the support stores only (message log, triage, tickets,
// taught phrasings): how they reach the connection.
namespace beian::store_lock {

// Runs `f` under the write connection's lock, turning SQLite failures into
// StorageError("<what>: …").
template <typename F>
auto Locked(Database& db, const char* what, F f) {
  std::lock_guard lock(db.mutex());
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string(what) + ": " + e.what());
  }
}

// Runs a read on a read connection (db.Read(), taken inside `f`), turning
// SQLite failures into StorageError.
template <typename F>
auto Unlocked(const char* what, F f) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string(what) + ": " + e.what());
  }
}

}  // namespace beian::store_lock
