#include "tests/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "bot/core/kb_loader.h"

namespace beian::test {

const Matcher& ShippedMatcher() {
  static const Matcher matcher(LoadKb(BEIAN_TEST_KB_DIR));
  return matcher;
}

std::string Top(const MatchResult& r) { return r.matches.empty() ? "" : r.matches[0].entry->id; }

std::string Answer(std::string_view text) {
  const MatchResult r = ShippedMatcher().Match(text);
  return r.answered ? Top(r) : "";
}

const BotLanguage& ShippedLanguage() {
  static const BotLanguage language =
      BotLanguage::Load(std::filesystem::path(BEIAN_TEST_FORM).parent_path());
  return language;
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("beian-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

RunResult RunBot(const std::string& args, const std::string& input) {
  TempDir dir;
  WriteFile(dir.path() / "in", input);
  const std::string cmd = std::string("'") + BEIAN_TEST_BIN + "' " + args + " <'" +
                          (dir.path() / "in").string() + "' >'" + (dir.path() / "out").string() +
                          "' 2>'" + (dir.path() / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  r.out = slurp(dir.path() / "out");
  r.err = slurp(dir.path() / "err");
  return r;
}

}  // namespace beian::test
