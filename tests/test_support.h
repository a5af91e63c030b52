#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "bot/core/bot_language.h"
#include "knowledge/matcher.h"

namespace beian::test {

// The shipped knowledge base, loaded once and shared by every test.
const Matcher& ShippedMatcher();

// The id of a result's best match, or "" when it has none.
std::string Top(const MatchResult& r);

// The entry the shipped matcher answers `text` with, or "" when it declines.
std::string Answer(std::string_view text);

// The shipped bot-texts.json and bot-words.json (beside BEIAN_TEST_FORM),
// loaded once and shared by every test.
const BotLanguage& ShippedLanguage();

// A fresh empty folder under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, const std::string& content);

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built beian-bot with `args` (shell-quoted by the caller), feeding
// `input` on standard input.
RunResult RunBot(const std::string& args, const std::string& input = "");

}  // namespace beian::test
