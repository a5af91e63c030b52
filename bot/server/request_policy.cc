#include "bot/server/request_policy.h"

#include <algorithm>
#include <cctype>

#include "bot/server/address_set.h"

namespace beian {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const AddressSet& trusted) {
  std::string client(peer);
  if (forwarded_for.empty() || !trusted.Contains(peer)) return client;
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const std::string_view hop =
        Trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (!ParseIp(hop)) break;
    client = std::string(hop[0] == '[' ? hop.substr(1, hop.size() - 2) : hop);
    if (!trusted.Contains(client)) break;
  }
  return client;
}

std::string HostName(std::string_view host_header) {
  std::string_view host = Trim(host_header);
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return Lower(
        host.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
  }
  const auto colon = host.find(':');
  if (colon != std::string_view::npos && host.find(':', colon + 1) == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return Lower(host);
}

bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed) {
  if (Trim(host_header).empty()) return true;
  const std::string host = HostName(host_header);
  if (IsLoopbackHost(host)) return true;
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return EqualsIgnoreCase(a, host); });
}

bool OriginAllowed(std::string_view origin, std::string_view host_header) {
  origin = Trim(origin);
  if (origin.empty()) return true;
  const std::string_view host = Trim(host_header);
  if (host.empty()) return false;
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() == scheme.size() + host.size() &&
        EqualsIgnoreCase(origin.substr(0, scheme.size()), scheme) &&
        EqualsIgnoreCase(origin.substr(scheme.size()), host)) {
      return true;
    }
  }
  return false;
}

bool IsJsonContentType(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  return EqualsIgnoreCase(Trim(content_type.substr(0, semicolon)), "application/json");
}

}  // namespace beian
