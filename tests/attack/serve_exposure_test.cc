// `serve` as deployed: it will not face the internet by accident, and it
// believes X-Forwarded-For only from the proxies it is told to trust.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "tests/attack/raw_client.h"
#include "tests/bot/bot_process.h"
#include "tests/test_support.h"

namespace beian {
namespace {

struct Run {
  int exit_code;
  std::string output;
};

// Runs the bot with `args` (stderr included in the output), never waiting
// for a server: every case here ends before or at binding.
Run RunBot(const std::string& args) {
  const std::string command =
      std::string("env -u BEIAN_API_TOKEN -u BEIAN_ALLOW_PUBLIC BEIAN_HASH_SECRET=") +
      "exposure-test-secret-0123456789abcdef " + BEIAN_TEST_BIN + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  Run run{-1, ""};
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) run.output.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST_CASE("serve refuses a public address without an API token unless told it is meant") {
  test::TempDir dir;
  const std::string db = " --db " + (dir.path() / "bot.db").string();
  const Run refused = RunBot("serve --listen 0.0.0.0:0" + db);
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("refusing to listen on 0.0.0.0 without BEIAN_API_TOKEN") !=
        std::string::npos);
  CHECK(refused.output.find("docs/security.md") != std::string::npos);
  // Meant: one clear warning, then it goes on (here to an address this
  // machine does not have, so that nothing is ever served).
  const Run meant = RunBot("serve --allow-public --listen 192.0.2.1:8080" + db);
  CHECK(meant.output.find("WARNING: listening on 192.0.2.1 with /v1/messages open to anyone") !=
        std::string::npos);
  CHECK(meant.output.find("cannot listen on 192.0.2.1:8080") != std::string::npos);
  CHECK(meant.exit_code == 1);
  const Run bad_proxy = RunBot("serve --listen 127.0.0.1:0" + db + " --config /dev/null");
  CHECK(bad_proxy.exit_code != 0);  // not JSON: a clear error, no server
}

TEST_CASE("the access log names the forwarded client only behind a trusted proxy") {
  test::TempDir dir;
  test::BotProcess bot(dir.path() / "bot", {{"BEIAN_TRUSTED_PROXIES", "127.0.0.1"}});
  auto get_from = [&](const char* source) {
    test::RawClient c(source, bot.port());
    c.Send(
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: "
        "close\r\n\r\n");
    return c.StatusLine(std::chrono::milliseconds(2000));
  };
  CHECK(get_from("127.0.0.1") == "HTTP/1.1 200 OK");
  CHECK(get_from("127.0.0.4") == "HTTP/1.1 200 OK");
  bot.Stop();
  const std::string log = bot.Log();
  CHECK(log.find("access: 203.0.113.9 GET /healthz 200") != std::string::npos);
  CHECK(log.find("access: 127.0.0.4 GET /healthz 200") !=
        std::string::npos);  // not a proxy: its header is ignored
}

}  // namespace
}  // namespace beian
