#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "storage/asker.h"

namespace beian {

// Human handoff tickets (table `tickets`): who asked for a person and is
// waiting for one; the bot stays quiet for them while their ticket is open.
// Thread-safety: any thread. Every method throws StorageError;
// every write joins the caller's Transaction when there is one.
class TicketStore {
 public:
  virtual ~TicketStore() = default;

  // Returns the ticket id: an open ticket opened since `since` is reused;
  // older open ones (timed out) are closed first.
  virtual std::int64_t OpenTicket(const Asker& asker, std::int64_t now, std::int64_t since) = 0;
  // The open ticket of this user in this chat opened at or after `since`, if
  // any.
  virtual std::optional<std::int64_t> OpenTicketFor(const Asker& asker, std::int64_t since) = 0;
  // False when there is no open ticket with this id.
  virtual bool CloseTicket(std::int64_t id, std::int64_t now) = 0;
  virtual std::vector<std::pair<std::int64_t, Asker>> OpenTickets() = 0;  // oldest first
};

}  // namespace beian
