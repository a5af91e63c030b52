#pragma once

#include "storage/ticket_store.h"

namespace beian {

class PgDatabase;

// TicketStore on PostgreSQL (table `tickets`), as SqliteTicketStore behaves.
// Every call joins this thread's Transaction (reads included).
// Thread-safety: any thread. Every method throws StorageError.
class PgTicketStore : public TicketStore {
 public:
  explicit PgTicketStore(PgDatabase& db) : db_(db) {}

  std::int64_t OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since) override;
  std::optional<std::int64_t> OpenTicketFor(const Asker& asker, std::int64_t since) override;
  bool CloseTicket(std::int64_t id, std::int64_t now) override;
  std::vector<std::pair<std::int64_t, Asker>> OpenTickets() override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
