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
#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "bot/core/knowledge_source.h"
#include "dialogs/form_spec.h"
#include "dialogs/walkthrough.h"
#include "knowledge/matcher.h"
#include "storage/database.h"
#include "storage/processed_store.h"
#include "storage/session_store.h"
#include "storage/support_store.h"

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
  const Matcher matcher(LoadKb(g.KbDir()));
  const FormSpec form = LoadFormSpec(DefaultFormPath());
  double seconds = 0, cpu = 0;
  long rss = 0;
  {
    Database db(dir / "bench.db");
    const std::string secret = HashSecretFor(db.path());
    const Walkthrough walkthrough(form, matcher.kb(),
                                  [secret](std::string_view v) { return KeyedHash(secret, v); });
    SessionStore sessions(db, cache ? kServeSessionCacheBytes : 0);  // as serve
    ProcessedStore processed(db, cache ? EngineOptions{}.dedup_window.count() : 0);
    SupportStore support(db, cache);
    const Clock clock = [] { return std::chrono::system_clock::now(); };
    LiveKnowledge knowledge(matcher.kb_ptr(), support.taught, clock);
    std::ofstream log("/dev/null");
    Engine engine(knowledge, walkthrough, sessions, &processed, &support, clock, EngineOptions{},
                  log);

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
