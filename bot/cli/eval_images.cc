#include "bot/cli/eval_images.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "bot/core/kb_loader.h"
#include "bot/ocr/screenshot.h"

namespace beian {
namespace {

struct ImageCase {
  std::string file, kind;
  std::set<std::string> expect;
};

std::vector<ImageCase> ReadCases(const std::filesystem::path& dir) {
  std::ifstream in(dir / "expected.jsonl");
  if (!in) {
    std::cerr << "eval: cannot read " << (dir / "expected.jsonl").string() << '\n';
    throw CLI::RuntimeError(2);
  }
  std::vector<ImageCase> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("file") || !j["file"].is_string() ||
        !j.contains("expect") || !j["expect"].is_array()) {
      std::cerr << "eval: expected.jsonl:" << n << ": not {\"file\", \"kind\", \"expect\"}\n";
      throw CLI::RuntimeError(2);
    }
    ImageCase c{j["file"].get<std::string>(), j.value("kind", std::string("error")), {}};
    for (const auto& id : j["expect"])
      if (id.is_string()) c.expect.insert(id.get<std::string>());
    out.push_back(std::move(c));
  }
  return out;
}

// The entries the reply answers: every recognised error, else the best match.
std::set<std::string> Answered(const ScreenshotReading& r) {
  std::set<std::string> ids;
  const bool answers =
      r.verdict == ScreenshotVerdict::kErrors || r.verdict == ScreenshotVerdict::kUnsure;
  if (!answers || !r.match.answered || r.match.matches.empty()) return ids;
  const size_t n = std::max<size_t>(r.match.errors, 1);
  for (size_t i = 0; i < n && i < r.match.matches.size(); ++i)
    ids.insert(r.match.matches[i].entry->id);
  return ids;
}

std::string Ids(const std::set<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += ',';
    out += id;
  }
  return out.empty() ? "-" : out;
}

long PeakKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

struct Tally {
  int with_error = 0, right = 0, without = 0, silent = 0, unreadable = 0, asked = 0;
  std::vector<double> seconds;
};

void Score(const ImageCase& c, const ScreenshotReading& r, Tally& t, bool quiet) {
  const std::set<std::string> got = Answered(r);
  const bool has_error = !c.expect.empty();
  bool ok = false;
  if (has_error) {
    ++t.with_error;
    ok = got == c.expect;
    t.right += ok;
  } else {
    ++t.without;
    ok = got.empty();
    t.silent += ok;
    if (c.kind == "unreadable") {
      ++t.unreadable;
      t.asked += r.verdict == ScreenshotVerdict::kUnreadable;
    }
  }
  if (!ok && !quiet) {
    std::cout << "  miss " << c.file << " (" << c.kind << "): expected " << Ids(c.expect)
              << ", got " << Ids(got) << " [" << VerdictName(r.verdict) << "]\n      read: ";
    std::string text = r.ocr_text;
    std::replace(text.begin(), text.end(), '\n', '|');
    std::cout << text << '\n';
  }
}

void PrintTally(const Tally& t, double load_seconds) {
  auto pct = [](int a, int b) { return b == 0 ? 0.0 : 100.0 * a / b; };
  std::printf("right entry          %3d/%-3d  %5.1f %%   (images with an error)\n", t.right,
              t.with_error, pct(t.right, t.with_error));
  std::printf(
      "no answer claimed    %3d/%-3d  %5.1f %%   (images without one; %d/%d unreadable "
      "asked for the original)\n",
      t.silent, t.without, pct(t.silent, t.without), t.asked, t.unreadable);
  std::printf(
      "time per image       p50 %.2f s  p95 %.2f s  max %.2f s   (model load %.2f s apart)\n",
      Percentile(t.seconds, 0.5), Percentile(t.seconds, 0.95), Percentile(t.seconds, 1),
      load_seconds);
  std::printf("peak RSS             %.1f MB\n", PeakKb() / 1024.0);
}

}  // namespace

void RunImageEval(const GlobalOptions& g, const ImageEvalOptions& o) {
  const std::filesystem::path dir(o.dir);
  const std::vector<ImageCase> cases = ReadCases(dir);
  const Matcher matcher(LoadKb(g.KbDir()));
  using Clock = std::chrono::steady_clock;
  const auto load_start = Clock::now();
  OcrEngine engine;
  const double load = std::chrono::duration<double>(Clock::now() - load_start).count();
  Tally t;
  for (const ImageCase& c : cases) {
    const auto bytes = ReadImageFile(dir / c.file);
    if (!bytes) {
      std::cerr << "eval: cannot read " << (dir / c.file).string() << '\n';
      throw CLI::RuntimeError(2);
    }
    const auto start = Clock::now();
    const ScreenshotReading r = ReadScreenshot(*bytes, engine, matcher);
    t.seconds.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    Score(c, r, t, o.quiet);
  }
  PrintTally(t, load);
  const double right = t.with_error == 0 ? 1 : static_cast<double>(t.right) / t.with_error;
  const double silent = t.without == 0 ? 1 : static_cast<double>(t.silent) / t.without;
  if (right < o.min_right || silent < o.min_silent) throw CLI::RuntimeError(1);
}

}  // namespace beian
