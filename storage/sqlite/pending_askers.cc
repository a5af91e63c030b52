#include "storage/sqlite/pending_askers.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "storage/sqlite/database.h"
#include "storage/sqlite/id_filter.h"
#include "storage/sqlite/store_lock.h"

namespace beian {
namespace {

// 2^20 bits (2 × 128 KiB): "maybe" for fewer than 1 in 100 others while up
// to ~100,000 people have questions waiting.
constexpr std::size_t kAskerBits = std::size_t{1} << 20;
constexpr std::int64_t kForever = std::int64_t{1} << 60;  // the filter never rotates

std::string AskerKey(const Asker& a) { return a.platform + '\x1f' + a.chat + '\x1f' + a.user; }

}  // namespace

PendingAskers::PendingAskers(Database& db)
    : filter_(std::make_unique<IdFilter>(kAskerBits, kForever)) {
  store_lock::Unlocked("read askers", [&] {
    auto reader = db.Read();
    auto q = reader.Prepared(
        "SELECT platform, chat, user FROM triage_askers WHERE notified = 0 "
        "UNION SELECT platform, chat, user FROM tickets WHERE status = 'open'");
    while (q->executeStep()) {
      Add({q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()});
    }
  });
}

PendingAskers::~PendingAskers() = default;

void PendingAskers::Add(const Asker& asker) { filter_->Add(AskerKey(asker), 0); }

bool PendingAskers::MayHave(const Asker& asker) const {
  return filter_->MaybeContains(AskerKey(asker));
}

}  // namespace beian
