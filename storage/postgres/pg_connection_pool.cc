#include "storage/postgres/pg_connection_pool.h"

#include <poll.h>

#include <algorithm>
#include <cstdint>

#include "storage/storage_error.h"

namespace beian {
namespace {

// Whether the server closed this idle connection: it then sent an error and
// closed the socket, which is readable; an idle connection that is fine has
// nothing to read. Checked without a round trip to the server.
bool Closed(pqxx::connection& c) {
  if (!c.is_open()) return true;
  pollfd fd{c.sock(), POLLIN, 0};
  return fd.fd < 0 || ::poll(&fd, 1, 0) != 0;
}

}  // namespace

void ThrowPgError(const char* what, const std::exception& e) {
  std::string message = e.what();
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw StorageError(std::string("postgresql: ") + what + ": " + message);
}

PgConnection::PgConnection(const std::string& url) : connection(url) {
  pqxx::nontransaction(connection).exec(kSessionLimits);
}

std::string PgConnection::NameFor(const char* sql) {
  std::string name = "s" + std::to_string(reinterpret_cast<std::uintptr_t>(sql));
  if (prepared.insert(sql).second) connection.prepare(name, sql);
  return name;
}

PgConnectionPool::PgConnectionPool(std::string url, std::size_t max, std::chrono::milliseconds wait)
    : url_(std::move(url)), max_(std::max<std::size_t>(max, 1)), wait_(wait) {}

std::unique_ptr<PgConnection> PgConnectionPool::Take() {
  std::unique_lock lock(mutex_);
  const bool free = freed_.wait_for(lock, wait_, [&] { return !idle_.empty() || open_ < max_; });
  if (!free) {
    throw StorageError("postgresql: all " + std::to_string(max_) + " connections stayed busy for " +
                       std::to_string(wait_.count()) + " ms");
  }
  while (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    if (!Closed(c->connection)) return c;
    --open_;  // the server closed it: a new one instead
  }
  ++open_;
  lock.unlock();
  try {
    return std::make_unique<PgConnection>(url_);
  } catch (const std::exception& e) {
    std::lock_guard again(mutex_);
    --open_;
    freed_.notify_one();
    ThrowPgError("connect", e);
  }
}

void PgConnectionPool::GiveBack(std::unique_ptr<PgConnection> c) {
  if (!c) return;
  std::lock_guard lock(mutex_);
  if (!c->broken && c->connection.is_open()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
  }
  freed_.notify_one();
}

}  // namespace beian
