// beian-bot bench triage: how long grouping one new question takes against a
// queue of many open items (issue #24: ≤ 5 ms p99 against 100,000).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bot/cli/bench.h"
#include "bot/support/triage_grouping.h"
#include "knowledge/matcher.h"
#include "knowledge/meaning.h"
#include "knowledge/normalizer.h"
#include "storage/storage.h"
#include "storage/transactor.h"
#include "storage/triage_store.h"

namespace beian {
namespace {

using Clock = std::chrono::steady_clock;

// Open items made of the set's wordings, each with one to three of its words
// swapped for a made-up two-character word: as many different questions as
// asked, with the vocabulary of real ones and a long tail of rare words.
void FillQueue(const MeaningReader& reader, Storage& storage, const std::vector<std::string>& texts,
               int items) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<char32_t> cjk(0x4E00, 0x9FA5);
  std::uniform_int_distribution<std::size_t> pick(0, texts.size() - 1);
  std::vector<Meaning> base;
  for (const auto& t : texts) base.push_back(reader.Read(t));
  const Asker asker{"bench", "queue", "staff"};
  storage.transactor().Transaction([&] {
    for (int i = 0; i < items; ++i) {
      const std::size_t k = pick(rng);
      Meaning m = base[k];
      const int swaps = 1 + i % 3;
      for (int s = 0; s < swaps && !m.words.empty(); ++s) {
        m.words[rng() % m.words.size()] = {cjk(rng), cjk(rng)};
      }
      std::sort(m.words.begin(), m.words.end());
      std::vector<std::string> words;
      for (const auto& w : m.words) words.push_back(EncodeUtf8(w));
      const std::string key = "q:bench " + std::to_string(i);
      const std::string id =
          storage.triage().Triage(key, texts[k], TriageReason::kDeclined, asker, i);
      storage.triage().AddPhrasing(id, texts[k], m.Serialize(), words, i);
    }
  });
}

}  // namespace

void RunBenchTriage(const GlobalOptions& g, const BenchTriageOptions& o) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("beian-bench-triage-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::vector<std::string> texts = ReadJsonLinesField(o.set, "text");
  const Matcher matcher(LoadKb(g.KbDir()));
  const MeaningReader& reader = matcher.Meanings();
  std::vector<double> micros;
  {
    const auto storage = OpenStorage(o.db.empty() ? (dir / "bench.db").string() : o.db);
    const auto f0 = Clock::now();
    FillQueue(reader, *storage, texts, o.items);
    const double fill = std::chrono::duration<double>(Clock::now() - f0).count();
    for (int r = 0; r < o.repeat; ++r) {
      for (const auto& t : texts) {
        const auto a = Clock::now();
        (void)GroupQuestion(matcher, storage->triage(), t);
        micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - a).count());
      }
    }
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) {
      return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
    };
    std::cout << std::fixed << std::setprecision(2) << "bench triage: " << o.items
              << " open items (filled in " << fill << " s) on "
              << (o.db.empty() ? std::string("a new SQLite file") : ShownStorage(o.db)) << ", "
              << micros.size() << " questions grouped: p50 " << at(0.5) / 1000 << " ms, p99 "
              << at(0.99) / 1000 << " ms, max " << micros.back() / 1000 << " ms; RSS "
              << ResidentKb() / 1024 << " MB\n";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace beian
