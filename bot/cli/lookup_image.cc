#include "bot/cli/lookup_image.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/core/screenshot_reply.h"
#include "bot/ocr/screenshot.h"

namespace beian {
namespace {

void Print(const std::string& file, const ScreenshotReading& r, const Matcher& matcher,
           const BotTexts& say, bool json, size_t top) {
  if (!json) {
    std::cout << ScreenshotReply(r, matcher.kb(), say).texts.front() << '\n';
    return;
  }
  nlohmann::json j = ScreenshotJson(r, top);
  j["image"] = file;
  std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

bool LookupImages(const Matcher& matcher, const BotTexts& say,
                  const std::vector<std::string>& files, bool json, size_t top) {
  OcrEngine engine;
  bool all = true;
  bool first = true;
  for (const std::string& file : files) {
    const auto bytes = ReadImageFile(file);
    if (!bytes) {
      std::cerr << "lookup: cannot open " << file << '\n';
      all = false;
      continue;
    }
    if (!json && !first) std::cout << "\n————————————\n\n";
    first = false;
    Print(file, ReadScreenshot(*bytes, engine, matcher), matcher, say, json, top);
  }
  return all;
}

}  // namespace beian
