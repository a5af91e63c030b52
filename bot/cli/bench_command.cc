#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "bot/cli/bench.h"
#include "bot/cli/commands.h"
#include "bot/core/kb_loader.h"
#include "bot/server/config.h"
#include "bot/server/http_server.h"
#include "bot/server/thread_pool.h"
#include "knowledge/matcher.h"
#include "knowledge/normalizer.h"
#include "storage/sqlite/fts_index.h"

namespace beian {

long ResidentKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

std::vector<std::string> ReadJsonLinesField(const std::string& path, const std::string& field) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read queries file " + path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    const auto v = j.find(field);
    if (v != j.end() && v->is_string()) out.push_back(v->get<std::string>());
  }
  if (out.empty()) throw std::runtime_error("no {\"" + field + "\": …} lines in " + path);
  return out;
}

namespace {

using Clock = std::chrono::steady_clock;

struct BenchOptions {
  int kb_scale = 1;
  std::string synthetic = "splice";
  bool skip_fts = false;
  int repeat = 200;
  std::string queries;
};

double Micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

// Makes synthetic texts for --kb-scale.
//   splice: each text is rebuilt, at its own length, from random 2–4
//           character fragments of all shipped texts: the same vocabulary
//           and term statistics, but new sentences (a knowledge base that
//           grew with new, different entries);
//   mutate: each text keeps its order with about one character in four
//           replaced at random: near-copies of every entry, the worst case
//           for the error-text matcher.
class Synthesizer {
 public:
  Synthesizer(const KnowledgeBase& kb, std::string mode) : mode_(std::move(mode)), rng_(42) {
    for (const Entry& e : kb.entries()) {
      for (const auto& t : e.aliases) pool_ += DecodeUtf8(t);
      for (const auto& t : e.error_texts) pool_ += DecodeUtf8(t);
      pool_ += DecodeUtf8(e.title) + DecodeUtf8(e.summary);
    }
  }

  std::string Make(const std::string& s) {
    std::u32string u = DecodeUtf8(s);
    if (mode_ == "mutate") {
      std::uniform_int_distribution<int> pick(0, 3);
      std::uniform_int_distribution<char32_t> cjk(0x4E00, 0x9FA5);
      for (char32_t& c : u) {
        if (IsCjk(c) && pick(rng_) == 0) c = cjk(rng_);
      }
      return EncodeUtf8(u);
    }
    std::u32string out;
    std::uniform_int_distribution<size_t> at(0, pool_.size() - 5);
    std::uniform_int_distribution<size_t> len(2, 4);
    while (out.size() < u.size()) out += pool_.substr(at(rng_), len(rng_));
    out.resize(u.size());
    return EncodeUtf8(out);
  }

 private:
  std::string mode_;
  std::mt19937 rng_;
  std::u32string pool_;
};

// The shipped entries plus (scale − 1) synthetic copies of each.
std::shared_ptr<const KnowledgeBase> Scale(const KnowledgeBase& kb, int scale,
                                           const std::string& mode) {
  std::vector<Entry> entries = kb.entries();
  Synthesizer synth(kb, mode);
  for (int c = 1; c < scale; ++c) {
    for (const Entry& e : kb.entries()) {
      Entry s = e;
      s.id = "synthetic." + std::to_string(c) + "." + e.id;
      s.related.clear();
      s.title = synth.Make(e.title);
      s.summary = synth.Make(e.summary);
      for (auto& t : s.error_texts) t = synth.Make(t);
      for (auto& t : s.aliases) t = synth.Make(t);
      for (auto& t : s.steps) t = synth.Make(t);
      for (auto& t : s.notes) t = synth.Make(t);
      entries.push_back(std::move(s));
    }
  }
  return std::make_shared<const KnowledgeBase>(std::move(entries), kb.lexicon(), kb.labels(),
                                               kb.out_of_scope());
}

struct Stats {
  double p50 = 0, p99 = 0, max = 0, per_second = 0;
};

Stats Summarize(std::vector<double> micros) {
  std::sort(micros.begin(), micros.end());
  double total = 0;
  for (double m : micros) total += m;
  auto at = [&](double q) {
    return micros[std::min(micros.size() - 1,
                           static_cast<size_t>(q * static_cast<double>(micros.size())))];
  };
  return {at(0.50), at(0.99), micros.back(), 1e6 * static_cast<double>(micros.size()) / total};
}

void CompareWithFts(const KnowledgeBase& kb, const std::vector<std::string>& queries, int repeat,
                    const Stats& s);
void PrintSlowest(const std::vector<std::string>& queries, const std::vector<double>& per_query);

void RunBenchLookup(const GlobalOptions& g, const BenchOptions& o) {
  const std::string queries_path =
      o.queries.empty() ? (DefaultSharedDir() / "eval" / "queries.public.jsonl").string()
                        : o.queries;
  const auto queries = ReadJsonLinesField(queries_path, "q");

  const auto t0 = Clock::now();
  const auto base = LoadKb(g.KbDir());
  const auto kb = o.kb_scale > 1 ? Scale(*base, o.kb_scale, o.synthetic) : base;
  const auto t1 = Clock::now();
  const Matcher matcher(kb);
  const auto t2 = Clock::now();

  std::vector<double> ours;
  ours.reserve(queries.size() * static_cast<size_t>(o.repeat));
  std::vector<double> per_query(queries.size(), 0.0);
  size_t answered = 0;
  for (const auto& q : queries) answered += matcher.Match(q).answered;  // warm-up
  for (int r = 0; r < o.repeat; ++r) {
    for (size_t i = 0; i < queries.size(); ++i) {
      const auto& q = queries[i];
      const auto a = Clock::now();
      (void)matcher.Match(q);
      ours.push_back(Micros(Clock::now() - a));
      per_query[i] += ours.back() / o.repeat;
    }
  }
  const long rss = ResidentKb();

  const Stats s = Summarize(ours);
  std::cout << std::fixed << std::setprecision(1);
  std::cout << "bench lookup: " << queries.size() << " queries × " << o.repeat << " runs, "
            << kb->entries().size() << " entries (kb-scale " << o.kb_scale
            << (o.kb_scale > 1 ? ", " + o.synthetic : std::string()) << "), " << answered
            << " answered\n";
  std::cout << "start-up: load " << Micros(t1 - t0) / 1000 << " ms + index "
            << Micros(t2 - t1) / 1000 << " ms = " << Micros(t2 - t0) / 1000 << " ms\n";
  std::cout << "matcher: p50 " << s.p50 << " µs, p99 " << s.p99 << " µs, max " << s.max << " µs, "
            << std::setprecision(0) << s.per_second << " lookups/s (one thread), RSS " << rss / 1024
            << " MB\n"
            << std::setprecision(1);
  if (!o.skip_fts) CompareWithFts(*kb, queries, o.repeat, s);
  PrintSlowest(queries, per_query);
}

void CompareWithFts(const KnowledgeBase& kb_ref, const std::vector<std::string>& queries,
                    int repeat, const Stats& s) {
  const KnowledgeBase* kb = &kb_ref;
  const auto f0 = Clock::now();
  FtsIndex fts;
  for (size_t i = 0; i < kb->entries().size(); ++i) {
    fts.Add(static_cast<std::int64_t>(i), EntryText(kb->entries()[i]));
  }
  const auto f1 = Clock::now();
  std::vector<double> theirs;
  const int fts_repeat = std::max(1, repeat / 10);
  for (int r = 0; r < fts_repeat; ++r) {
    for (const auto& q : queries) {
      const auto a = Clock::now();
      (void)fts.Search(q, 5);
      theirs.push_back(Micros(Clock::now() - a));
    }
  }

  const Stats f = Summarize(theirs);
  std::cout << "sqlite fts5 trigram: build " << Micros(f1 - f0) / 1000 << " ms, p50 " << f.p50
            << " µs, p99 " << f.p99 << " µs, " << std::setprecision(0) << f.per_second
            << " lookups/s\n"
            << std::setprecision(2);
  std::cout << "ratio fts5/matcher: p50 " << f.p50 / s.p50 << "×, p99 " << f.p99 / s.p99 << "×\n";
}

void PrintSlowest(const std::vector<std::string>& queries, const std::vector<double>& per_query) {
  std::vector<size_t> order(queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return per_query[a] > per_query[b]; });
  std::cout << std::setprecision(1) << "slowest queries (mean µs):\n";
  for (size_t i = 0; i < order.size() && i < 3; ++i) {
    const std::u32string q = DecodeUtf8(queries[order[i]]);
    std::cout << "  " << per_query[order[i]] << "  " << EncodeUtf8(q.substr(0, 40)) << '\n';
  }
}

}  // namespace

std::string EntryText(const Entry& e) {
  std::string text = e.title + "\n" + e.field_name;
  for (const auto& s : e.error_texts) text += "\n" + s;
  for (const auto& s : e.aliases) text += "\n" + s;
  text += "\n" + e.summary;
  for (const auto& s : e.steps) text += "\n" + s;
  return text;
}

// A bare cpp-httplib server answering a constant: the baseline the
// scripts/bench-http load test compares POST /v1/messages with.
void RunBaseline(const std::string& listen) {
  const auto colon = listen.rfind(':');
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100);  // as beian-bot serve
  server.set_keep_alive_timeout(2);
  int listen_socket = -1;  // listened on again with serve's backlog, as HttpServer::Bind does
  server.set_socket_options([&listen_socket](socket_t sock) {
    ListenSocketOptions(sock);  // as serve: a port in use is an error
    listen_socket = sock;
  });
  server.new_task_queue = [] {  // as beian-bot serve
    return new ElasticThreadPool(ServerOptions{}.kept_threads, ServerConfig{}.threads);
  };
  server.Post("/v1/messages", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"replies":[{"text":"ok"}],"handled":true})", "application/json");
  });
  if (!server.bind_to_port(listen.substr(0, colon).c_str(), std::stoi(listen.substr(colon + 1)))) {
    std::cerr << "bench baseline: cannot listen on " << listen << '\n';
    throw CLI::RuntimeError(1);
  }
  if (listen_socket >= 0) ::listen(listen_socket, ServerOptions{}.listen_backlog);
  if (!server.listen_after_bind()) {
    std::cerr << "bench baseline: cannot listen on " << listen << '\n';
    throw CLI::RuntimeError(1);
  }
}

void RegisterBench(CLI::App& app, const GlobalOptions& g) {
  CLI::App* bench =
      app.add_subcommand("bench", "Benchmarks that print numbers (docs/benchmarks.md)");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  CLI::App* lookup = bench->add_subcommand(
      "lookup", "Lookup latency, start-up time and an SQLite FTS5 comparison");
  lookup
      ->add_option("--kb-scale", o->kb_scale, "Multiply the knowledge base with synthetic entries")
      ->check(CLI::Range(1, 1000));
  lookup
      ->add_option(
          "--synthetic", o->synthetic,
          "How --kb-scale makes entries: splice (new sentences from the same vocabulary) or "
          "mutate (near-copies, the worst case)")
      ->check(CLI::IsMember({"splice", "mutate"}));
  lookup->add_flag("--skip-fts", o->skip_fts, "Time only the matcher");
  lookup->add_option("--repeat", o->repeat, "Runs over the query set")
      ->check(CLI::Range(1, 100000));
  lookup->add_option("--queries", o->queries,
                     "JSON Lines file with {\"q\": …} (default: the public evaluation set)");
  lookup->callback([&g, o] { RunBenchLookup(g, *o); });

  auto listen = std::make_shared<std::string>("127.0.0.1:18181");
  CLI::App* baseline = bench->add_subcommand("baseline",
                                             "Serve a constant reply on POST /v1/messages with "
                                             "bare cpp-httplib (the load test's baseline)");
  baseline->add_option("--listen", *listen, "HOST:PORT")->capture_default_str();
  baseline->callback([listen] { RunBaseline(*listen); });

  auto engine = std::make_shared<std::pair<int, int>>(200000, 1);
  CLI::App* turns = bench->add_subcommand(
      "engine",
      "Time conversation turns without HTTP: the load test's messages sent straight to the engine");
  turns->add_option("--messages", engine->first, "Messages to send")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000000));
  turns->add_option("--threads", engine->second, "Threads sending them")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  auto no_cache = std::make_shared<bool>(false);
  turns->add_flag("--no-cache", *no_cache, "Without serve's session cache and message-id filter");
  turns->callback(
      [&g, engine, no_cache] { RunBenchEngine(g, engine->first, engine->second, !*no_cache); });

  auto t = std::make_shared<BenchTriageOptions>();
  t->set = "tests/eval/triage-groups.jsonl";  // run from the repository
  CLI::App* triage = bench->add_subcommand(
      "triage", "Time grouping one new question against a queue of many open items");
  triage->add_option("--items", t->items, "Open items in the queue")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  triage->add_option("--set", t->set, "Questions (JSON Lines with \"text\")")
      ->capture_default_str();
  triage->add_option("--db", t->db, "An empty database to fill instead of a new SQLite file");
  triage->add_option("--repeat", t->repeat, "Runs over the questions")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  triage->callback([&g, t] { RunBenchTriage(g, *t); });
}

}  // namespace beian
