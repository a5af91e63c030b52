#pragma once

#include <stdexcept>

namespace beian {

// Any failure of the database layer (I/O, corruption, full disk). storage/
// translates SQLite's exceptions into this so no other module includes
// SQLiteCpp.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace beian
