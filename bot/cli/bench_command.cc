#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/cli/commands.h"
#include "bot/core/kb_loader.h"
#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "storage/fts_index.h"

namespace beian {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  int kb_scale = 1;
  int repeat = 200;
  std::string queries;
};

double Micros(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

std::vector<std::string> ReadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read queries file " + path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    const auto q = j.find("q");
    if (q != j.end() && q->is_string()) out.push_back(q->get<std::string>());
  }
  if (out.empty()) throw std::runtime_error("no queries in " + path);
  return out;
}

// Rewrites about one CJK character in four to another, deterministically, so
// that synthetic entries look like real ones but do not duplicate them.
std::string Mutate(const std::string& s, std::mt19937& rng) {
  std::u32string u = DecodeUtf8(s);
  std::uniform_int_distribution<int> pick(0, 3);
  std::uniform_int_distribution<char32_t> cjk(0x4E00, 0x9FA5);
  for (char32_t& c : u) {
    if (IsCjk(c) && pick(rng) == 0) c = cjk(rng);
  }
  return EncodeUtf8(u);
}

// The shipped entries plus (scale − 1) mutated copies of each.
std::shared_ptr<const KnowledgeBase> Scale(const KnowledgeBase& kb, int scale) {
  std::vector<Entry> entries = kb.entries();
  std::mt19937 rng(42);
  for (int c = 1; c < scale; ++c) {
    for (const Entry& e : kb.entries()) {
      Entry s = e;
      s.id = "synthetic." + std::to_string(c) + "." + e.id;
      s.related.clear();
      s.title = Mutate(e.title, rng);
      s.summary = Mutate(e.summary, rng);
      for (auto& t : s.error_texts) t = Mutate(t, rng);
      for (auto& t : s.aliases) t = Mutate(t, rng);
      for (auto& t : s.steps) t = Mutate(t, rng);
      for (auto& t : s.notes) t = Mutate(t, rng);
      entries.push_back(std::move(s));
    }
  }
  return std::make_shared<const KnowledgeBase>(std::move(entries), kb.lexicon(), kb.out_of_scope());
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0, per_second = 0;
};

Stats Summarize(std::vector<double> micros) {
  std::sort(micros.begin(), micros.end());
  double total = 0;
  for (double m : micros) total += m;
  auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<size_t>(q * static_cast<double>(micros.size())))];
  };
  return {at(0.50), at(0.99), micros.back(), 1e6 * static_cast<double>(micros.size()) / total};
}

long ResidentKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::string EntryText(const Entry& e) {
  std::string text = e.title + "\n" + e.field_name;
  for (const auto& s : e.error_texts) text += "\n" + s;
  for (const auto& s : e.aliases) text += "\n" + s;
  text += "\n" + e.summary;
  for (const auto& s : e.steps) text += "\n" + s;
  return text;
}

void RunBenchLookup(const GlobalOptions& g, const BenchOptions& o) {
  const std::string queries_path =
      o.queries.empty() ? (DefaultSharedDir() / "eval" / "queries.public.jsonl").string() : o.queries;
  const auto queries = ReadQueries(queries_path);

  const auto t0 = Clock::now();
  const auto base = LoadKb(g.KbDir());
  const auto kb = o.kb_scale > 1 ? Scale(*base, o.kb_scale) : base;
  const auto t1 = Clock::now();
  const Matcher matcher(kb);
  const auto t2 = Clock::now();

  std::vector<double> ours;
  ours.reserve(queries.size() * static_cast<size_t>(o.repeat));
  size_t answered = 0;
  for (const auto& q : queries) answered += matcher.Match(q).answered;  // warm-up
  for (int r = 0; r < o.repeat; ++r) {
    for (const auto& q : queries) {
      const auto a = Clock::now();
      const MatchResult res = matcher.Match(q);
      ours.push_back(Micros(Clock::now() - a));
      if (res.matches.size() > 1000) std::cerr << "";  // keeps the call observable
    }
  }
  const long rss = ResidentKb();

  const auto f0 = Clock::now();
  FtsIndex fts;
  for (size_t i = 0; i < kb->entries().size(); ++i) {
    fts.Add(static_cast<std::int64_t>(i), EntryText(kb->entries()[i]));
  }
  const auto f1 = Clock::now();
  std::vector<double> theirs;
  const int fts_repeat = std::max(1, o.repeat / 10);
  for (int r = 0; r < fts_repeat; ++r) {
    for (const auto& q : queries) {
      const auto a = Clock::now();
      const auto res = fts.Search(q, 5);
      theirs.push_back(Micros(Clock::now() - a));
      if (res.size() > 1000) std::cerr << "";
    }
  }

  const Stats s = Summarize(ours);
  const Stats f = Summarize(theirs);
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "bench lookup: " << queries.size() << " queries × " << o.repeat << " runs, "
            << kb->entries().size() << " entries (kb-scale " << o.kb_scale << "), "
            << answered << " answered\n";
  std::cout << "start-up: load " << Micros(t1 - t0) / 1000 << " ms + index "
            << Micros(t2 - t1) / 1000 << " ms = " << Micros(t2 - t0) / 1000 << " ms\n";
  std::cout << "matcher: p50 " << s.p50 << " µs, p99 " << s.p99 << " µs, max " << s.max
            << " µs, " << std::setprecision(0) << s.per_second << " lookups/s (one thread), RSS "
            << rss / 1024 << " MB\n"
            << std::setprecision(1);
  std::cout << "sqlite fts5 trigram: build " << Micros(f1 - f0) / 1000 << " ms, p50 " << f.p50
            << " µs, p99 " << f.p99 << " µs, " << std::setprecision(0) << f.per_second
            << " lookups/s\n"
            << std::setprecision(2);
  std::cout << "ratio fts5/matcher: p50 " << f.p50 / s.p50 << "×, p99 " << f.p99 / s.p99 << "×\n";
}

}  // namespace

void RegisterBench(CLI::App& app, const GlobalOptions& g) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmarks that print numbers (docs/benchmarks.md)");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  CLI::App* lookup = bench->add_subcommand("lookup", "Lookup latency, start-up time and an SQLite FTS5 comparison");
  lookup->add_option("--kb-scale", o->kb_scale, "Multiply the knowledge base with synthetic entries")
      ->check(CLI::Range(1, 1000));
  lookup->add_option("--repeat", o->repeat, "Runs over the query set")->check(CLI::Range(1, 100000));
  lookup->add_option("--queries", o->queries, "JSON Lines file with {\"q\": …} (default: the public evaluation set)");
  lookup->callback([&g, o] { RunBenchLookup(g, *o); });
}

}  // namespace beian
