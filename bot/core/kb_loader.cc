#include "bot/core/kb_loader.h"

#include <cstdlib>

namespace beian {
namespace {

std::filesystem::path FromEnv(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? std::filesystem::path(v) : std::filesystem::path(fallback);
}

}  // namespace

std::filesystem::path DefaultKbDir() { return FromEnv("BEIAN_KB_DIR", BEIAN_DEFAULT_KB_DIR); }

std::filesystem::path DefaultSharedDir() {
  return FromEnv("BEIAN_SHARED_DIR", BEIAN_DEFAULT_SHARED_DIR);
}

std::filesystem::path DefaultFormPath() { return FromEnv("BEIAN_FORM", BEIAN_DEFAULT_FORM); }

std::filesystem::path DefaultWebDir() { return FromEnv("BEIAN_WEB_DIR", BEIAN_DEFAULT_WEB_DIR); }

std::filesystem::path DefaultDbPath() { return FromEnv("BEIAN_DB", "beian-bot.db"); }

std::shared_ptr<const KnowledgeBase> LoadKb(const std::filesystem::path& dir) {
  return std::make_shared<const KnowledgeBase>(LoadKnowledgeBase(dir));
}

}  // namespace beian
