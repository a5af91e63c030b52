#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "storage/sqlite/pending_askers.h"
#include "storage/ticket_store.h"

namespace beian {

class Database;

// Human handoff tickets (table `tickets`): who asked for a person and is
// waiting for one; the bot stays quiet for them while their ticket is open.
// With `pending` (serve's filter, see PendingAskers), OpenTicket adds its
// asker to it.
// Thread-safety: safe from any thread. Every method throws StorageError;
// every write joins the caller's Database::Transaction when there is one.
class SqliteTicketStore final : public TicketStore {
 public:
  // `pending` may be null; it must outlive the store.
  explicit SqliteTicketStore(Database& db, PendingAskers* pending = nullptr)
      : db_(db), pending_(pending) {}

  // Returns the ticket id: an open ticket opened since `since` is reused;
  // older open ones (timed out) are closed first.
  std::int64_t OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since) override;
  // The open ticket of this user in this chat opened at or after `since`, if
  // any (read on a read connection: what is committed).
  std::optional<std::int64_t> OpenTicketFor(const Asker& asker, std::int64_t since) override;
  // False when there is no open ticket with this id.
  bool CloseTicket(std::int64_t id, std::int64_t now) override;
  std::vector<std::pair<std::int64_t, Asker>> OpenTickets() override;  // oldest first

 private:
  Database& db_;
  PendingAskers* pending_;
};

}  // namespace beian
