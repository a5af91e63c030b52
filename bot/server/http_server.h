#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace beian {

class Channel;
class Engine;
class KnowledgeSource;
class Metrics;
class Outbox;
class AdminApi;

// Options of a listening socket: httplib's defaults with SO_REUSEADDR instead
// of SO_REUSEPORT, so that a second server on a port in use fails to start
// instead of silently taking half of the connections.
void ListenSocketOptions(int sock);

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                    // 0 = any free port (tests)
  size_t max_body_bytes = 64 * 1024;  // larger bodies get 413
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
  bool access_log = true;             // one line per request on stderr
  // Worker threads at most. cpp-httplib keeps a thread on each keep-alive
  // connection, so this bounds the connections served at once; threads are
  // started as connections need them (ElasticThreadPool).
  size_t threads = 64;
  size_t kept_threads = 8;  // kept even when idle (at most `threads`)
  int listen_backlog = 1024;  // pending connections the kernel queues (httplib's own is 5)
};

// The HTTP front door (cpp-httplib). Built-in routes:
//   GET /healthz              {"status": "ok", "entries": N}
//   GET /v1/lookup?q=…&top=N  the `lookup --json` object
//   GET /metrics              Prometheus text
//   GET /v1/entries/{id}      one knowledge-base entry with its Chinese labels
// plus one route per channel (AddChannel). Every error is a JSON body
// {"error": "…"} with a 4xx/5xx status (503 when the database fails); every
// request is logged on one line (method, path without query, status) —
// never the message text.
// Thread-safety: handlers run on httplib's thread pool; the matcher, engine
// and channels are thread-safe and must outlive the server.
class HttpServer {
 public:
  HttpServer(ServerOptions options, KnowledgeSource& knowledge, Engine* engine, Metrics& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Where channels' deferred replies go (Channel::Deferred); may stay unset
  // when no channel defers. Must outlive the server.
  void SetOutbox(Outbox* outbox) { outbox_ = outbox; }

  // Serves the self-service search page at / (the HTML given) and entry
  // pages at /kb/{id} (call before Bind); without it those routes answer 404.
  void SetWebPage(std::string index_html);

  // Serves the staff API under /admin/api/ and, when `page_html` is not
  // empty, the staff page at /admin (call before Bind); without it those
  // routes answer 404. The page holds no data: it asks for the token and
  // calls the API. `admin` must outlive the server.
  void SetAdmin(AdminApi& admin, std::string page_html = "");

  // Serves `channel` at `path` for GET and POST (call before Bind).
  void AddChannel(const std::string& path, const Channel& channel);

  // Binds the socket; returns the bound port, or -1 when binding failed.
  int Bind();
  // Serves until Stop(); call after Bind(). Returns false on a socket error.
  bool Serve();
  void Stop();

 private:
  void Routes();

  ServerOptions options_;
  KnowledgeSource& knowledge_;
  Engine* engine_;
  Metrics& metrics_;
  Outbox* outbox_ = nullptr;
  std::unique_ptr<httplib::Server> server_;
  std::set<std::string> routes_;  // metric labels: known routes only, never raw paths
  int listen_socket_ = -1;
};

}  // namespace beian
