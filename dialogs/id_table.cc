#include "dialogs/id_table.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dialogs/form_spec.h"

namespace beian {
namespace {

using nlohmann::json;

// The file's object, checked to have exactly `ids`; `valid` tells a good value.
template <typename Valid>
json ReadTable(const std::filesystem::path& file, std::span<const std::string_view> ids,
               std::string_view what, std::string_view must_be, Valid valid) {
  std::ifstream in(file);
  if (!in) throw FormSpecError("cannot read " + file.string());
  std::stringstream buf;
  buf << in.rdbuf();
  json j = json::parse(buf.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    throw FormSpecError(file.string() + ": not a JSON object of id → " + std::string(what));
  const std::string name = file.string() + ": " + std::string(what) + " '";
  for (const std::string_view id : ids) {
    const auto it = j.find(id);
    if (it == j.end()) throw FormSpecError(name + std::string(id) + "' is missing");
    if (!valid(*it))
      throw FormSpecError(name + std::string(id) + "' must be " + std::string(must_be));
  }
  const std::set<std::string_view> known(ids.begin(), ids.end());
  for (const auto& [id, value] : j.items()) {
    if (!known.contains(id))
      throw FormSpecError(file.string() + ": unknown " + std::string(what) + " id '" + id + "'");
  }
  return j;
}

bool IsList(const json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const json& w : v) {
    if (!w.is_string()) return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> LoadStringTable(const std::filesystem::path& file,
                                         std::span<const std::string_view> ids,
                                         std::string_view what) {
  const json j =
      ReadTable(file, ids, what, "a string", [](const json& v) { return v.is_string(); });
  std::vector<std::string> out;
  for (const std::string_view id : ids) out.push_back(j.find(id)->get<std::string>());
  return out;
}

std::vector<std::vector<std::string>> LoadListTable(const std::filesystem::path& file,
                                                    std::span<const std::string_view> ids,
                                                    std::string_view what) {
  const json j = ReadTable(file, ids, what, "a non-empty list of strings", IsList);
  std::vector<std::vector<std::string>> out;
  for (const std::string_view id : ids) {
    std::vector<std::string>& list = out.emplace_back();
    for (const json& w : *j.find(id)) list.push_back(w.get<std::string>());
  }
  return out;
}

}  // namespace beian
