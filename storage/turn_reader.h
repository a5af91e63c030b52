#pragma once

#include <optional>
#include <string>

#include "storage/processed_store.h"
#include "storage/session_store.h"
#include "storage/triage_store.h"

namespace beian {

// What a turn asks the stores before it answers.
struct TurnQuery {
  SessionKey conversation;  // its platform is also the message id's
  std::string delivery;     // the message id to look up; empty: none
  bool pending = false;     // whether to ask about staff answers and tickets
};

// What they answer, as the stores would one by one.
struct TurnReads {
  std::optional<std::string> replies;    // ProcessedStore::Find(platform, delivery)
  bool pending = false;                  // TriageStore::MayHavePending (false when not asked)
  std::optional<SessionRecord> session;  // SessionStore::Load(conversation)
};

// The reads that open every turn, asked together: in one round trip on
// PostgreSQL, where each round trip is the turn's main cost; one store at a
// time elsewhere (StoreTurnReader). When `replies` is found (a retry) the
// other two may be left unread. Inside a Transaction the reads are made in
// it. Thread-safety: any thread. Throws StorageError.
class TurnReader {
 public:
  virtual ~TurnReader() = default;
  virtual TurnReads Read(const TurnQuery& query) = 0;
};

// A TurnReader asking each store in turn: ProcessedStore::Find first and,
// unless it finds a retry, TriageStore::MayHavePending and SessionStore::Load.
// A null store is not asked. The stores must outlive the reader.
class StoreTurnReader final : public TurnReader {
 public:
  StoreTurnReader(SessionStore& sessions, ProcessedStore* processed, TriageStore* triage)
      : sessions_(sessions), processed_(processed), triage_(triage) {}
  TurnReads Read(const TurnQuery& query) override;

 private:
  SessionStore& sessions_;
  ProcessedStore* processed_;
  TriageStore* triage_;
};

}  // namespace beian
