#pragma once

#include <httplib.h>

#include <array>
#include <chrono>
#include <cstddef>

namespace beian {

// What one request may take from its connection before httplib sees it.
struct StreamLimits {
  std::chrono::milliseconds read_timeout{10'000};   // one read waits at most this
  std::chrono::milliseconds write_timeout{10'000};  // one write waits at most this
  // The whole request — request line, headers and body — arrives within
  // this from its first byte, however slowly each byte comes. A read that
  // waits a whole read_timeout counts as this limit too (408).
  std::chrono::milliseconds request_deadline{10'000};
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers
  // Body bytes as they come over the wire, chunk framing included. The
  // routes cap the decoded body themselves; this bounds what any request,
  // routed or not, can make httplib buffer.
  std::size_t max_body_wire_bytes = 2 * 64 * 1024 + 4096;
};

// Which limit a request ran into, if any.
enum class StreamLimit { kNone, kHeaderTooLarge, kBodyTooLarge, kDeadline };

// httplib's Stream over one accepted socket, with the limits above. Reads go
// through a small buffer (httplib reads request lines a byte at a time);
// once a limit is hit, every later read fails, so httplib stops parsing and
// the connection is closed after the error response.
// Thread-safety: one connection, one thread.
class LimitedStream : public httplib::Stream {
 public:
  LimitedStream(int sock, const StreamLimits& limits);

  // A new request starts: its deadline runs from now, its header budget is full.
  void BeginRequest();
  // The headers are parsed: from now on reads count against the body budget.
  void BeginBody();
  StreamLimit exceeded() const { return exceeded_; }
  // Bytes already read from the socket that no request has taken yet
  // (a pipelined next request).
  bool HasBufferedInput() const { return begin_ < end_; }

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  bool Fill();  // waits (within the deadline) and reads into the buffer
  ssize_t Fail(StreamLimit why);

  const int sock_;
  const StreamLimits limits_;
  std::chrono::steady_clock::time_point deadline_{};
  std::size_t budget_ = 0;  // bytes the current phase may still read
  bool in_body_ = false;
  StreamLimit exceeded_ = StreamLimit::kNone;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
};

// "a.b.c.d" or an IPv6 text of a socket's peer (`peer`) or local end;
// empty when the socket has none.
std::string SocketAddress(int sock, bool peer, int* port = nullptr);

}  // namespace beian
