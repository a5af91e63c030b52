#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace beian {

// Counters and a latency histogram in Prometheus text format (GET /metrics).
// Labels never hold message text or user ids.
// Thread-safety: every method may be called from any thread.
class Metrics {
 public:
  void Request(const std::string& route, int status, double seconds);
  void Message(const std::string& platform, const std::string& kind);
  void Lookup(bool answered, bool ambiguous);
  // A screenshot read (VerdictName: "errors", "no_error" …, or "busy" when
  // the OCR pool refused it).
  void Screenshot(const std::string& verdict);
  // A connection or request refused before its route ran: "per_address",
  // "total" (connection caps), "rate", "host", "origin", "deadline" …
  void Rejected(const std::string& reason);

  std::string Render() const;

 private:
  static constexpr std::array<double, 9> kBuckets{0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> messages_;
  std::map<std::string, std::uint64_t> lookups_;
  std::map<std::string, std::uint64_t> screenshots_;
  std::map<std::string, std::uint64_t> rejected_;
  std::array<std::uint64_t, kBuckets.size()> buckets_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace beian
