#pragma once

#include "storage/turn_reader.h"

namespace beian {

class PgDatabase;

// TurnReader on PostgreSQL: the message id, the pending flag and the session
// in one statement (one round trip, which inside Locked also carries BEGIN
// and the conversation's lock), reading what PgProcessedStore::Find,
// PgTriageStore::MayHavePending and PgSessionStore::Load read.
// Thread-safety: any thread. Throws StorageError.
class PgTurnReader final : public TurnReader {
 public:
  explicit PgTurnReader(PgDatabase& db) : db_(db) {}
  TurnReads Read(const TurnQuery& query) override;

 private:
  PgDatabase& db_;
};

}  // namespace beian
