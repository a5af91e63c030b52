#pragma once

// The one place the conversation stack is put together: knowledge base,
// form, walkthrough, database, stores and engine, for `serve`, `chat` and
// `bench engine`; and the one mapping of ServerConfig onto the options of
// the HTTP server and of the engine.
#include <cstddef>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include "bot/core/bot_language.h"
#include "bot/core/engine.h"
#include "bot/core/knowledge_source.h"
#include "bot/ocr/ocr_pool.h"
#include "bot/server/config.h"
#include "bot/server/http_server.h"
#include "dialogs/form_spec.h"
#include "dialogs/walkthrough.h"
#include "storage/storage.h"
#include "storage/support_stores.h"

namespace beian {

// Walkthrough states `serve` (and `bench engine`, which times it) keeps in
// memory, parsed beside their text (counted as four times the text): the
// ~6,000 sessions of the first steps that 4 MB of text alone held before.
constexpr std::size_t kServeSessionCacheBytes = 16u << 20;

// The HTTP server's options from the config: listen address, limits, the
// facing-the-internet lists. Throws ConfigError when listen is not
// HOST:PORT or a trusted proxy is not an address or network.
ServerOptions ServerOptionsFrom(const ServerConfig& config);

// The screenshot reader's options from the config's "ocr" section.
OcrPoolOptions OcrPoolOptionsFrom(const ServerConfig& config);
// … and where pictures platforms point at may be downloaded from.
ImageFetchOptions ImageFetchOptionsFrom(const ServerConfig& config);

// The engine's options from the config: session and handoff times, group
// addressing (with each platform's override) and flood limits. The message-id
// window is not configured: EngineOptions' own.
EngineOptions EngineOptionsFrom(const ServerConfig& config);

// What differs between the verbs that talk.
struct BotSetup {
  std::filesystem::path kb_dir;
  ServerConfig config;  // db, hash_secret, log retention and EngineOptionsFrom's keys
  // serve: the one server of a SQLite file (holding its serve lock), with
  // its memory: the session cache, the message-id filter and the askers
  // filter. PostgreSQL ignores it (StorageOptions::sole_server).
  bool caches = true;
  // Replies remembered by message id (a retried delivery gets them again);
  // false for the terminal, whose lines have none.
  bool message_ids = true;
  std::ostream* log = &std::cerr;  // one line per turn (never the text)
};

// The stack, in construction order (destroyed in reverse).
struct Bot {
  std::shared_ptr<const KnowledgeBase> kb;  // the shipped files, as loaded
  std::unique_ptr<const FormSpec> form;
  std::unique_ptr<const BotLanguage> language;  // bot-texts.json, bot-words.json beside the form
  std::unique_ptr<Storage> storage;
  std::unique_ptr<const Walkthrough> walkthrough;
  std::unique_ptr<SupportStores> support;
  Clock clock;
  std::unique_ptr<LiveKnowledge> knowledge;
  std::unique_ptr<Engine> engine;
};

// Loads the knowledge base, the form ($BEIAN_FORM) and the bot's texts and
// words beside it (BotLanguage), opens (or creates) the storage at
// config.db (a SQLite file or a PostgreSQL URL), forgets sessions idle past session_idle_days,
// message ids past the engine's window (with message_ids) and log lines past log_retention_days,
// then builds the engine. Throws what the loaders and the storage throw; ConfigError when the
// storage is PostgreSQL and no hash_secret is configured (every instance
// must hash with the same one).
std::unique_ptr<Bot> BuildBot(const BotSetup& setup);

}  // namespace beian
