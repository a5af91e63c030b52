#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "bot/server/address_set.h"
#include "bot/server/connection_guard.h"
#include "bot/server/limited_stream.h"

namespace beian {

struct GuardOptions {
  StreamLimits stream;
  std::size_t max_connections = 256;             // open at once, all addresses
  std::size_t max_connections_per_address = 32;  // trusted proxies exempt
  std::size_t threads = 256;                     // at most; see ElasticThreadPool
  std::size_t kept_threads = 8;
  std::chrono::milliseconds keep_alive_timeout{2'000};  // idle wait for a connection's next request
  std::size_t keep_alive_max_count = 100;               // requests per connection
  AddressSet trusted_proxies;  // may set X-Forwarded-For; exempt from the per-address cap
};

// The connection being served on this thread, for the routes.
struct ConnectionContext {
  LimitedStream* stream = nullptr;
  std::string peer;          // the TCP peer
  std::string client;        // the peer, or the client a trusted proxy forwarded for
  bool close_after = false;  // close once this response is written (unread body …)
};

// cpp-httplib's server with its own accept loop, so that every limit is
// applied before a request is parsed, whatever the library version does:
//   - connections over the total or per-address cap are answered with a
//     canned 503 and closed at once, never queued;
//   - each connection is read through a LimitedStream (header bytes, body
//     bytes on the wire, a deadline for the whole request); a request line
//     that runs into a limit is answered here (431 / 408), later limits by
//     the server's error handler (LimitedStream::exceeded tells which);
//   - an accept error never stops the server (httplib's loop gives up on
//     ENFILE / ENOBUFS and on network errors passed up by accept).
// Routes, handlers and the error handler are httplib's as usual; during a
// request, Current() describes its connection.
// Thread-safety: Listen runs on one thread; Stop may be called from any
// thread (a signal handler included).
class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(GuardOptions options);

  // Serves the socket bound by bind_to_port / bind_to_any_port until Stop().
  // Returns false when nothing was bound.
  bool Listen();
  void Stop();

  // Called for every connection shed at accept ("per_address", "total")
  // and every request the guard answers itself because it ran into a limit
  // before httplib could parse it ("header", "deadline").
  void OnReject(std::function<void(const char* reason)> callback) {
    on_reject_ = std::move(callback);
  }

  std::size_t open_connections() { return guard_.open(); }

  // The connection of the request this thread is serving; null outside one.
  static ConnectionContext* Current();

 private:
  void ServeConnection(int sock, const std::string& peer);
  bool WaitForRequest(int sock) const;
  void Shed(int sock, ConnectionGuard::Verdict why);
  void AnswerLimit(LimitedStream& stream);

  const GuardOptions options_;
  ConnectionGuard guard_;
  std::function<void(const char*)> on_reject_;
  std::atomic<bool> stopping_{false};
};

}  // namespace beian
