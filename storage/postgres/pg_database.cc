#include "storage/postgres/pg_database.h"

#include <algorithm>
#include <array>
#include <optional>

#include "storage/postgres/pg_schema.h"
#include "storage/stable_hash.h"

namespace beian {

// A transaction open on this thread.
struct PgDatabase::Scope {
  const PgDatabase* db = nullptr;
  PgConnection* connection = nullptr;
  pqxx::transaction_base* tx = nullptr;
  bool failed = false;  // a statement failed: the server has aborted the transaction
  std::vector<std::function<void()>> after_commit;
  std::string batch;       // statements not sent yet, ";"-separated (BEGIN first)
  std::string batch_what;  // what they do, for an error message
  bool begun = false;      // BEGIN has been sent
};

namespace {

// The advisory lock of a key.
std::int64_t LockId(std::string_view key) { return static_cast<std::int64_t>(StableHash(key)); }

// Of a pool of `max` connections, those kept for statements that never
// join a transaction: a thread in a transaction needs one of them, and the
// threads in transactions could otherwise hold every connection while each
// waits for another.
std::size_t AloneConnections(std::size_t max) { return std::max<std::size_t>(1, max / 4); }
std::size_t OtherConnections(std::size_t max) {
  return std::max<std::size_t>(1, max - std::min(max, AloneConnections(max)));
}

}  // namespace

thread_local std::vector<PgDatabase::Scope*> PgDatabase::scopes_;

// Pushes a scope on this thread's list for as long as it lives.
class PgDatabase::ScopeGuard {
 public:
  explicit ScopeGuard(Scope* scope) { scopes_.push_back(scope); }
  ~ScopeGuard() { scopes_.pop_back(); }
  ScopeGuard(const ScopeGuard&) = delete;
  ScopeGuard& operator=(const ScopeGuard&) = delete;
};

PgDatabase::PgDatabase(std::string url, std::size_t max_connections, std::chrono::milliseconds wait)
    : pool_(url, OtherConnections(max_connections), wait),
      alone_pool_(std::move(url), AloneConnections(max_connections), wait) {
  Migrate();
}

PgDatabase::~PgDatabase() = default;

PgDatabase::Scope* PgDatabase::Current() {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    if ((*it)->db == this) return *it;
  }
  return nullptr;
}

void PgDatabase::Transaction(const std::function<void()>& work) {
  if (Current() != nullptr) {
    work();
    return;
  }
  // Given back before the after-commit actions run: they may use the pool.
  std::optional<PgConnectionPool::Lease> lease(std::in_place, pool_);
  Scope scope{this, &**lease, nullptr, false, {}, "BEGIN", "begin", false};
  {
    const ScopeGuard guard(&scope);
    // BEGIN and COMMIT are this class's own statements, sent in the batches.
    pqxx::nontransaction tx(scope.connection->connection);
    scope.tx = &tx;
    try {
      work();
      if (scope.failed) throw StorageError("postgresql: transaction rolled back after an error");
      Commit(scope);
    } catch (...) {
      Rollback(scope);
      throw;
    }
  }
  lease.reset();
  for (auto& action : scope.after_commit) {
    try {
      action();
    } catch (...) {
      // See AfterCommit: an action leaves its copy safe before it can throw.
    }
  }
}

void PgDatabase::Commit(Scope& scope) {
  if (!scope.begun && scope.batch == "BEGIN") return;  // nothing was sent: nothing to commit
  Defer(scope, "commit", "COMMIT");
  Flush(scope);
  scope.tx->commit();  // nontransaction: only closes the libpqxx object
}

void PgDatabase::Rollback(Scope& scope) {
  scope.batch.clear();
  scope.batch_what.clear();
  if (!scope.begun || scope.connection->broken) return;
  try {
    scope.tx->exec("ROLLBACK");
  } catch (const std::exception&) {
    scope.connection->broken = true;
  }
}

void PgDatabase::Locked(std::string_view key, const std::function<void()>& work) {
  const std::int64_t id = LockId(key);
  Transaction([&] {
    Defer(*Current(), "lock", "SELECT pg_advisory_xact_lock(" + std::to_string(id) + ")");
    work();
  });
}

void PgDatabase::AfterCommit(std::function<void()> action) {
  if (Scope* scope = Current()) {
    scope->after_commit.push_back(std::move(action));
  } else {
    action();
  }
}

void PgDatabase::Defer(Scope& scope, const char* what, std::string statement) {
  if (!scope.batch.empty()) {
    scope.batch += ";\n";
    scope.batch_what += ", ";
  }
  scope.batch += statement;
  scope.batch_what += what;
}

std::string PgDatabase::QuoteText(Scope& scope, const std::string& text) {
  return scope.tx->quote(text);
}

std::string PgDatabase::Render(std::string_view sql, const std::vector<std::string>& literals) {
  std::string out;
  out.reserve(sql.size() + 64);
  for (std::size_t i = 0; i < sql.size(); ++i) {
    std::size_t end = i + 1;
    while (sql[i] == '$' && end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    if (end == i + 1) {
      out += sql[i];
      continue;
    }
    const auto n =
        static_cast<std::size_t>(std::stoul(std::string(sql.substr(i + 1, end - i - 1))));
    if (n == 0 || n > literals.size())
      throw StorageError("postgresql: no value for $" + std::to_string(n));
    out += literals[n - 1];
    i = end - 1;
  }
  return out;
}

bool PgDatabase::Waiting(const Scope& scope) { return !scope.batch.empty(); }

pqxx::result PgDatabase::FlushWith(Scope& scope, const char* what, const char* sql,
                                   const std::vector<std::string>& literals) {
  std::string execute;
  try {
    const std::string name = scope.connection->NameFor(sql);
    scope.connection->connection.prepare_now(name);  // once per connection (libpqxx waits)
    execute = "EXECUTE " + name;
  } catch (const std::exception& e) {
    scope.failed = true;
    ThrowPgError(what, e);
  }
  for (std::size_t i = 0; i < literals.size(); ++i) execute += (i == 0 ? "(" : ", ") + literals[i];
  if (!literals.empty()) execute += ')';
  Defer(scope, what, std::move(execute));
  return SendBatch(scope);
}

void PgDatabase::Flush(Scope& scope) {
  if (!scope.batch.empty()) SendBatch(scope);
}

pqxx::result PgDatabase::SendBatch(Scope& scope) {
  const std::string batch = std::move(scope.batch), what = std::move(scope.batch_what);
  scope.batch.clear();
  scope.batch_what.clear();
  scope.begun = true;
  try {
    return scope.tx->exec(batch);  // the last statement's result
  } catch (const pqxx::broken_connection& e) {
    scope.failed = true;
    scope.connection->broken = true;  // in doubt when the batch held the COMMIT
    ThrowPgError(what.c_str(), e);
  } catch (const std::exception& e) {
    scope.failed = true;
    ThrowPgError(what.c_str(), e);
  }
}

void PgDatabase::RunIn(Scope& scope, const char* what, const Statement& fn, const char* sql) {
  try {
    Flush(scope);
    fn(*scope.tx, sql != nullptr ? scope.connection->NameFor(sql) : std::string());
  } catch (const pqxx::broken_connection& e) {
    scope.failed = true;
    scope.connection->broken = true;
    ThrowPgError(what, e);
  } catch (const std::exception& e) {
    scope.failed = true;
    ThrowPgError(what, e);
  }
}

void PgDatabase::Run(const char* what, Join join, const Statement& fn, const char* sql) {
  if (join == Join::kYes) {
    if (Scope* scope = Current()) {
      RunIn(*scope, what, fn, sql);
      return;
    }
  }
  // One statement in autocommit mode, on a connection of its own.
  PgConnectionPool::Lease lease(join == Join::kYes ? pool_ : alone_pool_);
  Scope scope{this, &*lease, nullptr, false, {}, "", "", true};
  try {
    pqxx::nontransaction tx(scope.connection->connection);
    scope.tx = &tx;
    RunIn(scope, what, fn, sql);
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    scope.connection->broken = true;
    ThrowPgError(what, e);
  }
}

int PgDatabase::schema_version() {
  static constexpr const char* kVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
  return Exec("schema version", kVersion)[0][0].as<int>();
}

void PgDatabase::Migrate() {
  // One process at a time: the lock is held until this transaction ends.
  // Unbounded, unlike the turns: a migration (an index on a large table)
  // and the wait for another instance's may take longer than a turn may.
  static constexpr const char* kUnbounded =
      "SELECT set_config('statement_timeout', '0', true), set_config('lock_timeout', '0', true)";
  static constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7231001)";
  static constexpr const char* kTable =
      "CREATE TABLE IF NOT EXISTS schema_version ("
      "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)";
  static constexpr const char* kApplied =
      "INSERT INTO schema_version (version, applied_at) "
      "VALUES ($1, EXTRACT(EPOCH FROM now())::BIGINT)";
  const auto& migrations = PgMigrations();
  const auto count = static_cast<int>(migrations.size());
  Transaction([&] {
    Exec("migrate", kUnbounded);
    Exec("migrate", kLock);
    Run(
        "migrate", Join::kYes,
        [&](pqxx::transaction_base& tx, const std::string&) { tx.exec(kTable); }, nullptr);
    const int version = schema_version();
    if (version > count) {
      throw StorageError("postgresql: schema version " + std::to_string(version) +
                         " is newer than this program's (" + std::to_string(count) + ")");
    }
    for (int v = version; v < count; ++v) {
      const std::string sql(migrations[static_cast<std::size_t>(v)]);
      Run(
          "migrate", Join::kYes,
          [&](pqxx::transaction_base& tx, const std::string&) { tx.exec(sql); }, nullptr);
      Exec("migrate", kApplied, v + 1);
    }
  });
}

std::string PgDatabase::Text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80           ? 1
                          : (b >> 5) == 0x6  ? 2
                          : (b >> 4) == 0xE  ? 3
                          : (b >> 3) == 0x1E ? 4
                                             : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    }
    if (ok && n > 1) {
      // No overlong forms, surrogates or code points past U+10FFFF.
      std::uint32_t cp = b & (0xFFu >> (n + 1));
      for (std::size_t k = 1; k < n; ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
      }
      static constexpr std::array<std::uint32_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[n] && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (!(n == 1 && b == 0)) out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace beian
