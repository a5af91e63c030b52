#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/outcome.h"

namespace beian {

struct ScreenshotReading;  // bot/ocr/screenshot.h

// A message as every channel hands it to the engine.
struct IncomingMessage {
  std::string platform;  // "cli", "api", "wechat", …
  std::string chat;      // conversation id (a group, or the user for 1:1)
  std::string user;      // the sender's platform id (pseudonymous)
  std::string text;
  std::string message_id;  // the platform's id, for retries; may be empty
  // The bot account the message was sent to (WeChat / WeCom ToUserName,
  // DingTalk chatbotUserId, Feishu app_id, OneBot self_id); may be empty.
  // With platform, chat and user it scopes message_id: a retry is the same
  // id from the same sender to the same bot, never just the same id.
  std::string account;
  std::string user_name;   // display name, for mentions; may be empty
  bool group = false;      // sent in a group chat
  bool mentioned = false;  // the bot was @-mentioned
  bool from_self = false;  // the bot's own message echoed back
  // An image, voice message, file …: only its kind is known, `text` is empty.
  // The engine answers it from the conversation's state (at an upload step:
  // upload it on the filing page, not here).
  bool non_text = false;
  // An image read as a screenshot before the turn (the server does it, off
  // the engine, when the platform delivered one and OCR is on): the engine
  // answers what it says. The image itself is never kept.
  std::shared_ptr<const ScreenshotReading> screenshot;

  // A 1:1 text message with no id: the terminal chat and tests.
  static IncomingMessage Direct(std::string platform, std::string chat, std::string user,
                                std::string text) {
    IncomingMessage m;
    m.platform = std::move(platform);
    m.chat = std::move(chat);
    m.user = std::move(user);
    m.text = std::move(text);
    return m;
  }
};

// What the engine says back: one or more chat messages, in order.
//   kind     how the turn was decided (storage/outcome.h)
//   handled  false when the bot stays silent (a group message not for it)
struct Reply {
  std::vector<std::string> texts;
  Outcome kind = Outcome::kIgnored;
  bool handled = true;
};

}  // namespace beian
