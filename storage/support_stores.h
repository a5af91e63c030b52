#pragma once

#include <memory>

#include "storage/message_log.h"
#include "storage/pending_askers.h"
#include "storage/taught_store.h"
#include "storage/ticket_store.h"
#include "storage/triage_store.h"

namespace beian {

class Database;

// The support side of the database, by what each part stores: the message
// log, the triage queue, human handoff tickets and what staff taught.
// With `track_askers` (serve, the sole server of its file), the triage queue
// and the tickets share a PendingAskers filter, read from the file once here.
// The stores write one at a time; SupportDesk (bot/support) is where staff
// actions that write to several of them commit them together.
// `db` must outlive the object. Thread-safety: as each store's.
struct SupportStores {
  // Throws StorageError (reading the pending askers).
  explicit SupportStores(Database& db, bool track_askers = false);
  ~SupportStores();
  SupportStores(const SupportStores&) = delete;
  SupportStores& operator=(const SupportStores&) = delete;

  Database& db;
  std::unique_ptr<PendingAskers> pending;  // null without track_askers
  MessageLog log;
  TriageStore triage;
  TicketStore tickets;
  TaughtStore taught;
};

}  // namespace beian
