#pragma once

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/core/message.h"

namespace beian {

class BotTexts;
enum class BotText;  // bot/core/bot_texts.h

// An HTTP request as a channel sees it (the server fills it in).
struct ChannelRequest {
  std::string method;                          // "GET" / "POST"
  std::map<std::string, std::string> query;    // URL-decoded
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // raw bytes
  std::int64_t now_ms = 0;                     // the server's clock, for timestamp windows
};

struct ChannelResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;

  static ChannelResponse Json(int status, const std::string& body) {
    return {status, "application/json; charset=utf-8", body};
  }
  static ChannelResponse Error(int status, std::string_view message);  // {"error": message}
};

// What parsing a request gave: a message for the engine, or an answer to
// send back directly (a URL check, an event to ignore, a refused signature).
struct Parsed {
  std::optional<IncomingMessage> message;
  ChannelResponse response;  // used when message is empty
  std::string context;       // adapter data needed to render the reply (reply-to ids, crypto mode)
  // The bytes of an image the request carried (the generic API's
  // image_base64): the server reads it as a screenshot into
  // message->screenshot before the turn, then drops it.
  std::string image;
  // Or where to download it from (OneBot's image segment, the generic API's
  // image_url): fetched only from ocr.image_hosts.
  std::string image_url;
  // Or the key the platform's own API gives it by (Feishu image_key,
  // DingTalk downloadCode, WeChat / WeCom MediaId): fetched by the channel's MediaSource.
  std::string media_key;
};

// The request body as a JSON object; on failure `parsed.response` is set to
// a 400 and nullopt returned.
std::optional<nlohmann::json> ParseJsonBody(const std::string& body, Parsed& parsed);

// True when `timestamp` is a whole number within `max_skew` of `now` (both in
// the same unit: the platform's seconds or milliseconds).
bool WithinWindow(std::string_view timestamp, std::int64_t now, std::int64_t max_skew);

// One platform adapter: translates the platform's request into an
// IncomingMessage and the engine's Reply into the platform's response.
// Adapters hold only configuration, the bot's texts among it: what an
// adapter says itself (the cut note of OneMessage, the answer to a message
// it does not understand) is from bot-texts.json, handed over by UseTexts.
// Thread-safety: UseTexts before serving; then const methods only.
class Channel {
 public:
  virtual ~Channel() = default;
  // `texts` must outlive the channel. Without it (fuzzing, tests that do
  // not read them) the adapter's own sentences are empty.
  void UseTexts(const BotTexts& texts) { texts_ = &texts; }
  virtual std::string_view name() const = 0;
  // Whether its requests may carry an image's bytes (Parsed::image): the
  // server then allows them the image body size.
  virtual bool TakesImages() const { return false; }
  virtual Parsed Parse(const ChannelRequest& request) const = 0;
  virtual ChannelResponse Render(const Parsed& parsed, const Reply& reply) const = 0;
  // Replies this platform only accepts through its API, as (sender name,
  // payload) pairs for the outbox; empty for platforms that answer inline.
  virtual std::vector<std::pair<std::string, std::string>> Deferred(const Parsed& /*parsed*/,
                                                                    const Reply& /*reply*/) const {
    return {};
  }
  // Replies for an answer that comes after the HTTP response was sent (a
  // screenshot that took longer to read than the platform waits), through
  // the platform's API like Deferred; empty when the platform has no way
  // to answer late (the server then waits for the reading instead).
  virtual std::vector<std::pair<std::string, std::string>> Late(const Parsed& parsed,
                                                                const Reply& reply) const {
    return Deferred(parsed, reply);
  }
  // Whether Late can deliver for this message (checked before waiting).
  virtual bool RepliesLate(const Parsed& /*parsed*/) const { return false; }

 protected:
  // The sentence, or "" before UseTexts.
  std::string Say(BotText text) const;
  // All replies as one message of at most `max_bytes`, a cut one ended with
  // the bot's note (bot/core/reply_limits.h, bot-texts.json "reply.cut").
  // Adapters call this one: inside them it hides reply_limits.h's.
  std::string OneMessage(const std::vector<std::string>& texts, size_t max_bytes) const;

 private:
  const BotTexts* texts_ = nullptr;
};

}  // namespace beian
