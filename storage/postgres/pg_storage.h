#pragma once

#include <memory>
#include <string>

#include "storage/storage.h"

namespace beian {

// The PostgreSQL Storage at `url` (postgresql://… or postgres://…): every
// store on one PgDatabase (a pool of at most options.max_connections
// connections), the schema created and migrated on open. Nothing is cached
// in the process (other instances write too), so `sole_server`, the session
// cache and the message-id filter of `options` are ignored. Throws
// StorageError when the server cannot be reached or the schema is newer
// than this program's.
std::unique_ptr<Storage> OpenPgStorage(const std::string& url, const StorageOptions& options = {});

}  // namespace beian
