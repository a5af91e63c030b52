#include "storage/turn_reader.h"

namespace beian {

TurnReads StoreTurnReader::Read(const TurnQuery& q) {
  TurnReads out;
  const SessionKey& c = q.conversation;
  if (processed_ != nullptr && !q.delivery.empty()) {
    out.replies = processed_->Find(c.platform, q.delivery);
    if (out.replies) return out;
  }
  if (triage_ != nullptr && q.pending)
    out.pending = triage_->MayHavePending({c.platform, c.chat, c.user});
  out.session = sessions_.Load(c);
  return out;
}

}  // namespace beian
