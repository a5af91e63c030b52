#include "storage/support_stores.h"

namespace beian {

SupportStores::SupportStores(Database& database, bool track_askers)
    : db(database),
      pending(track_askers ? std::make_unique<PendingAskers>(database) : nullptr),
      log(database),
      triage(database, pending.get()),
      tickets(database, pending.get()),
      taught(database) {}

SupportStores::~SupportStores() = default;

}  // namespace beian
