#pragma once

#include <string>
#include <vector>

#include "bot/core/bot_texts.h"
#include "knowledge/matcher.h"

namespace beian {

// `lookup --image FILE…`: reads each screenshot and prints the bot's reply,
// or with `json` one line per image: the `lookup --json` object of the lines
// understood plus "image" (the path), "ocr_text" (every line read) and
// "screenshot" (VerdictName). Returns false when a file could not be opened
// (reported on stderr; the other files are still answered).
bool LookupImages(const Matcher& matcher, const BotTexts& say,
                  const std::vector<std::string>& files, bool json, size_t top);

}  // namespace beian
