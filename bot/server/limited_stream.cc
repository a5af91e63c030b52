#include "bot/server/limited_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace beian {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Waits until `sock` can be read (POLLIN) or written (POLLOUT); false on
// timeout or error.
bool WaitFor(int sock, short events, std::chrono::milliseconds timeout) {
  pollfd p{sock, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(timeout.count(), 0)));
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

}  // namespace

LimitedStream::LimitedStream(int sock, const StreamLimits& limits) : sock_(sock), limits_(limits) {
  BeginRequest();
}

void LimitedStream::BeginRequest() {
  deadline_ = SteadyClock::now() + limits_.request_deadline;
  budget_ = limits_.max_header_bytes;
  in_body_ = false;
}

void LimitedStream::BeginBody() {
  budget_ = limits_.max_body_wire_bytes;
  in_body_ = true;
}

ssize_t LimitedStream::Fail(StreamLimit why) {
  if (exceeded_ == StreamLimit::kNone) exceeded_ = why;
  return -1;
}

bool LimitedStream::Fill() {
  // Rounded up, so that a wait that times out has reached the deadline.
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - SteadyClock::now());
  if (left.count() <= 0) return Fail(StreamLimit::kDeadline), false;
  // Silence for a whole read timeout ends the request as surely as the deadline.
  if (!WaitFor(sock_, POLLIN, std::min(left, limits_.read_timeout)))
    return Fail(StreamLimit::kDeadline), false;
  ssize_t n;
  do {
    n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  begin_ = 0;
  end_ = static_cast<std::size_t>(n);
  return true;
}

ssize_t LimitedStream::read(char* ptr, std::size_t size) {
  if (exceeded_ != StreamLimit::kNone) return -1;
  if (budget_ == 0)
    return Fail(in_body_ ? StreamLimit::kBodyTooLarge : StreamLimit::kHeaderTooLarge);
  if (begin_ == end_ && !Fill()) return -1;
  const std::size_t n = std::min({size, end_ - begin_, budget_});
  std::memcpy(ptr, buffer_.data() + begin_, n);
  begin_ += n;
  budget_ -= n;
  return static_cast<ssize_t>(n);
}

bool LimitedStream::is_readable() const {
  return begin_ < end_ || WaitFor(sock_, POLLIN, limits_.read_timeout);
}

bool LimitedStream::is_writable() const {
  if (!WaitFor(sock_, POLLOUT, limits_.write_timeout)) return false;
  char probe;  // a peer that closed reads as 0 bytes
  const ssize_t n = ::recv(sock_, &probe, 1, MSG_PEEK | MSG_DONTWAIT);
  return n != 0;
}

ssize_t LimitedStream::write(const char* ptr, std::size_t size) {
  if (!WaitFor(sock_, POLLOUT, limits_.write_timeout)) return -1;
  ssize_t n;
  do {
    n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return n;
}

void LimitedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = SocketAddress(sock_, true, &port);
}

void LimitedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = SocketAddress(sock_, false, &port);
}

std::string SocketAddress(int sock, bool peer, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                      : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0) return "";
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    if (port != nullptr) *port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    if (port != nullptr) *port = ntohs(a->sin6_port);
  }
  return text;
}

}  // namespace beian
