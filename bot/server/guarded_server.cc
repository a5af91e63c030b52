#include "bot/server/guarded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>

#include "bot/server/request_policy.h"
#include "bot/server/thread_pool.h"

namespace beian {
namespace {

thread_local ConnectionContext* t_current = nullptr;

constexpr std::chrono::milliseconds kPollSlice{200};  // how soon Stop() is noticed

// The reply to a shed connection: written without waiting, before anything
// is read, then the socket is closed.
constexpr char kShedReply[] =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
    "Content-Length: 32\r\nConnection: close\r\nRetry-After: 1\r\n\r\n{\"error\":\"too many "
    "connections\"}";

// After an error response to a request whose body was not read: stop
// writing, read and drop what the client is still sending for a moment (as
// nginx's lingering close does) so that it reads the response instead of a
// reset, then close. Bounded: 1 s and 16 MB (an upload refused after
// several MB is still arriving at full speed).
void LingeringClose(int sock) {
  ::shutdown(sock, SHUT_WR);
  constexpr std::size_t kMaxDrain = 16 * 1024 * 1024;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  char sink[4096];
  for (std::size_t drained = 0; drained < kMaxDrain;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    pollfd p{sock, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    const ssize_t n = ::recv(sock, sink, sizeof sink, 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(sock);
}

std::string PeerText(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&addr)->sin_addr, text, sizeof text);
  } else if (addr.ss_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_addr, text,
                sizeof text);
  }
  return text;
}

// accept() failures that say nothing about the listening socket: the
// server goes on.
bool Transient(int error) {
  switch (error) {
    case EINTR:
    case EAGAIN:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM:
      return true;
    default:
      return false;
  }
}

bool OutOfResources(int error) {
  return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM;
}

}  // namespace

GuardedServer::GuardedServer(GuardOptions options)
    : options_(std::move(options)),
      guard_(options_.max_connections, options_.max_connections_per_address,
             options_.trusted_proxies) {
  set_keep_alive_max_count(options_.keep_alive_max_count);
  set_keep_alive_timeout(std::max<time_t>(1, options_.keep_alive_timeout.count() / 1000));
}

ConnectionContext* GuardedServer::Current() { return t_current; }

bool GuardedServer::Listen() {
  const int listener = svr_sock_;
  if (listener == INVALID_SOCKET) return false;
  // cpp-httplib listens with a backlog of 5: a burst of a few connections
  // (or a loaded machine) overflowed it, and the kernel dropped SYNs, which
  // clients resend only after a second. Listening again on the same socket
  // raises the queue to the system's limit.
  ::listen(listener, SOMAXCONN);
  {
    ElasticThreadPool pool(options_.kept_threads, options_.threads);
    auto last_complaint = std::chrono::steady_clock::time_point{};
    while (!stopping_) {
      pollfd p{listener, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(kPollSlice.count())) <= 0) continue;
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int sock = ::accept4(listener, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
      if (sock < 0) {
        const int error = errno;
        if (stopping_) break;
        if (Transient(error)) continue;
        if (!OutOfResources(error)) {
          std::cerr << "server: accept failed: " << std::strerror(error) << ", still listening\n";
        }
        if (const auto now = std::chrono::steady_clock::now();
            now - last_complaint > std::chrono::seconds(10)) {
          std::cerr << "server: cannot accept a connection (" << std::strerror(error)
                    << "), retrying\n";
          last_complaint = now;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      std::string peer = PeerText(addr);
      if (const auto verdict = guard_.Admit(peer); verdict != ConnectionGuard::Verdict::kAdmitted) {
        Shed(sock, verdict);
        continue;
      }
      const int yes = 1;
      ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      pool.enqueue([this, sock, peer = std::move(peer)] {
        ServeConnection(sock, peer);
        guard_.Release(peer);
      });
    }
    pool.shutdown();  // the connections being served finish first
  }
  svr_sock_ = INVALID_SOCKET;
  ::close(listener);
  return true;
}

void GuardedServer::Stop() {
  stopping_ = true;
  const int listener = svr_sock_;
  if (listener != INVALID_SOCKET)
    ::shutdown(listener, SHUT_RDWR);  // wakes accept; Listen closes it
}

void GuardedServer::Shed(int sock, ConnectionGuard::Verdict why) {
  (void)::send(sock, kShedReply, sizeof kShedReply - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
  ::close(sock);
  if (on_reject_)
    on_reject_(why == ConnectionGuard::Verdict::kTooManyFromAddress ? "per_address" : "total");
}

void GuardedServer::AnswerLimit(LimitedStream& stream) {
  const bool header = stream.exceeded() == StreamLimit::kHeaderTooLarge;
  const std::string body = header ? R"({"error":"request headers too large"})"
                                  : R"({"error":"request took too long to arrive"})";
  const std::string reply =
      std::string(header ? "HTTP/1.1 431 Request Header Fields Too Large"
                         : "HTTP/1.1 408 Request Timeout") +
      "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  (void)stream.write(reply.data(), reply.size());
  if (on_reject_) on_reject_(header ? "header" : "deadline");
}

bool GuardedServer::WaitForRequest(int sock) const {
  const auto until = std::chrono::steady_clock::now() + options_.keep_alive_timeout;
  while (!stopping_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{sock, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min(left, kPollSlice).count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

void GuardedServer::ServeConnection(int sock, const std::string& peer) {
  LimitedStream stream(sock, options_.stream);
  ConnectionContext context{&stream, peer, peer};
  t_current = &context;
  try {
    for (std::size_t left = options_.keep_alive_max_count; left > 0 && !stopping_; --left) {
      if (!stream.HasBufferedInput() && !WaitForRequest(sock)) break;
      stream.BeginRequest();
      context.client = peer;
      context.close_after = false;
      bool client_closes = false;
      const bool ok = process_request(stream, left == 1, client_closes, [&](httplib::Request& req) {
        stream.BeginBody();
        context.client =
            ClientAddress(peer, req.get_header_value("X-Forwarded-For"), options_.trusted_proxies);
      });
      // process_request fails without a reply only when it could not read a request line.
      if (!ok && stream.exceeded() != StreamLimit::kNone) AnswerLimit(stream);
      if (!ok || client_closes || context.close_after || stream.exceeded() != StreamLimit::kNone)
        break;
    }
  } catch (const std::exception& e) {  // thrown outside the routes' own handler: the connection
                                       // ends, the server goes on
    std::cerr << "server: connection from " << peer << " ended: " << e.what() << '\n';
    context.close_after = true;
  }
  t_current = nullptr;
  if (context.close_after || stream.exceeded() != StreamLimit::kNone) {
    LingeringClose(sock);
  } else {
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
}

}  // namespace beian
