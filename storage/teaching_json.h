#pragma once

#include <string>
#include <vector>

namespace beian {

// A teaching's phrasings as the `teachings` table keeps them (a JSON array
// of strings), in both backends. Parse gives an empty list for anything else.
std::string PhrasingsJson(const std::vector<std::string>& phrasings);
std::vector<std::string> ParsePhrasings(const std::string& json);

}  // namespace beian
