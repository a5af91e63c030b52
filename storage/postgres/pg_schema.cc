#include "storage/postgres/pg_schema.h"

namespace beian {

namespace {

const std::vector<std::string_view> kMigrations{
    // 1: everything SQLite's schema holds at its version 7, and the rate
    // buckets that several instances share. The outbox's next_at is also
    // the lease of a claimed item (OutboxStore::Claim).
    R"sql(
        CREATE TABLE sessions (
          platform   TEXT   NOT NULL,
          chat       TEXT   NOT NULL,
          user_id    TEXT   NOT NULL,
          state      TEXT   NOT NULL,
          created_at BIGINT NOT NULL,
          updated_at BIGINT NOT NULL,
          PRIMARY KEY (platform, chat, user_id)
        );
        CREATE TABLE processed_messages (
          platform   TEXT   NOT NULL,
          message_id TEXT   NOT NULL,
          replies    TEXT   NOT NULL,
          created_at BIGINT NOT NULL,
          PRIMARY KEY (platform, message_id)
        );
        CREATE INDEX processed_messages_created_at ON processed_messages (created_at);
        CREATE TABLE outbox (
          id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          platform   TEXT    NOT NULL,
          payload    TEXT    NOT NULL,
          status     TEXT    NOT NULL DEFAULT 'pending',
          attempts   BIGINT  NOT NULL DEFAULT 0,
          next_at    BIGINT  NOT NULL,
          last_error TEXT    NOT NULL DEFAULT '',
          created_at BIGINT  NOT NULL
        );
        CREATE INDEX outbox_due ON outbox (status, next_at);
        CREATE TABLE messages (
          id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          at         BIGINT NOT NULL,
          platform   TEXT   NOT NULL,
          chat       TEXT   NOT NULL,
          user_id    TEXT   NOT NULL,
          text       TEXT   NOT NULL,
          outcome    TEXT   NOT NULL,
          entry_id   TEXT   NOT NULL DEFAULT '',
          score      DOUBLE PRECISION NOT NULL DEFAULT 0
        );
        CREATE INDEX messages_at ON messages (at);
        CREATE INDEX messages_user ON messages (platform, chat, user_id, id);
        CREATE TABLE triage_items (
          id         TEXT    PRIMARY KEY,
          group_key  TEXT    NOT NULL UNIQUE,
          text       TEXT    NOT NULL,
          reason     TEXT    NOT NULL,
          status     TEXT    NOT NULL DEFAULT 'open',
          count      BIGINT  NOT NULL DEFAULT 0,
          answer     TEXT    NOT NULL DEFAULT '',
          entry_id   TEXT    NOT NULL DEFAULT '',
          staff      TEXT    NOT NULL DEFAULT '',
          first_at   BIGINT  NOT NULL,
          last_at    BIGINT  NOT NULL
        );
        CREATE TABLE triage_askers (
          item_id    TEXT    NOT NULL,
          platform   TEXT    NOT NULL,
          chat       TEXT    NOT NULL,
          user_id    TEXT    NOT NULL,
          at         BIGINT  NOT NULL,
          notified   BIGINT  NOT NULL DEFAULT 0,
          PRIMARY KEY (item_id, platform, chat, user_id)
        );
        CREATE INDEX triage_askers_user ON triage_askers (platform, chat, user_id, notified);
        CREATE TABLE tickets (
          id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          platform   TEXT   NOT NULL,
          chat       TEXT   NOT NULL,
          user_id    TEXT   NOT NULL,
          status     TEXT   NOT NULL DEFAULT 'open',
          opened_at  BIGINT NOT NULL,
          closed_at  BIGINT NOT NULL DEFAULT 0
        );
        CREATE INDEX tickets_open ON tickets (platform, chat, user_id, status);
        CREATE TABLE learned_aliases (
          entry_id   TEXT   NOT NULL,
          alias      TEXT   NOT NULL,
          staff      TEXT   NOT NULL,
          at         BIGINT NOT NULL,
          PRIMARY KEY (entry_id, alias)
        );
        CREATE TABLE learned_entries (
          id         TEXT   PRIMARY KEY,
          entry      TEXT   NOT NULL,
          item_id    TEXT   NOT NULL DEFAULT '',
          staff      TEXT   NOT NULL,
          at         BIGINT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
        INSERT INTO meta (key, value) VALUES ('kb_generation', 0);
        -- Token buckets (PgRateBuckets): tokens left at at_ms; from full_at_ms
        -- on the bucket is full again, as good as no row, and may be deleted.
        CREATE TABLE rate_buckets (
          key        TEXT   PRIMARY KEY,
          tokens     DOUBLE PRECISION NOT NULL,
          at_ms      BIGINT NOT NULL,
          full_at_ms BIGINT NOT NULL
        );
      )sql",
    // 2: each wording of a question item, with what it means, and the words
    // that find the item (TriageStore::AddPhrasing, OpenByWords); what staff
    // taught in one step (TaughtStore::RecordTeaching), as a JSON array.
    R"sql(
        CREATE TABLE triage_phrasings (
          item_id  TEXT   NOT NULL,
          text     TEXT   NOT NULL,
          meaning  TEXT   NOT NULL,
          count    BIGINT NOT NULL DEFAULT 1,
          first_at BIGINT NOT NULL,
          PRIMARY KEY (item_id, text)
        );
        CREATE TABLE triage_words (
          word    TEXT NOT NULL,
          item_id TEXT NOT NULL,
          PRIMARY KEY (word, item_id)
        );
        CREATE TABLE teachings (
          id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
          item_id   TEXT   NOT NULL,
          entry_id  TEXT   NOT NULL,
          staff     TEXT   NOT NULL,
          at        BIGINT NOT NULL,
          phrasings TEXT   NOT NULL,
          undone    BIGINT NOT NULL DEFAULT 0
        );
      )sql",
    // 3: when an item was last asked in words indexed under a word, so that
    // grouping looks at a word's most recent items only
    // (TriageStore::kLookupPerWord), however common the word.
    R"sql(
        ALTER TABLE triage_words ADD COLUMN at BIGINT NOT NULL DEFAULT 0;
        CREATE INDEX triage_words_recent ON triage_words(word, at DESC);
      )sql",
};

}  // namespace

const std::vector<std::string_view>& PgMigrations() { return kMigrations; }

}  // namespace beian
