// The schema: every migration that has shipped, and how a file is brought
// to the newest version (Database::Migrate, run by the constructor).
#include <SQLiteCpp/SQLiteCpp.h>

#include <array>
#include <string>
#include <string_view>

#include "storage/sqlite/database.h"
#include "storage/storage_error.h"

namespace beian {
namespace {

// Migration N takes the schema from version N to N + 1. Append only: never
// edit a migration that has shipped.
constexpr std::array<std::string_view, 9> kMigrations{
    // 1: walkthrough sessions, one per (platform, chat, user).
    R"sql(
      CREATE TABLE sessions (
        platform   TEXT    NOT NULL,
        chat       TEXT    NOT NULL,
        user       TEXT    NOT NULL,
        state      TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (platform, chat, user)
      ) WITHOUT ROWID;
      CREATE INDEX sessions_updated_at ON sessions(updated_at);
    )sql",
    // 2: messages already answered, so that a platform's retry gets the same
    // replies and never moves a conversation twice.
    R"sql(
      CREATE TABLE processed_messages (
        platform   TEXT    NOT NULL,
        message_id TEXT    NOT NULL,
        replies    TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (platform, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX processed_messages_created_at ON processed_messages(created_at);
    )sql",
    // 3: replies sent later through a platform API (mini program customer
    // service, Feishu), kept until delivered.
    R"sql(
      CREATE TABLE outbox (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        platform   TEXT    NOT NULL,
        payload    TEXT    NOT NULL,
        status     TEXT    NOT NULL DEFAULT 'pending',
        attempts   INTEGER NOT NULL DEFAULT 0,
        next_at    INTEGER NOT NULL,
        last_error TEXT    NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_due ON outbox(status, next_at);
    )sql",
    // 4: what support staff see and teach: every message (text masked), the
    // triage queue with who asked, human-handoff tickets, learned aliases,
    // and a counter that tells running processes to reload the knowledge base.
    R"sql(
      CREATE TABLE messages (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        platform   TEXT    NOT NULL,
        chat       TEXT    NOT NULL,
        user       TEXT    NOT NULL,
        text       TEXT    NOT NULL,
        outcome    TEXT    NOT NULL,
        entry_id   TEXT    NOT NULL DEFAULT '',
        score      REAL    NOT NULL DEFAULT 0
      );
      CREATE INDEX messages_at ON messages(at);
      CREATE TABLE triage_items (
        id         TEXT    PRIMARY KEY,
        group_key  TEXT    NOT NULL UNIQUE,
        text       TEXT    NOT NULL,
        reason     TEXT    NOT NULL,
        status     TEXT    NOT NULL DEFAULT 'open',
        count      INTEGER NOT NULL DEFAULT 0,
        answer     TEXT    NOT NULL DEFAULT '',
        entry_id   TEXT    NOT NULL DEFAULT '',
        staff      TEXT    NOT NULL DEFAULT '',
        first_at   INTEGER NOT NULL,
        last_at    INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE triage_askers (
        item_id    TEXT    NOT NULL,
        platform   TEXT    NOT NULL,
        chat       TEXT    NOT NULL,
        user       TEXT    NOT NULL,
        at         INTEGER NOT NULL,
        notified   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (item_id, platform, chat, user)
      ) WITHOUT ROWID;
      CREATE INDEX triage_askers_user ON triage_askers(platform, chat, user, notified);
      CREATE TABLE tickets (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        platform   TEXT    NOT NULL,
        chat       TEXT    NOT NULL,
        user       TEXT    NOT NULL,
        status     TEXT    NOT NULL DEFAULT 'open',
        opened_at  INTEGER NOT NULL,
        closed_at  INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX tickets_open ON tickets(platform, chat, user, status);
      CREATE TABLE learned_aliases (
        entry_id   TEXT    NOT NULL,
        alias      TEXT    NOT NULL,
        staff      TEXT    NOT NULL,
        at         INTEGER NOT NULL,
        PRIMARY KEY (entry_id, alias)
      ) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('kb_generation', 0);
    )sql",
    // 5: knowledge-base entries staff wrote (faq.*), as knowledge-base JSON.
    R"sql(
      CREATE TABLE learned_entries (
        id         TEXT    PRIMARY KEY,
        entry      TEXT    NOT NULL,
        item_id    TEXT    NOT NULL DEFAULT '',
        staff      TEXT    NOT NULL,
        at         INTEGER NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // 6: sessions and message ids as rowid tables with a unique index on the
    // key. A WITHOUT ROWID table keeps whole rows in its interior pages too,
    // so with a state or replies of hundreds of bytes a page held a handful
    // of rows, the tree was deep, and every lookup and insert read and wrote
    // many pages; the index holds only the short keys. No index on the
    // times any more: expiry runs once at start-up (a scan), and each save
    // moved the session's entry in that index (one more page written).
    R"sql(
      CREATE TABLE sessions_v6 (
        id         INTEGER PRIMARY KEY,
        platform   TEXT    NOT NULL,
        chat       TEXT    NOT NULL,
        user       TEXT    NOT NULL,
        state      TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO sessions_v6 (platform, chat, user, state, created_at, updated_at)
        SELECT platform, chat, user, state, created_at, updated_at FROM sessions;
      DROP TABLE sessions;
      ALTER TABLE sessions_v6 RENAME TO sessions;
      CREATE UNIQUE INDEX sessions_key ON sessions(platform, chat, user);
      CREATE TABLE processed_messages_v6 (
        id         INTEGER PRIMARY KEY,
        platform   TEXT    NOT NULL,
        message_id TEXT    NOT NULL,
        replies    TEXT    NOT NULL,
        created_at INTEGER NOT NULL
      );
      INSERT INTO processed_messages_v6 (platform, message_id, replies, created_at)
        SELECT platform, message_id, replies, created_at FROM processed_messages ORDER BY created_at;
      DROP TABLE processed_messages;
      ALTER TABLE processed_messages_v6 RENAME TO processed_messages;
      CREATE UNIQUE INDEX processed_messages_key ON processed_messages(platform, message_id);
    )sql",
    // 7: the migrations applied, as a table like PostgreSQL's (PRAGMA
    // user_version stays the count that Migrate goes by).
    R"sql(
      CREATE TABLE schema_version (
        version    INTEGER PRIMARY KEY,
        applied_at INTEGER NOT NULL
      );
      INSERT INTO schema_version (version, applied_at)
        VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0);
    )sql",
    // 8: each wording of a question item, with what it means, and the words
    // that find the item (TriageStore::AddPhrasing, OpenByWords); what staff
    // taught in one step (TaughtStore::RecordTeaching), as a JSON array.
    R"sql(
      CREATE TABLE triage_phrasings (
        item_id  TEXT    NOT NULL,
        text     TEXT    NOT NULL,
        meaning  TEXT    NOT NULL,
        count    INTEGER NOT NULL DEFAULT 1,
        first_at INTEGER NOT NULL,
        PRIMARY KEY (item_id, text)
      );
      CREATE TABLE triage_words (
        word    TEXT NOT NULL,
        item_id TEXT NOT NULL,
        PRIMARY KEY (word, item_id)
      ) WITHOUT ROWID;
      CREATE TABLE teachings (
        id        INTEGER PRIMARY KEY,
        item_id   TEXT    NOT NULL,
        entry_id  TEXT    NOT NULL,
        staff     TEXT    NOT NULL,
        at        INTEGER NOT NULL,
        phrasings TEXT    NOT NULL,
        undone    INTEGER NOT NULL DEFAULT 0
      );
    )sql",
    // 9: when an item was last asked in words indexed under a word, so that
    // grouping looks at a word's most recent items only
    // (TriageStore::kLookupPerWord), however common the word.
    R"sql(
      ALTER TABLE triage_words ADD COLUMN at INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX triage_words_recent ON triage_words(word, at);
    )sql",
};

}  // namespace

// The migration that creates the schema_version table (it lists those before it).
constexpr int kVersionTableMigration = 7;

int Database::schema_version() {
  std::lock_guard lock(mutex_);
  try {
    return db_->execAndGet("PRAGMA user_version").getInt();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("schema version: ") + e.what());
  }
}

void Database::Migrate() {
  int version = db_->execAndGet("PRAGMA user_version").getInt();
  if (version > static_cast<int>(kMigrations.size())) {
    throw StorageError("database " + path_.string() + " has schema version " +
                       std::to_string(version) + ", newer than this program (" +
                       std::to_string(kMigrations.size()) + ")");
  }
  for (; version < static_cast<int>(kMigrations.size()); ++version) {
    SQLite::Transaction tx(*db_);
    db_->exec(std::string(kMigrations[static_cast<size_t>(version)]));
    db_->exec("PRAGMA user_version = " + std::to_string(version + 1));
    if (version + 1 >= kVersionTableMigration) {
      db_->exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                std::to_string(version + 1) + ", unixepoch())");
    }
    tx.commit();
  }
}

}  // namespace beian
