#pragma once

#include <string>
#include <vector>

namespace beian {

// A message as every channel hands it to the engine.
struct IncomingMessage {
  std::string platform;  // "cli", "api", "wechat", …
  std::string chat;      // conversation id (a group, or the user for 1:1)
  std::string user;      // the sender's platform id (pseudonymous)
  std::string text;
};

// What the engine says back: one or more chat messages, in order.
//   kind  how the turn was decided: "walkthrough", "answer", "clarify",
//         "declined", "greeting", "error"
struct Reply {
  std::vector<std::string> texts;
  std::string kind;
};

}  // namespace beian
