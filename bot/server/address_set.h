#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// An IPv4 or IPv6 address in network order; IPv4 is kept as its
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one comparison covers both.
using IpBytes = std::array<std::uint8_t, 16>;

// Parses "127.0.0.1", "::1", "::ffff:10.0.0.1"; nullopt for anything else
// (names are never resolved).
std::optional<IpBytes> ParseIp(std::string_view text);

// True for 127.0.0.0/8 and ::1 (and their mapped forms), and "localhost".
bool IsLoopbackHost(std::string_view host);

// A set of addresses and networks ("10.0.0.0/8", "192.0.2.7", "::1",
// "fd00::/8"), read once from configuration.
// Thread-safety: immutable after construction; Contains may be called from
// any thread.
class AddressSet {
 public:
  AddressSet() = default;
  // Throws std::invalid_argument naming the first item that is not an
  // address or an address/prefix-length.
  explicit AddressSet(const std::vector<std::string>& items);

  bool Contains(std::string_view address) const;
  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    IpBytes base;
    int prefix_bits;  // of the 128-bit form
  };
  std::vector<Network> networks_;
};

}  // namespace beian
