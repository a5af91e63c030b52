#include "storage/teaching_json.h"

#include <nlohmann/json.hpp>

namespace beian {

std::string PhrasingsJson(const std::vector<std::string>& phrasings) {
  return nlohmann::json(phrasings).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> ParsePhrasings(const std::string& json) {
  const auto j = nlohmann::json::parse(json, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& p : j) {
    if (p.is_string()) out.push_back(p.get<std::string>());
  }
  return out;
}

}  // namespace beian
