#pragma once

#include <string_view>
#include <vector>

namespace beian {

// The PostgreSQL schema's migrations: migration N takes it from version N to
// N + 1 (PgDatabase records each in schema_version). Append only: never edit
// one that has shipped. The tables mirror the SQLite schema's (schema.cc)
// at its newest version (integers as BIGINT), plus `rate_buckets`, which
// several instances share; `user` is a reserved word here, so the column is
// user_id.
const std::vector<std::string_view>& PgMigrations();

}  // namespace beian
