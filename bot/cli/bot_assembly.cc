#include "bot/cli/bot_assembly.h"

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "bot/core/kb_loader.h"
#include "bot/core/keyed_hash.h"
#include "bot/server/address_set.h"

namespace beian {

ServerOptions ServerOptionsFrom(const ServerConfig& config) {
  ServerOptions options;
  const auto listen = ParseListen(config.listen);
  if (!listen) throw ConfigError("listen must be HOST:PORT, got '" + config.listen + "'");
  if (!listen->host.empty()) options.host = listen->host;
  options.port = listen->port;
  options.max_body_bytes = config.max_body_bytes;
  options.threads = config.threads;
  options.trusted_proxies = config.trusted_proxies;
  options.allowed_hosts = config.allowed_hosts;
  options.max_connections_per_address = config.limits.max_connections_per_address;
  options.request_deadline_seconds = config.limits.request_deadline_seconds;
  options.max_header_bytes = config.limits.max_header_bytes;
  // An image route takes the image itself, or a JSON body with it in base64.
  // At most as many uploads at once as the OCR pool could take in.
  if (config.ocr.workers > 0) {
    options.max_image_body_bytes = config.ocr.max_image_bytes / 3 * 4 + 4 + config.max_body_bytes;
    options.max_large_bodies = config.ocr.workers + config.ocr.max_waiting;
  }
  options.requests_per_minute_per_address = config.rate_limit.address_per_minute;
  options.request_burst_per_address = config.rate_limit.address_burst;
  try {
    (void)AddressSet(config.trusted_proxies);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(std::string("trusted_proxies: ") + e.what());
  }
  return options;
}

OcrPoolOptions OcrPoolOptionsFrom(const ServerConfig& config) {
  OcrPoolOptions o;
  o.workers = config.ocr.workers;
  o.max_waiting = config.ocr.max_waiting;
  o.max_per_sender = config.ocr.max_per_sender;
  o.tessdata_dir = config.ocr.tessdata;
  o.limits.max_bytes = config.ocr.max_image_bytes;
  o.limits.max_pixels = static_cast<long long>(config.ocr.max_image_pixels);
  return o;
}

ImageFetchOptions ImageFetchOptionsFrom(const ServerConfig& config) {
  ImageFetchOptions o;
  o.hosts = config.ocr.image_hosts;
  o.max_bytes = config.ocr.max_image_bytes;
  return o;
}

EngineOptions EngineOptionsFrom(const ServerConfig& config) {
  EngineOptions options;
  options.session_idle = std::chrono::hours(24 * config.session_idle_days);
  options.group_prefix = config.group_prefix;
  options.group_errors = config.group_errors;
  for (const auto& [platform, rule] : config.group_overrides) {
    options.group_rules[platform] = {rule.prefix.value_or(config.group_prefix),
                                     rule.errors.value_or(config.group_errors)};
  }
  options.handoff_timeout = std::chrono::hours(config.handoff_timeout_hours);
  options.user_per_minute = config.rate_limit.user_per_minute;
  options.user_burst = config.rate_limit.user_burst;
  options.chat_per_minute = config.rate_limit.chat_per_minute;
  options.chat_burst = config.rate_limit.chat_burst;
  return options;
}

namespace {

// A SQLite file keeps its secret beside it when none is configured; the
// instances sharing a PostgreSQL database must be given the same one.
std::string SharedHashSecret(const ServerConfig& config) {
  if (!IsPostgresUrl(config.db)) return HashSecretFor(config.db, config.hash_secret);
  const char* env = std::getenv("BEIAN_HASH_SECRET");
  if (config.hash_secret.size() < 16 && (env == nullptr || std::strlen(env) < 16)) {
    throw ConfigError(
        "with a PostgreSQL database every instance needs the same hash_secret (config) or "
        "BEIAN_HASH_SECRET, at least 16 characters");
  }
  return HashSecretFor("", config.hash_secret);
}

}  // namespace

std::unique_ptr<Bot> BuildBot(const BotSetup& setup) {
  const ServerConfig& config = setup.config;
  const EngineOptions options = EngineOptionsFrom(config);
  auto bot = std::make_unique<Bot>();
  bot->kb = LoadKb(setup.kb_dir);
  bot->form = std::make_unique<const FormSpec>(LoadFormSpec(DefaultFormPath()));
  bot->language =
      std::make_unique<const BotLanguage>(BotLanguage::Load(DefaultFormPath().parent_path()));
  const std::string secret = SharedHashSecret(config);
  bot->storage = OpenStorage(config.db, {.sole_server = setup.caches,
                                         .session_cache_bytes = kServeSessionCacheBytes,
                                         .dedup_window_seconds = options.dedup_window.count(),
                                         .max_connections = config.db_connections});
  Storage& storage = *bot->storage;
  bot->walkthrough = std::make_unique<const Walkthrough>(
      *bot->form, *bot->kb, [secret](std::string_view v) { return KeyedHash(secret, v); });
  bot->clock = [] { return std::chrono::system_clock::now(); };
  const std::int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(bot->clock().time_since_epoch()).count();
  storage.sessions().ExpireIdle(now_s, options.session_idle.count());
  if (setup.message_ids) storage.processed().Prune(now_s, options.dedup_window.count());
  bot->support = std::make_unique<SupportStores>(storage);
  storage.log().PurgeLog(now_s, std::int64_t{config.log_retention_days} * 86400);
  bot->knowledge = std::make_unique<LiveKnowledge>(bot->kb, storage.taught(), bot->clock);
  const EngineStores stores{storage.transactor(),
                            storage.sessions(),
                            setup.message_ids ? &storage.processed() : nullptr,
                            bot->support.get(),
                            &storage.rate_buckets(),
                            &storage.turn_reader()};
  bot->engine = std::make_unique<Engine>(*bot->knowledge, *bot->walkthrough, *bot->language, stores,
                                         bot->clock, options, *setup.log);
  return bot;
}

}  // namespace beian
