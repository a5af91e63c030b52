#pragma once

#include "storage/storage.h"

namespace beian {

// The support side of a Storage, by what each part stores: the message log,
// the triage queue, human handoff tickets and what staff taught, with the
// transactor that commits them together. The stores write one at a time;
// SupportDesk (bot/support) is where staff actions that write to several of
// them commit them together. `storage` must outlive the object.
struct SupportStores {
  explicit SupportStores(Storage& storage)
      : SupportStores(storage.transactor(), storage.log(), storage.triage(), storage.tickets(),
                      storage.taught()) {}
  SupportStores(Transactor& t, MessageLog& l, TriageStore& q, TicketStore& k, TaughtStore& a)
      : tx(t), log(l), triage(q), tickets(k), taught(a) {}

  Transactor& tx;
  MessageLog& log;
  TriageStore& triage;
  TicketStore& tickets;
  TaughtStore& taught;
};

}  // namespace beian
