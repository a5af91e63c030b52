#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace beian {

// JSON text written directly, for the few texts every conversation turn
// writes (the saved state, the replies kept for retries, the API response):
// nlohmann::json builds a tree and checks each byte on the way out, which
// cost several microseconds a turn for a kilobyte of Chinese.

// Appends `s` as a quoted JSON string, escaped as nlohmann::json::dump()
// escapes it ('"', '\\' and control characters; UTF-8 kept as it is), so the
// two write the same text for valid UTF-8. A byte that does not belong to a
// valid UTF-8 sequence becomes U+FFFD: the result always parses.
void AppendJsonString(std::string& out, std::string_view s);

// ["a","b",…]: the same text as nlohmann::json(texts).dump() for valid UTF-8.
std::string JsonStringArray(const std::vector<std::string>& texts);

}  // namespace beian
