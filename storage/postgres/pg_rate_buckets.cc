#include "storage/postgres/pg_rate_buckets.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

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

// The upsert that takes one token from each of `rows` buckets: $1 now (ms),
// then per bucket key, per second, burst and when a bucket taken from now is
// full again. A row is updated only when a token is taken (the refill is
// computed from at_ms, so a refusal need not write); rows go in the order
// given, so that two callers lock shared rows in one order. Returns the keys
// that got a token.
std::string TakeSql(int rows) {
  std::string sql = "WITH want(ord, key, per_s, burst, full_at) AS (VALUES ";
  for (int r = 0; r < rows; ++r) {
    const auto p = [&](int i) { return "$" + std::to_string(2 + 4 * r + i); };
    sql += (r > 0 ? ", (" : "(") + std::to_string(r) + ", " + p(0) + "::text, " + p(1) +
           "::float8, " + p(2) + "::float8, " + p(3) + "::bigint)";
  }
  const std::string burst = "(SELECT burst FROM want WHERE want.key = EXCLUDED.key)";
  const std::string refilled = "LEAST(" + burst +
                               ", b.tokens + GREATEST(0, $1::bigint - b.at_ms) * "
                               "(SELECT per_s FROM want WHERE want.key = EXCLUDED.key) / 1000)";
  return sql +
         ") INSERT INTO rate_buckets AS b (key, tokens, at_ms, full_at_ms) "
         "SELECT key, burst - 1, $1::bigint, full_at FROM want ORDER BY ord "
         "ON CONFLICT (key) DO UPDATE SET tokens = " +
         refilled +
         " - 1, at_ms = GREATEST(b.at_ms, $1::bigint), full_at_ms = EXCLUDED.full_at_ms "
         "WHERE " +
         refilled + " >= 1 RETURNING b.key";
}

std::int64_t Millis(std::chrono::system_clock::time_point now) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
}

}  // namespace

bool PgRateBuckets::Take(const std::string& key, double per_second, double burst,
                         std::chrono::system_clock::time_point now) {
  static const std::string kTakeOne = TakeSql(1);
  if (burst < 1) return false;  // never holds a whole token
  const std::int64_t now_ms = Millis(now);
  MaybePrune(now_ms, 1);
  return !db_.ExecAlone("rate limit", kTakeOne.c_str(), now_ms, T(key), per_second, burst,
                        FullAt(now_ms, per_second, burst))
              .empty();
}

std::vector<bool> PgRateBuckets::TakeEach(const std::vector<Want>& wants,
                                          std::chrono::system_clock::time_point now) {
  static const std::string kTakeTwo = TakeSql(2);
  const bool whole =
      std::all_of(wants.begin(), wants.end(), [](const Want& w) { return w.burst >= 1; });
  if (wants.size() != 2 || wants[0].key == wants[1].key || !whole) {
    return RateBuckets::TakeEach(wants, now);
  }
  const std::int64_t now_ms = Millis(now);
  MaybePrune(now_ms, 2);
  const Want &a = wants[0], &b = wants[1];
  const pqxx::result r =
      db_.ExecAlone("rate limit", kTakeTwo.c_str(), now_ms, T(a.key), a.per_second, a.burst,
                    FullAt(now_ms, a.per_second, a.burst), T(b.key), b.per_second, b.burst,
                    FullAt(now_ms, b.per_second, b.burst));
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
