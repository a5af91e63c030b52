#pragma once

#include <sys/types.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>

namespace beian::test {

// Thrown when a throw-away PostgreSQL server cannot be started or a database
// cannot be created in it. The message names the step that failed and ends
// with the server's log, so a failing test says why.
class PostgresServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A real, throw-away PostgreSQL cluster for tests: no mock database.
//
// The constructor makes a temporary folder (0700), runs `initdb` in it and
// starts the server with `pg_ctl -w start`, listening only on a Unix socket
// in that folder and on 127.0.0.1 at a free random port. Durability is off
// (fsync, synchronous_commit, full_page_writes) and max_connections is 200,
// room for three `serve` instances with 32 connections each plus the tests.
//
// The programs come from $BEIAN_PG_BINDIR, else `pg_config --bindir`, else
// the newest /usr/lib/postgresql/<version>/bin, else $PATH. Run as root, the
// server runs as the `postgres` system user (the Debian package creates it);
// otherwise as the current user. The superuser is `postgres`: trusted on the
// socket (its folder is 0700) and with a random password over TCP, which
// url() includes.
//
// The server is stopped (`pg_ctl stop -m immediate`) and its folder removed
// by a watchdog process that waits for this object to go away: by the
// destructor, or by the death of the test process however it ends (a crash
// or SIGKILL included), so no postmaster outlives the tests.
//
// Thread-safety: every member may be called from any thread.
class PostgresServer {
 public:
  // Starts the server. Throws PostgresServerError when the programs are
  // missing, no unprivileged user is found, or the server does not start.
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // One server per test process, started on the first call and stopped when
  // the process exits. Throws as the constructor does (and tries again on
  // the next call).
  static PostgresServer& Shared();

  // Creates an empty database with a name unique in this server and returns
  // its url(). Throws PostgresServerError when CREATE DATABASE fails.
  std::string NewDatabase();

  // A libpq connection URL of `database` over TCP, usable by libpqxx and by
  // psql: postgresql://postgres:PASSWORD@127.0.0.1:PORT/DATABASE.
  std::string url(const std::string& database = "postgres") const;

  // The TCP port on 127.0.0.1.
  int port() const { return port_; }

  // The folder holding the server's Unix socket (host=<socket_dir> in a
  // connection string); reachable only by the server's user and root.
  const std::filesystem::path& socket_dir() const { return dir_; }

 private:
  void Start();  // initdb, settings, pg_ctl start
  void Stop();   // closes the watchdog's pipe and waits until it has cleaned up

  std::filesystem::path dir_;  // the socket, data/, log
  std::filesystem::path bin_dir_;
  std::string password_;
  int port_ = 0;
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  pid_t owner_pid_ = 0;     // the process that started the server
  pid_t watchdog_pid_ = 0;  // stops the server when watchdog_fd_ closes
  int watchdog_fd_ = -1;
  std::mutex mutex_;  // guards databases_
  int databases_ = 0;
};

}  // namespace beian::test
