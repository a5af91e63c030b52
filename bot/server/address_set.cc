#include "bot/server/address_set.h"

#include <arpa/inet.h>

#include <charconv>
#include <stdexcept>

namespace beian {
namespace {

constexpr int kMappedPrefixBits = 96;  // ::ffff:0:0/96 holds IPv4

IpBytes Mapped(const std::uint8_t* v4) {
  IpBytes out{};
  out[10] = out[11] = 0xff;
  for (int i = 0; i < 4; ++i) out[12 + i] = v4[i];
  return out;
}

bool SamePrefix(const IpBytes& a, const IpBytes& b, int bits) {
  int i = 0;
  for (; bits >= 8; bits -= 8, ++i) {
    if (a[i] != b[i]) return false;
  }
  if (bits == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
  return (a[i] & mask) == (b[i] & mask);
}

bool IsMappedV4(const IpBytes& ip) {
  for (int i = 0; i < 10; ++i) {
    if (ip[i] != 0) return false;
  }
  return ip[10] == 0xff && ip[11] == 0xff;
}

}  // namespace

std::optional<IpBytes> ParseIp(std::string_view text) {
  if (text.size() > 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  std::uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return Mapped(buf);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    IpBytes out;
    std::copy(buf, buf + 16, out.begin());
    return out;
  }
  return std::nullopt;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  const auto ip = ParseIp(host);
  if (!ip) return false;
  if (IsMappedV4(*ip)) return (*ip)[12] == 127;
  IpBytes one{};
  one[15] = 1;
  return *ip == one;
}

AddressSet::AddressSet(const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    const auto slash = item.find('/');
    const auto ip = ParseIp(std::string_view(item).substr(0, slash));
    if (!ip) throw std::invalid_argument("not an IP address or network: '" + item + "'");
    const bool v4 = IsMappedV4(*ip) && item.find(':') == std::string::npos;
    int bits = 128;
    if (slash != std::string::npos) {
      const char* first = item.data() + slash + 1;
      const char* last = item.data() + item.size();
      int prefix = -1;
      const auto [end, ec] = std::from_chars(first, last, prefix);
      const int max = v4 ? 32 : 128;
      if (ec != std::errc() || end != last || prefix < 0 || prefix > max) {
        throw std::invalid_argument("bad prefix length in '" + item + "'");
      }
      bits = v4 ? kMappedPrefixBits + prefix : prefix;
    }
    networks_.push_back({*ip, bits});
  }
}

bool AddressSet::Contains(std::string_view address) const {
  if (networks_.empty()) return false;
  const auto ip = ParseIp(address);
  if (!ip) return false;
  for (const Network& n : networks_) {
    if (SamePrefix(*ip, n.base, n.prefix_bits)) return true;
  }
  return false;
}

}  // namespace beian
