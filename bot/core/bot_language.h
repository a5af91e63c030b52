#pragma once

#include <filesystem>

#include "bot/core/bot_texts.h"
#include "bot/core/bot_words.h"

namespace beian {

// What the bot says and the words it recognises outside the walkthrough:
// the data files bot-texts.json and bot-words.json. Loaded once at start-up
// and passed by const reference to the code that renders or recognises
// them. Immutable; thread-safe to read.
struct BotLanguage {
  BotTexts texts;
  BotWords words;

  // Reads both files from `dir`, the folder of the form (DefaultFormPath's,
  // so $BEIAN_FORM and an installed share/beian-bot/ carry them along).
  // Throws FormSpecError naming the file and the id at fault.
  static BotLanguage Load(const std::filesystem::path& dir) {
    return {BotTexts::Load(dir / "bot-texts.json"), BotWords::Load(dir / "bot-words.json")};
  }
};

}  // namespace beian
