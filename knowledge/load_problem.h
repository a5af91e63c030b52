#pragma once

#include <string>

namespace beian {

// One thing wrong with a knowledge-base folder: which file, which entry
// (empty when the problem is with the file itself) and what.
struct LoadProblem {
  std::string file;
  std::string entry_id;
  std::string message;

  std::string ToString() const;  // "host.json: entry 'field.host.name': missing 'title'"
};

}  // namespace beian
