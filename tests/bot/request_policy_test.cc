// The pure rules behind the server's gate: addresses, Host, Origin, JSON.
#include "bot/server/request_policy.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "bot/server/address_set.h"
#include "bot/server/page_security.h"

namespace beian {
namespace {

TEST_CASE("AddressSet holds addresses and networks of both families") {
  const AddressSet set({"10.0.0.0/8", "192.0.2.7", "::1", "fd00::/8"});
  CHECK(set.Contains("10.1.2.3"));
  CHECK(set.Contains("192.0.2.7"));
  CHECK_FALSE(set.Contains("192.0.2.8"));
  CHECK_FALSE(set.Contains("11.0.0.1"));
  CHECK(set.Contains("::1"));
  CHECK(set.Contains("fd12::5"));
  CHECK(set.Contains("::ffff:10.9.9.9"));  // an IPv4 client on a dual-stack socket
  CHECK_FALSE(set.Contains("fe80::1"));
  CHECK_FALSE(set.Contains("not an address"));
  CHECK_FALSE(AddressSet().Contains("127.0.0.1"));
  CHECK_THROWS_AS(AddressSet({"10.0.0.0/33"}), std::invalid_argument);
  CHECK_THROWS_AS(AddressSet({"proxy.example"}), std::invalid_argument);
}

TEST_CASE("the client address is the peer unless a trusted proxy forwarded it") {
  const AddressSet proxies({"127.0.0.1", "10.0.0.0/8"});
  CHECK(ClientAddress("127.0.0.1", "", proxies) == "127.0.0.1");
  CHECK(ClientAddress("127.0.0.1", "203.0.113.9", proxies) == "203.0.113.9");
  CHECK(ClientAddress("198.51.100.2", "203.0.113.9", proxies) ==
        "198.51.100.2");  // not a proxy: ignored
  // A client's own X-Forwarded-For comes first; the hops our proxies appended come last.
  CHECK(ClientAddress("127.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.5", proxies) == "203.0.113.9");
  CHECK(ClientAddress("127.0.0.1", "garbage, 203.0.113.9", proxies) == "203.0.113.9");
  CHECK(ClientAddress("127.0.0.1", "203.0.113.9, garbage", proxies) == "127.0.0.1");
  CHECK(ClientAddress("127.0.0.1", "[2001:db8::1]", proxies) == "2001:db8::1");
}

TEST_CASE("Host must name this server: loopback, or a configured name") {
  const std::vector<std::string> allowed = {"bot.example.com"};
  for (const char* ok : {"", "127.0.0.1:8080", "localhost", "LOCALHOST:80", "[::1]:8080",
                         "127.0.0.2", "bot.example.com", "Bot.Example.com:443"}) {
    CAPTURE(ok);
    CHECK(HostAllowed(ok, allowed));
  }
  for (const char* bad :
       {"evil.example", "bot.example.com.evil.example", "10.0.0.1:8080", "[2001:db8::1]"}) {
    CAPTURE(bad);
    CHECK_FALSE(HostAllowed(bad, allowed));
  }
  CHECK(HostName("[::1]:8080") == "::1");
  CHECK(HostName("Example.COM:8080") == "example.com");
}

TEST_CASE("Origin must be this very server") {
  CHECK(OriginAllowed("", "127.0.0.1:8080"));
  CHECK(OriginAllowed("http://127.0.0.1:8080", "127.0.0.1:8080"));
  CHECK(OriginAllowed("https://bot.example.com", "bot.example.com"));
  CHECK_FALSE(OriginAllowed("http://127.0.0.1:9999", "127.0.0.1:8080"));
  CHECK_FALSE(OriginAllowed("http://evil.example", "127.0.0.1:8080"));
  CHECK_FALSE(OriginAllowed("null", "127.0.0.1:8080"));
  CHECK_FALSE(OriginAllowed("http://127.0.0.1:8080", ""));
}

TEST_CASE("only application/json counts as JSON") {
  CHECK(IsJsonContentType("application/json"));
  CHECK(IsJsonContentType("Application/JSON; charset=utf-8"));
  CHECK_FALSE(IsJsonContentType("text/plain"));
  CHECK_FALSE(IsJsonContentType("application/jsonx"));
  CHECK_FALSE(IsJsonContentType(""));
}

TEST_CASE("a page's CSP allows exactly its own inline scripts") {
  // sha256("alert(1)") in base64, as a browser computes it.
  const std::string csp = ContentSecurityPolicy("<p>x</p><script>alert(1)</script>");
  CHECK(csp.find("script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='") !=
        std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(ContentSecurityPolicy("<p>no script</p>").find("script-src 'none'") != std::string::npos);
}

}  // namespace
}  // namespace beian
