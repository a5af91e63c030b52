#include "storage/postgres/pg_rate_buckets.h"

#include <cmath>
#include <limits>

#include "storage/postgres/pg_database.h"

namespace beian {
namespace {

std::string T(std::string_view s) { return PgDatabase::Text(s); }

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
  static constexpr const char* kPrune = "DELETE FROM rate_buckets WHERE full_at_ms < $1";
  if (burst < 1) return false;  // never holds a whole token
  const std::int64_t now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  // From empty to full takes burst / per_second seconds.
  const double refill_ms = per_second > 0 ? std::ceil(burst / per_second * 1000) : 0;
  const std::int64_t full_at = per_second > 0 && refill_ms < 1e15
                                   ? now_ms + static_cast<std::int64_t>(refill_ms)
                                   : std::numeric_limits<std::int64_t>::max();
  if (takes_.fetch_add(1, std::memory_order_relaxed) % kPruneEvery == kPruneEvery - 1) {
    db_.ExecAlone("prune rate buckets", kPrune, now_ms);
  }
  return !db_.ExecAlone("rate limit", kTake, T(key), per_second, burst, now_ms, full_at).empty();
}

void PgRateBuckets::Refund(const std::string& key, double burst) {
  static constexpr const char* kSql =
      "UPDATE rate_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1";
  db_.ExecAlone("rate refund", kSql, T(key), burst);
}

}  // namespace beian
