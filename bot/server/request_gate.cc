#include "bot/server/request_gate.h"

#include <httplib.h>

#include <charconv>

#include "bot/server/address_set.h"
#include "bot/server/request_policy.h"

namespace beian {
namespace {

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

RequestGate::RequestGate(GateOptions options)
    : options_(std::move(options)),
      per_address_(options_.address_per_minute, options_.address_burst) {}

bool RequestGate::BrowserFacing(const std::string& path) {
  return path == "/v1/messages" || path == "/admin" || StartsWith(path, "/admin/");
}

std::optional<Rejection> RequestGate::Check(const httplib::Request& req, const std::string& client,
                                            BodyRoute route,
                                            std::chrono::system_clock::time_point now) {
  if (auto framing = CheckFraming(req, route)) return framing;
  if (per_address_.enabled() && !IsLoopbackHost(client) && !per_address_.Allow(client, now)) {
    return Rejection{429, "too many requests from this address", "rate",
                     req.has_header("Content-Length") || req.has_header("Transfer-Encoding")};
  }
  if (BrowserFacing(req.path)) {
    if (auto policy = CheckBrowserPolicy(req)) {
      policy->close = req.has_header("Content-Length") || req.has_header("Transfer-Encoding");
      return policy;
    }
  }
  return std::nullopt;
}

std::optional<Rejection> RequestGate::CheckFraming(const httplib::Request& req,
                                                   BodyRoute route) const {
  const bool chunked_header = req.has_header("Transfer-Encoding");
  const std::string length_text = req.get_header_value("Content-Length");
  if (chunked_header && req.has_header("Content-Length")) {
    return Rejection{400, "both Content-Length and Transfer-Encoding", "framing", true};
  }
  if (chunked_header && Lower(req.get_header_value("Transfer-Encoding")) != "chunked") {
    return Rejection{400, "unsupported Transfer-Encoding", "framing", true};
  }
  if (req.get_header_value_count("Content-Length") > 1 ||
      req.get_header_value_count("Transfer-Encoding") > 1) {
    return Rejection{400, "repeated framing header", "framing", true};
  }
  std::size_t length = 0;
  if (!length_text.empty()) {
    const auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec == std::errc::result_out_of_range && end == length_text.data() + length_text.size()) {
      length = SIZE_MAX;  // all digits, just too many of them
    } else if (ec != std::errc() || end != length_text.data() + length_text.size()) {
      return Rejection{400, "bad Content-Length", "framing", true};
    }
  }
  const bool has_body = chunked_header || length > 0;
  if (!has_body) return std::nullopt;
  if (route == BodyRoute::kUnknown) return Rejection{404, "not found", "route", true};
  if (route == BodyRoute::kNoBody)
    return Rejection{413, "this route takes no request body", "body", true};
  const std::size_t max =
      route == BodyRoute::kReadsImage ? options_.max_image_body_bytes : options_.max_body_bytes;
  if (length > max) return Rejection{413, "request body too large", "body", true};
  if (StartsWith(Lower(req.get_header_value("Content-Type")), "multipart/")) {
    return Rejection{415, "multipart bodies are not accepted", "content_type", true};
  }
  return std::nullopt;
}

std::optional<Rejection> RequestGate::CheckBrowserPolicy(const httplib::Request& req) const {
  const std::string host = req.get_header_value("Host");
  if (!HostAllowed(host, options_.allowed_hosts)) {
    return Rejection{403, "unknown Host: add it to allowed_hosts", "host"};
  }
  if (!OriginAllowed(req.get_header_value("Origin"), host)) {
    return Rejection{403, "cross-site request refused", "origin"};
  }
  const bool has_body =
      req.has_header("Transfer-Encoding") ||
      (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
  if (has_body && !IsJsonContentType(req.get_header_value("Content-Type"))) {
    return Rejection{415, "Content-Type must be application/json", "content_type"};
  }
  return std::nullopt;
}

}  // namespace beian
