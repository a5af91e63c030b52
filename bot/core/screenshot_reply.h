#pragma once

#include <nlohmann/json_fwd.hpp>

#include "bot/core/bot_texts.h"
#include "bot/core/message.h"
#include "bot/ocr/screenshot.h"

namespace beian {

// The chat reply to a screenshot. An answer first says that a screenshot was
// read and quotes the lines it understood (so a misread is visible), then
// answers them like pasted text; a guess from red text that holds no known
// error wording says so, and so does an error wording matched only loosely
// (several characters misread: ask for the text if the quote looks wrong). No error, unreadable
// text and an image the bot cannot open each get their own sentence (bot-texts.json
// "screenshot.*").
//   kind  kAnswer / kClarify when answered, kDeclined otherwise
Reply ScreenshotReply(const ScreenshotReading& reading, const KnowledgeBase& kb,
                      const BotTexts& say);

// The `lookup --image --json` object, shared by the CLI and POST /v1/lookup:
// the `lookup --json` object of the lines understood (LookupJson: "query" is
// those lines joined by line breaks) plus "ocr_text" (every line read) and
// "screenshot" (VerdictName), and "problem" (ImageProblemName) for an image
// that was not decoded. At most `top` matches are listed.
nlohmann::json ScreenshotJson(const ScreenshotReading& reading, size_t top = 5);

}  // namespace beian
