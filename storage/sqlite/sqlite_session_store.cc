#include "storage/sqlite/sqlite_session_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <list>
#include <mutex>
#include <unordered_map>

#include "storage/sqlite/database.h"
#include "storage/storage_error.h"

namespace beian {

// Sharded LRU of records by key ("no session" included). A shard's version
// counts its commits, so that a record read from the file while a commit for
// that key landed is not cached over the newer one.
class SqliteSessionStore::Cache {
 public:
  explicit Cache(std::size_t bytes) : shard_bytes_(std::max<std::size_t>(bytes / kShards, 1)) {}

  static std::string Id(const SessionKey& key) {
    return key.platform + '\x1f' + key.chat + '\x1f' + key.user;
  }

  // True with the cached value in `out` (nullopt = no session); the shard's
  // version in `version` either way.
  bool Find(const std::string& id, std::optional<SessionRecord>& out, std::uint64_t& version) {
    Shard& s = ShardOf(id);
    std::lock_guard lock(s.mutex);
    version = s.version;
    const auto it = s.map.find(id);
    if (it == s.map.end()) return false;
    s.lru.splice(s.lru.begin(), s.lru, it->second.position);
    out = it->second.record;
    return true;
  }

  // Whether `id` is cached, and if so its session's created_at (nullopt:
  // cached as "no session"). Copies nothing else: a save needs only that.
  bool CreatedAt(const std::string& id, std::optional<std::int64_t>& created) {
    Shard& s = ShardOf(id);
    std::lock_guard lock(s.mutex);
    const auto it = s.map.find(id);
    if (it == s.map.end()) return false;
    created = it->second.record ? std::optional(it->second.record->created_at) : std::nullopt;
    return true;
  }

  // After a read from the file: kept unless a commit landed since `version`.
  void Fill(const std::string& id, const std::optional<SessionRecord>& record,
            std::uint64_t version) {
    Shard& s = ShardOf(id);
    std::lock_guard lock(s.mutex);
    if (s.version == version) Put(s, id, std::optional<SessionRecord>(record));
  }

  // After a commit.
  void Committed(const std::string& id, std::optional<SessionRecord> record) {
    Shard& s = ShardOf(id);
    std::lock_guard lock(s.mutex);
    ++s.version;
    Put(s, id, std::move(record));
  }

  void Forget(const std::string& id) {
    Shard& s = ShardOf(id);
    std::lock_guard lock(s.mutex);
    ++s.version;
    if (const auto it = s.map.find(id); it != s.map.end()) {
      s.bytes -= it->second.bytes;
      s.lru.erase(it->second.position);
      s.map.erase(it);
    }
  }

  void Clear() {
    for (Shard& s : shards_) {
      std::lock_guard lock(s.mutex);
      ++s.version;
      s.map.clear();
      s.lru.clear();
      s.bytes = 0;
    }
  }

 private:
  static constexpr std::size_t kShards = 16;
  struct Node {
    std::optional<SessionRecord> record;
    std::list<std::string>::iterator position;
    std::size_t bytes;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Node> map;
    std::list<std::string> lru;  // most recently used first
    std::size_t bytes = 0;
    std::uint64_t version = 0;
  };

  Shard& ShardOf(const std::string& id) { return shards_[std::hash<std::string>{}(id) % kShards]; }

  void Put(Shard& s, const std::string& id, std::optional<SessionRecord>&& record) {
    const std::size_t state = record ? record->state.size() : 0;
    const std::size_t bytes =
        2 * id.size() + state + (record && record->parsed ? 3 * state : 0) + 96;
    auto [it, fresh] = s.map.try_emplace(id);
    if (fresh) {
      s.lru.push_front(id);
      it->second.position = s.lru.begin();
    } else {
      s.lru.splice(s.lru.begin(), s.lru, it->second.position);
      s.bytes -= it->second.bytes;
    }
    it->second.record = std::move(record);
    it->second.bytes = bytes;
    s.bytes += bytes;
    while (s.bytes > shard_bytes_ && s.lru.size() > 1) {
      const auto victim = s.map.find(s.lru.back());
      s.bytes -= victim->second.bytes;
      s.map.erase(victim);
      s.lru.pop_back();
    }
  }

  std::size_t shard_bytes_;
  std::array<Shard, kShards> shards_;
};

SqliteSessionStore::SqliteSessionStore(Database& db, std::size_t cache_bytes)
    : db_(db), cache_(cache_bytes > 0 ? std::make_unique<Cache>(cache_bytes) : nullptr) {}

SqliteSessionStore::~SqliteSessionStore() = default;

std::optional<SessionRecord> SqliteSessionStore::Load(const SessionKey& key) {
  if (!cache_) return LoadFromFile(key);
  const std::string id = Cache::Id(key);
  std::optional<SessionRecord> record;
  std::uint64_t version = 0;
  if (cache_->Find(id, record, version)) return record;
  record = LoadFromFile(key);
  cache_->Fill(id, record, version);
  return record;
}

std::optional<SessionRecord> SqliteSessionStore::LoadFromFile(const SessionKey& key) {
  try {
    auto reader = db_.Read();
    auto q = reader.Prepared(
        "SELECT state, created_at, updated_at FROM sessions "
        "WHERE platform = ? AND chat = ? AND user = ?");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    if (!q->executeStep()) return std::nullopt;
    return SessionRecord{q->getColumn(0).getString(), q->getColumn(1).getInt64(),
                         q->getColumn(2).getInt64(), nullptr};
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("load session: ") + e.what());
  }
}

void SqliteSessionStore::Save(const SessionKey& key, const std::string& state, std::int64_t now,
                              std::shared_ptr<const SessionPayload> parsed) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared(
        "INSERT INTO sessions (platform, chat, user, state, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (platform, chat, user) DO UPDATE SET state = excluded.state, "
        "updated_at = excluded.updated_at");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    q->bindNoCopy(4, state);  // outlives the exec; rebound on every use
    q->bind(5, static_cast<int64_t>(now));
    q->bind(6, static_cast<int64_t>(now));
    q->exec();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("save session: ") + e.what());
  }
  if (cache_) {
    std::string id = Cache::Id(key);
    std::optional<std::int64_t> created;
    if (!cache_->CreatedAt(id, created)) {
      // created_at is the first save's, unknown here: the next Load reads the file.
      db_.AfterCommit([this, id = std::move(id)] { cache_->Forget(id); });
      return;
    }
    // The one copy of the state the cache keeps, moved from here on.
    db_.AfterCommit(
        [this, id = std::move(id),
         record = SessionRecord{state, created.value_or(now), now, std::move(parsed)}]() mutable {
          cache_->Committed(id, std::move(record));
        });
  }
}

bool SqliteSessionStore::Delete(const SessionKey& key) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("DELETE FROM sessions WHERE platform = ? AND chat = ? AND user = ?");
    q->bind(1, key.platform);
    q->bind(2, key.chat);
    q->bind(3, key.user);
    const bool deleted = q->exec() > 0;
    if (cache_)
      db_.AfterCommit([this, id = Cache::Id(key)] { cache_->Committed(id, std::nullopt); });
    return deleted;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("delete session: ") + e.what());
  }
}

std::int64_t SqliteSessionStore::ExpireIdle(std::int64_t now, std::int64_t max_idle_seconds) {
  std::lock_guard lock(db_.mutex());
  try {
    auto q = db_.Prepared("DELETE FROM sessions WHERE updated_at < ?");
    q->bind(1, static_cast<int64_t>(now - max_idle_seconds));
    const std::int64_t deleted = q->exec();
    if (cache_ && deleted > 0) db_.AfterCommit([this] { cache_->Clear(); });
    return deleted;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("expire sessions: ") + e.what());
  }
}

}  // namespace beian
