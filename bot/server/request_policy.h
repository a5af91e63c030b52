#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace beian {

class AddressSet;

// The rules an HTTP request must meet before its route runs. Pure functions.

// The client's address: the TCP peer, unless the peer is a trusted proxy
// and sent X-Forwarded-For; then the rightmost address in that header that
// is not itself a trusted proxy (a client cannot forge the hops that trusted
// proxies appended). A malformed item ends the walk at the last good hop.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const AddressSet& trusted);

// The Host header without its port, lower-cased ("[::1]:8080" -> "::1").
std::string HostName(std::string_view host_header);

// True when the Host header names this server: empty (HTTP/1.0 clients),
// a loopback name or address, or one of `allowed` (names without port,
// compared case-insensitively). A DNS-rebound page sends its own name and
// fails here.
bool HostAllowed(std::string_view host_header, const std::vector<std::string>& allowed);

// True when no Origin was sent (not a browser, or a same-origin GET) or the
// Origin is this very server ("http://" or "https://" + the Host header).
// "null" and every other site are foreign.
bool OriginAllowed(std::string_view origin, std::string_view host_header);

// True for "application/json" with any parameters ("; charset=utf-8").
bool IsJsonContentType(std::string_view content_type);

}  // namespace beian
