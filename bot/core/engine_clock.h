#pragma once

#include <chrono>
#include <functional>

namespace beian {

// The wall clock, injected so that tests control time.
using Clock = std::function<std::chrono::system_clock::time_point()>;

}  // namespace beian
