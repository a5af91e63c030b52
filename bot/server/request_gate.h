#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "bot/core/rate_limiter.h"

namespace httplib {
struct Request;
}

namespace beian {

struct GateOptions {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_image_body_bytes = 0;  // routes that take an image (BodyRoute::kReadsImage)
  // Host names (without port) this server answers to on its browser-facing
  // routes, besides the loopback ones.
  std::vector<std::string> allowed_hosts;
  // Requests a minute per client address (0 = off); loopback clients are
  // not limited (they are processes on this machine).
  double address_per_minute = 3000;
  double address_burst = 300;
};

// What the request's route does with a body.
enum class BodyRoute { kReadsBody, kReadsImage, kNoBody, kUnknown };

// Why a request was refused before its route ran.
struct Rejection {
  int status;
  std::string error;   // the JSON error text
  std::string reason;  // metric label
  bool close = false;  // its body was not read: close the connection after the reply
};

// The checks every request passes after its headers and before its body is
// read or its route runs:
//   - framing: a body only where the route reads one (POST to a route that
//     takes a body; elsewhere 413, or 404 for no route at all); a
//     Content-Length over the limit → 413 at once; both
//     Content-Length and Transfer-Encoding, or a coding other than chunked
//     → 400 (request smuggling); multipart bodies → 415;
//   - a request budget per client address → 429;
//   - browser-facing routes (/v1/messages, /admin, /admin/api/…): a Host
//     that is not this server, or an Origin of another site → 403; a POST
//     that is not application/json → 415 (no form or text/plain POST from a
//     foreign page).
// Thread-safety: Check may be called from any thread.
class RequestGate {
 public:
  explicit RequestGate(GateOptions options);

  // `client` is the address requests are counted against.
  std::optional<Rejection> Check(const httplib::Request& req, const std::string& client,
                                 BodyRoute route, std::chrono::system_clock::time_point now);

  // The framing checks alone (for Expect: 100-continue, before the body).
  std::optional<Rejection> CheckFraming(const httplib::Request& req, BodyRoute route) const;

  // The routes whose requests a web page could forge.
  static bool BrowserFacing(const std::string& path);

 private:
  std::optional<Rejection> CheckBrowserPolicy(const httplib::Request& req) const;

  const GateOptions options_;
  RateLimiter per_address_;
};

}  // namespace beian
