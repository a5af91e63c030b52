#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace beian {

// Splits `text` into pieces of at most `max_bytes` UTF-8 bytes, preferring
// line breaks, never cutting a character. Empty input gives no pieces.
std::vector<std::string> SplitUtf8(std::string_view text, size_t max_bytes);

// All replies as one message of at most `max_bytes` (for platforms that take a
// single passive reply): joined by blank lines; when too long, cut at a line
// break and ended, on a line of its own, with `cut_note`, which says the rest
// was left out (bot-texts.json "reply.cut"; adapters use Channel::OneMessage,
// which passes it). A note longer than half of `max_bytes` is left out.
std::string OneMessage(const std::vector<std::string>& texts, size_t max_bytes,
                       std::string_view cut_note);

}  // namespace beian
