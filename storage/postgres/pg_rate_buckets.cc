#include "storage/postgres/pg_rate_buckets.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

// When a bucket taken from at `now_ms` is full again: from empty to full
// takes burst / per_second seconds.
std::int64_t FullAt(std::int64_t now_ms, double per_second, double burst) {
  const double refill_ms = per_second > 0 ? std::ceil(burst / per_second * 1000) : 0;
  return per_second > 0 && refill_ms < 1e15 ? now_ms + static_cast<std::int64_t>(refill_ms)
                                            : std::numeric_limits<std::int64_t>::max();
}

}  // namespace

bool PgRateBuckets::Take(const std::string& key, double per_second, double burst,
                         std::chrono::system_clock::time_point now) {
  // $1 key, $2 per second, $3 burst, $4 now (ms), $5 when a bucket taken
  // from now is full again. The row is updated only when a token is taken:
  // the refill is computed from at_ms, so a refusal need not write.
  static constexpr const char* kTake =
      "INSERT INTO rate_buckets AS b (key, tokens, at_ms, full_at_ms) "
      "VALUES ($1, $3::float8 - 1, $4::bigint, $5::bigint) "
      "ON CONFLICT (key) DO UPDATE SET "
      "tokens = LEAST($3::float8, b.tokens + GREATEST(0, $4::bigint - b.at_ms) * $2::float8 "
      "/ 1000) - 1, "
      "at_ms = GREATEST(b.at_ms, $4::bigint), full_at_ms = $5::bigint "
      "WHERE LEAST($3::float8, b.tokens + GREATEST(0, $4::bigint - b.at_ms) * $2::float8 "
      "/ 1000) >= 1 "
      "RETURNING 1";
  if (burst < 1) return false;  // never holds a whole token
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::int64_t full_at = FullAt(now_ms, per_second, burst);
  MaybePrune(now_ms, 1);
  return !db_.ExecAlone("rate limit", kTake, T(key), per_second, burst, now_ms, full_at).empty();
}

std::vector<bool> PgRateBuckets::TakeEach(const std::vector<Want>& wants,
                                          std::chrono::system_clock::time_point now) {
  // As kTake for two buckets: $1–$4 and $5–$8 key, per second, burst, full
  // at; $9 now (ms). Returns the keys that got a token.
  static constexpr const char* kTakeTwo =
      "WITH want(ord, key, per_s, burst, full_at) AS ("
      "VALUES (1, $1::text, $2::float8, $3::float8, $4::bigint), "
      "(2, $5::text, $6::float8, $7::float8, $8::bigint)) "
      "INSERT INTO rate_buckets AS b (key, tokens, at_ms, full_at_ms) "
      "SELECT key, burst - 1, $9::bigint, full_at FROM want ORDER BY ord "
      "ON CONFLICT (key) DO UPDATE SET "
      "tokens = LEAST((SELECT burst FROM want WHERE want.key = EXCLUDED.key), b.tokens + "
      "GREATEST(0, $9::bigint - b.at_ms) * (SELECT per_s FROM want WHERE want.key = EXCLUDED.key) "
      "/ 1000) - 1, "
      "at_ms = GREATEST(b.at_ms, $9::bigint), full_at_ms = EXCLUDED.full_at_ms "
      "WHERE LEAST((SELECT burst FROM want WHERE want.key = EXCLUDED.key), b.tokens + "
      "GREATEST(0, $9::bigint - b.at_ms) * (SELECT per_s FROM want WHERE want.key = EXCLUDED.key) "
      "/ 1000) >= 1 "
      "RETURNING b.key";
  const bool whole =
      std::all_of(wants.begin(), wants.end(), [](const Want& w) { return w.burst >= 1; });
  if (wants.size() != 2 || wants[0].key == wants[1].key || !whole) {
    return RateBuckets::TakeEach(wants, now);
  }
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  MaybePrune(now_ms, 2);
  const Want &a = wants[0], &b = wants[1];
  const pqxx::result r =
      db_.ExecAlone("rate limit", kTakeTwo, T(a.key), a.per_second, a.burst,
                    FullAt(now_ms, a.per_second, a.burst), T(b.key), b.per_second, b.burst,
                    FullAt(now_ms, b.per_second, b.burst), now_ms);
  std::vector<bool> out(2, false);
  for (const auto& row : r) {
    const std::string key = row[0].as<std::string>();
    out[0] = out[0] || key == T(a.key);
    out[1] = out[1] || key == T(b.key);
  }
  return out;
}

void PgRateBuckets::MaybePrune(std::int64_t now_ms, std::uint64_t takes) {
  static constexpr const char* kPrune = "DELETE FROM rate_buckets WHERE full_at_ms < $1";
  const std::uint64_t before = takes_.fetch_add(takes, std::memory_order_relaxed);
  if (before / kPruneEvery != (before + takes) / kPruneEvery) {
    db_.ExecAlone("prune rate buckets", kPrune, now_ms);
  }
}

void PgRateBuckets::Refund(const std::string& key, double burst) {
  static constexpr const char* kSql =
      "UPDATE rate_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1";
  db_.ExecAlone("rate refund", kSql, T(key), burst);
}

}  // namespace beian
