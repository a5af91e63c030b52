#include "bot/core/turn_log.h"

#include <string>

namespace beian {

void TurnLog::Write(std::string_view platform, Outcome kind, std::string_view detail) {
  std::string line = "turn platform=";
  line.append(platform).append(" kind=").append(Name(kind));
  if (!detail.empty()) line.append(" ").append(detail);
  line += '\n';
  std::lock_guard lock(mutex_);
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
}

}  // namespace beian
