#include "storage/postgres/pg_storage.h"

#include "storage/postgres/pg_database.h"
#include "storage/postgres/pg_message_log.h"
#include "storage/postgres/pg_outbox_store.h"
#include "storage/postgres/pg_processed_store.h"
#include "storage/postgres/pg_rate_buckets.h"
#include "storage/postgres/pg_session_store.h"
#include "storage/postgres/pg_taught_store.h"
#include "storage/postgres/pg_ticket_store.h"
#include "storage/postgres/pg_triage_store.h"
#include "storage/postgres/pg_turn_reader.h"

namespace beian {
namespace {

// Every PostgreSQL store on one database. Thread-safety: as each store's.
class PgStorage final : public Storage {
 public:
  PgStorage(const std::string& url, const StorageOptions& options)
      : db_(url, options.max_connections),
        sessions_(db_),
        processed_(db_),
        log_(db_),
        triage_(db_),
        tickets_(db_),
        taught_(db_),
        outbox_(db_),
        rate_buckets_(db_),
        turn_reader_(db_) {}

  std::string_view backend() const override { return "postgresql"; }
  Transactor& transactor() override { return db_; }
  SessionStore& sessions() override { return sessions_; }
  ProcessedStore& processed() override { return processed_; }
  MessageLog& log() override { return log_; }
  TriageStore& triage() override { return triage_; }
  TicketStore& tickets() override { return tickets_; }
  TaughtStore& taught() override { return taught_; }
  OutboxStore& outbox() override { return outbox_; }
  RateBuckets& rate_buckets() override { return rate_buckets_; }
  TurnReader& turn_reader() override { return turn_reader_; }
  int schema_version() override { return db_.schema_version(); }

 private:
  PgDatabase db_;
  PgSessionStore sessions_;
  PgProcessedStore processed_;
  PgMessageLog log_;
  PgTriageStore triage_;
  PgTicketStore tickets_;
  PgTaughtStore taught_;
  PgOutboxStore outbox_;
  PgRateBuckets rate_buckets_;
  PgTurnReader turn_reader_;
};

}  // namespace

std::unique_ptr<Storage> OpenPgStorage(const std::string& url, const StorageOptions& options) {
  return std::make_unique<PgStorage>(url, options);
}

}  // namespace beian
