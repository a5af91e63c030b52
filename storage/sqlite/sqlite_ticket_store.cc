#include "storage/sqlite/sqlite_ticket_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/store_lock.h"

namespace beian {

using store_lock::Locked;
using store_lock::Unlocked;

std::int64_t SqliteTicketStore::OpenTicket(const Asker& asker, std::int64_t now,
                                           std::int64_t since) {
  if (pending_ != nullptr) pending_->Add(asker);  // before the write, as in Triage
  if (auto open = OpenTicketFor(asker, since)) return *open;
  return Locked(db_, "open ticket", [&] {
    auto expire = db_.Prepared(
        "UPDATE tickets SET status = 'closed', closed_at = ? "
        "WHERE platform = ? AND chat = ? AND user = ? AND status = 'open' AND opened_at < ?");
    expire->bind(1, static_cast<int64_t>(now));
    expire->bind(2, asker.platform);
    expire->bind(3, asker.chat);
    expire->bind(4, asker.user);
    expire->bind(5, static_cast<int64_t>(since));
    expire->exec();
    auto q =
        db_.Prepared("INSERT INTO tickets (platform, chat, user, opened_at) VALUES (?, ?, ?, ?)");
    q->bind(1, asker.platform);
    q->bind(2, asker.chat);
    q->bind(3, asker.user);
    q->bind(4, static_cast<int64_t>(now));
    q->exec();
    return static_cast<std::int64_t>(db_.connection().getLastInsertRowid());
  });
}

std::optional<std::int64_t> SqliteTicketStore::OpenTicketFor(const Asker& asker,
                                                             std::int64_t since) {
  return Unlocked("find ticket", [&]() -> std::optional<std::int64_t> {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT id FROM tickets WHERE platform = ? AND chat = ? AND user = ? AND status = 'open' "
        "AND opened_at >= ? "
        "ORDER BY id DESC LIMIT 1");
    q->bind(1, asker.platform);
    q->bind(2, asker.chat);
    q->bind(3, asker.user);
    q->bind(4, static_cast<int64_t>(since));
    if (!q->executeStep()) return std::nullopt;
    return q->getColumn(0).getInt64();
  });
}

bool SqliteTicketStore::CloseTicket(std::int64_t id, std::int64_t now) {
  return Locked(db_, "close ticket", [&] {
    auto q = db_.Prepared(
        "UPDATE tickets SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'");
    q->bind(1, static_cast<int64_t>(now));
    q->bind(2, static_cast<int64_t>(id));
    return q->exec() > 0;
  });
}

std::vector<std::pair<std::int64_t, Asker>> SqliteTicketStore::OpenTickets() {
  return Locked(db_, "open tickets", [&] {
    auto q = db_.Prepared(
        "SELECT id, platform, chat, user FROM tickets WHERE status = 'open' ORDER BY id");
    std::vector<std::pair<std::int64_t, Asker>> out;
    while (q->executeStep()) {
      out.emplace_back(q->getColumn(0).getInt64(),
                       Asker{q->getColumn(1).getString(), q->getColumn(2).getString(),
                             q->getColumn(3).getString()});
    }
    return out;
  });
}

}  // namespace beian
