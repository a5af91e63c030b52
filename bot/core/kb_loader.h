#pragma once

#include <filesystem>
#include <memory>

#include "knowledge/knowledge_base.h"

namespace beian {

// The knowledge-base folder to use when none is given: $BEIAN_KB_DIR, else
// the source tree's knowledge/data (set at build time).
std::filesystem::path DefaultKbDir();

// The shared folder (../shared beside the repository): $BEIAN_SHARED_DIR,
// else the path set at build time.
std::filesystem::path DefaultSharedDir();

// The walkthrough's form: $BEIAN_FORM, else dialogs/data/form.json of the
// source tree. Its siblings (texts.json, words.json, rules.json, and the
// bot's bot-texts.json and bot-words.json: BotLanguage) are read from the
// same folder.
std::filesystem::path DefaultFormPath();

// The web pages' folder: $BEIAN_WEB_DIR, else web/ of the source tree.
std::filesystem::path DefaultWebDir();

// The database file: $BEIAN_DB, else ./beian-bot.db.
std::filesystem::path DefaultDbPath();

// Loads and validates; throws KnowledgeBaseError naming file, entry and problem.
std::shared_ptr<const KnowledgeBase> LoadKb(const std::filesystem::path& dir);

}  // namespace beian
