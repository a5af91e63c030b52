#pragma once

#include <mutex>
#include <ostream>
#include <string_view>

#include "storage/outcome.h"

namespace beian {

// One line per turn, never the message text:
//   turn platform=wechat kind=walkthrough step=host.mail-address saved
// Thread-safety: lines from concurrent turns never interleave (one write
// each, even to an unbuffered std::cerr).
class TurnLog {
 public:
  explicit TurnLog(std::ostream& out) : out_(out) {}

  // `detail` follows the kind after a space ("by=user", "step=… saved"); may be empty.
  void Write(std::string_view platform, Outcome kind, std::string_view detail = {});

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace beian
