#pragma once

#include <string>

namespace beian {

// Who asked: one user in one chat on one platform.
struct Asker {
  std::string platform, chat, user;
};

}  // namespace beian
