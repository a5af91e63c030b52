// `bench engine`: the cost of one conversation turn without HTTP — the same
// messages as scripts/bench-http.lua (1,000 users walking through the first
// steps of the walkthrough, each message with a new id) sent straight to
// Engine::Handle on a fresh database, by one or more threads.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>
#include <vector>

#include "bot/cli/bench.h"
#include "bot/cli/bot_assembly.h"

namespace beian {
namespace {

double CpuSeconds() {  // user + system time of the whole process
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(usage.ru_utime) + s(usage.ru_stime);
}

}  // namespace

void RunBenchEngine(const GlobalOptions& g, int messages, int threads, bool cache) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("beian-bench-engine-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  double seconds = 0, cpu = 0;
  long rss = 0;
  {
    // serve's stack (with `cache`, its memory too) without flood limits:
    // each of the 1,000 users sends far faster than a person.
    BotSetup setup{.kb_dir = g.KbDir(), .config = {}, .caches = cache};
    setup.config.db = (dir / "bench.db").string();
    setup.config.rate_limit.user_per_minute = 0;
    setup.config.rate_limit.chat_per_minute = 0;
    std::ofstream log("/dev/null");
    setup.log = &log;
    const auto bot = BuildBot(setup);
    Engine& engine = *bot->engine;

    static const char* const kSteps[] = {"开始备案", "广东省 深圳市 南山区",   "企业",
                                         "好了",     "深圳市某某科技有限公司", "进度"};
    std::atomic<int> next{0};
    auto work = [&] {
      for (int i = next++; i < messages; i = next++) {
        IncomingMessage m = IncomingMessage::Direct("api", "bench", "u" + std::to_string(i % 1000),
                                                    kSteps[(i / 1000) % 6]);
        m.message_id = std::to_string(i);
        (void)engine.Handle(m);
      }
    };
    const double cpu_start = CpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu = CpuSeconds() - cpu_start;
    rss = ResidentKb();
  }
  std::filesystem::remove_all(dir);
  std::cout << std::fixed << std::setprecision(1) << "bench engine: " << messages << " messages, "
            << threads << " thread(s)" << (cache ? "" : ", no caches") << ": "
            << seconds * 1e6 / messages << " µs a message (" << cpu * 1e6 / messages
            << " µs of CPU), " << std::setprecision(0) << messages / seconds << " messages/s, RSS "
            << rss / 1024 << " MB\n";
}

}  // namespace beian
