#include "knowledge/entry.h"

#include <array>
#include <utility>

namespace beian {
namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 4> kKinds{{
    {EntryKind::kField, "field"},
    {EntryKind::kError, "error"},
    {EntryKind::kFaq, "faq"},
    {EntryKind::kNote, "note"},
}};

constexpr std::array<std::pair<Certainty, std::string_view>, 4> kCertainties{{
    {Certainty::kCertain, "certain"},
    {Certainty::kLikely, "likely"},
    {Certainty::kUncertain, "uncertain"},
    {Certainty::kVaries, "varies"},
}};

constexpr std::array<std::pair<SourceKind, std::string_view>, 3> kSources{{
    {SourceKind::kGuide, "guide"},
    {SourceKind::kCommunity, "community"},
    {SourceKind::kFact, "fact"},
}};

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(EntryKind kind) { return Name(kKinds, kind); }
std::string_view ToString(Certainty certainty) { return Name(kCertainties, certainty); }
std::string_view ToString(SourceKind kind) { return Name(kSources, kind); }
std::optional<EntryKind> ParseEntryKind(std::string_view s) { return Parse(kKinds, s); }
std::optional<Certainty> ParseCertainty(std::string_view s) { return Parse(kCertainties, s); }
std::optional<SourceKind> ParseSourceKind(std::string_view s) { return Parse(kSources, s); }

}  // namespace beian
