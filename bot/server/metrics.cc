#include "bot/server/metrics.h"

#include <sstream>

namespace beian {

void Metrics::Request(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++buckets_[i];
  }
  ++count_;
  sum_ += seconds;
}

void Metrics::Message(const std::string& platform, const std::string& kind) {
  std::lock_guard lock(mutex_);
  ++messages_[{platform, kind}];
}

void Metrics::Lookup(bool answered, bool ambiguous) {
  std::lock_guard lock(mutex_);
  ++lookups_[!answered ? "declined" : ambiguous ? "ambiguous" : "answered"];
}

void Metrics::Screenshot(const std::string& verdict) {
  std::lock_guard lock(mutex_);
  ++screenshots_[verdict];
}

void Metrics::Rejected(const std::string& reason) {
  std::lock_guard lock(mutex_);
  ++rejected_[reason];
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP beian_http_requests_total HTTP requests by route and status.\n"
         "# TYPE beian_http_requests_total counter\n";
  for (const auto& [k, v] : requests_) {
    out << "beian_http_requests_total{route=\"" << k.first << "\",status=\"" << k.second << "\"} "
        << v << '\n';
  }
  out << "# HELP beian_messages_total Chat messages by platform and how they were handled.\n"
         "# TYPE beian_messages_total counter\n";
  for (const auto& [k, v] : messages_) {
    out << "beian_messages_total{platform=\"" << k.first << "\",kind=\"" << k.second << "\"} " << v
        << '\n';
  }
  out << "# HELP beian_lookups_total GET /v1/lookup results.\n# TYPE beian_lookups_total counter\n";
  for (const auto& [k, v] : lookups_)
    out << "beian_lookups_total{result=\"" << k << "\"} " << v << '\n';
  out << "# HELP beian_screenshots_total Screenshots read, by what was found.\n"
         "# TYPE beian_screenshots_total counter\n";
  for (const auto& [k, v] : screenshots_)
    out << "beian_screenshots_total{verdict=\"" << k << "\"} " << v << '\n';
  out << "# HELP beian_http_rejected_total Connections and requests refused before routing, by "
         "reason.\n"
         "# TYPE beian_http_rejected_total counter\n";
  for (const auto& [k, v] : rejected_)
    out << "beian_http_rejected_total{reason=\"" << k << "\"} " << v << '\n';
  out << "# HELP beian_http_request_duration_seconds Request latency.\n"
         "# TYPE beian_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out << "beian_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
        << buckets_[i] << '\n';
  }
  out << "beian_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << '\n'
      << "beian_http_request_duration_seconds_sum " << sum_ << '\n'
      << "beian_http_request_duration_seconds_count " << count_ << '\n';
  return out.str();
}

}  // namespace beian
