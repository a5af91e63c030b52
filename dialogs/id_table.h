#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace beian {

// The strict reader of the data files that map ids to what users read or
// type (texts.json, bot-texts.json, bot-words.json): the code lists every id
// it uses; the file is one JSON object with exactly those ids, so a typo in
// an id fails at start-up instead of silently showing nothing.
// `what` names the kind of value in errors ("text", "word list").

// Reads `file` and returns its values in the order of `ids`, each a string.
// Throws FormSpecError naming the file and the id when an id is missing,
// when the file has an id not in `ids` ("unknown text id 'walk.typo'"), when
// a value is not a string, or when the file is no JSON object.
std::vector<std::string> LoadStringTable(const std::filesystem::path& file,
                                         std::span<const std::string_view> ids,
                                         std::string_view what);

// The ids of a code-side table of (key, id) pairs, in its order.
template <typename Key, std::size_t N>
std::vector<std::string_view> IdsOf(const std::pair<Key, std::string_view> (&table)[N]) {
  std::vector<std::string_view> ids;
  ids.reserve(N);
  for (const auto& [key, id] : table) ids.push_back(id);
  return ids;
}

// True when `table` lists every value of `Enum` (whose last enumerator is
// kCount) once, in enum order: for a static_assert beside the table.
template <typename Enum, std::size_t N>
constexpr bool ListsEnumInOrder(const std::pair<Enum, std::string_view> (&table)[N]) {
  if (N != static_cast<std::size_t>(Enum::kCount)) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (static_cast<std::size_t>(table[i].first) != i) return false;
  }
  return true;
}

// The same for lists: each value a non-empty list of strings.
std::vector<std::vector<std::string>> LoadListTable(const std::filesystem::path& file,
                                                    std::span<const std::string_view> ids,
                                                    std::string_view what);

}  // namespace beian
