#include "bot/channels/image_fetch.h"

#include <httplib.h>

#include <optional>

namespace beian {
namespace {

struct UrlParts {
  std::string base;  // scheme://authority
  std::string host, authority, target;
};

std::optional<UrlParts> Split(const std::string& url) {
  UrlParts u;
  size_t start = 0;
  if (url.rfind("https://", 0) == 0) {
    start = 8;
  } else if (url.rfind("http://", 0) == 0) {
    start = 7;
  } else {
    return std::nullopt;
  }
  const size_t end = url.find_first_of("/?#", start);
  u.authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (u.authority.empty() || u.authority.find_first_of("@\\ ") != std::string::npos)
    return std::nullopt;
  u.base = url.substr(0, start) + u.authority;
  u.target = end == std::string::npos ? "/" : url.substr(end);
  if (const size_t hash = u.target.find('#'); hash != std::string::npos) u.target.resize(hash);
  if (u.target.empty() || u.target[0] != '/') u.target.insert(0, "/");
  const size_t colon = u.authority.rfind(':');
  u.host = colon == std::string::npos ? u.authority : u.authority.substr(0, colon);
  for (char& c : u.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return u;
}

bool HostAllowed(const UrlParts& u, const std::vector<std::string>& hosts) {
  for (const std::string& h : hosts) {
    if (h.rfind("*.", 0) == 0) {
      const std::string suffix = h.substr(1);
      if (u.host.size() > suffix.size() && u.host.ends_with(suffix)) return true;
    } else if (h == u.host || h == u.authority) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool ImageUrlAllowed(const std::string& url, const std::vector<std::string>& hosts) {
  const auto u = Split(url);
  return u && HostAllowed(*u, hosts);
}

httplib::Result CappedGet(httplib::Client& client, const std::string& target,
                          const httplib::Headers& headers, const ImageFetchOptions& options,
                          FetchedImage& out) {
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool too_large = false, too_slow = false;
  auto res = client.Get(target, headers, [&](const char* data, size_t n) {
    if (std::chrono::steady_clock::now() > deadline) return !(too_slow = true);
    if (out.bytes.size() + n > options.max_bytes) return !(too_large = true);
    out.bytes.append(data, n);
    return true;
  });
  if (too_large || too_slow) {
    out.error = too_large ? "image larger than the limit" : "image download took too long";
    out.bytes.clear();
  }
  return res;
}

FetchedImage FetchImage(const std::string& url, const ImageFetchOptions& options) {
  FetchedImage out;
  const auto u = Split(url);
  if (!u || !HostAllowed(*u, options.hosts)) {
    out.error = "image host not allowed";
    return out;
  }
  httplib::Client client(u->base);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count();
  client.set_connection_timeout(std::max<long>(1, seconds), 0);
  client.set_read_timeout(std::max<long>(1, seconds), 0);
  client.set_follow_location(false);
  const auto res = CappedGet(client, u->target, {}, options, out);
  if (out.error.empty() && (!res || res->status != 200)) {
    out.error = !res ? "image download failed: " + httplib::to_string(res.error())
                     : "image download answered " + std::to_string(res->status);
    out.bytes.clear();
  }
  return out;
}

}  // namespace beian
