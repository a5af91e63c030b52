#pragma once

#include <memory>
#include <string>

#include "storage/asker.h"

namespace beian {

class Database;
class IdFilter;

// Who may have a staff answer coming or an open ticket, kept in memory (an
// IdFilter): the askers of the file's unanswered questions and open tickets
// (read once, by the constructor) and everyone added since. TriageStore::Triage
// and TicketStore::OpenTicket add their asker before they write, so for a
// process that is the sole server of the file (`serve`, holding the serve
// lock) MayHave answers false — with no read — for everyone else. Staff may
// answer and close from other processes (that only removes what is pending).
// Thread-safety: safe from any thread. The constructor throws StorageError.
class PendingAskers {
 public:
  explicit PendingAskers(Database& db);
  ~PendingAskers();
  PendingAskers(const PendingAskers&) = delete;
  PendingAskers& operator=(const PendingAskers&) = delete;

  void Add(const Asker& asker);
  // False only when this asker has nothing pending for sure.
  bool MayHave(const Asker& asker) const;

 private:
  std::unique_ptr<IdFilter> filter_;
};

}  // namespace beian
