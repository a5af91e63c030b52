#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace beian {

// Where pictures may be downloaded from, and how much of them.
//   hosts  "host", "host:port" or "*.suffix" (any host ending in .suffix);
//          nothing else is ever fetched (no redirects are followed)
struct ImageFetchOptions {
  std::vector<std::string> hosts;
  std::size_t max_bytes = 5 * 1024 * 1024;
  std::chrono::milliseconds timeout{5000};  // the whole download
};

struct FetchedImage {
  std::string bytes;
  std::string error;  // empty on success; says why otherwise (never the URL's query)
};

// Downloads the picture at `url` (http or https) when its host is allowed:
// a 200 answer, at most max_bytes, within the timeout. The bytes stay in
// memory. Thread-safe.
FetchedImage FetchImage(const std::string& url, const ImageFetchOptions& options);

// GET `target` through `client`, keeping the body in `out.bytes` up to
// options.max_bytes and within options.timeout (the whole download); past
// either it stops, clears the bytes and says so in `out.error`. The answer
// (its status and headers) is returned for the caller to judge. Its hosts
// are not looked at: `client` is the caller's.
httplib::Result CappedGet(httplib::Client& client, const std::string& target,
                          const httplib::Headers& headers, const ImageFetchOptions& options,
                          FetchedImage& out);

// Whether `url` names an allowed host (and http or https, no user info).
bool ImageUrlAllowed(const std::string& url, const std::vector<std::string>& hosts);

}  // namespace beian
