#pragma once

// The support stores of one SQLite Database, built as SqliteStorage builds
// them, for tests that also reach into the file.
#include <memory>

#include "storage/sqlite/database.h"
#include "storage/sqlite/pending_askers.h"
#include "storage/sqlite/sqlite_message_log.h"
#include "storage/sqlite/sqlite_taught_store.h"
#include "storage/sqlite/sqlite_ticket_store.h"
#include "storage/sqlite/sqlite_triage_store.h"
#include "storage/support_stores.h"

namespace beian::test {

struct SqliteSupport {
  // With `track_askers`, as `serve` (the sole server) keeps them.
  explicit SqliteSupport(Database& database, bool track_askers = false)
      : db(database),
        pending(track_askers ? std::make_unique<PendingAskers>(database) : nullptr),
        log(database),
        triage(database, pending.get()),
        tickets(database, pending.get()),
        taught(database) {}

  operator SupportStores&() { return stores; }  // NOLINT: used where a SupportStores is

  Database& db;
  std::unique_ptr<PendingAskers> pending;
  SqliteMessageLog log;
  SqliteTriageStore triage;
  SqliteTicketStore tickets;
  SqliteTaughtStore taught;
  SupportStores stores{db, log, triage, tickets, taught};
};

}  // namespace beian::test
