#include "knowledge/labels.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace beian {
namespace {

using nlohmann::json;

constexpr std::array<EntryKind, 4> kKinds{EntryKind::kField, EntryKind::kError, EntryKind::kFaq,
                                          EntryKind::kNote};
constexpr std::array<Certainty, 4> kCertainties{Certainty::kCertain, Certainty::kLikely,
                                                Certainty::kUncertain, Certainty::kVaries};
constexpr std::array<SourceKind, 3> kSources{SourceKind::kGuide, SourceKind::kCommunity,
                                             SourceKind::kFact};
constexpr std::array<std::string_view, 4> kGroups{"sections", "kinds", "certainties", "sources"};

// The keys of a group: the values' names as the entries write them.
template <typename E, size_t N>
std::array<std::string, N> Keys(const std::array<E, N>& values) {
  std::array<std::string, N> keys;
  for (size_t i = 0; i < N; ++i) keys[i] = std::string(ToString(values[i]));
  return keys;
}

std::array<std::string, 6> SectionKeys() { return {"0", "1", "2", "3", "4", "5"}; }

template <typename E, size_t N>
size_t Slot(const std::array<E, N>& values, E value) {
  return static_cast<size_t>(std::find(values.begin(), values.end(), value) - values.begin());
}

template <size_t N>
std::string KeyList(const std::array<std::string, N>& keys) {
  std::string s;
  for (const std::string& k : keys) s += (s.empty() ? "" : ", ") + k;
  return s;
}

// Reads the object `group` of labels.json into `labels`, slot i from keys[i].
template <size_t N>
void ReadGroup(const json& j, const std::string& group, const std::array<std::string, N>& keys,
               std::array<std::string, N>& labels, const std::string& file,
               std::vector<LoadProblem>& problems) {
  const auto it = j.find(group);
  if (it == j.end()) {
    problems.push_back({file, "", "missing '" + group + "'"});
    return;
  }
  if (!it->is_object()) {
    problems.push_back({file, "", "'" + group + "' must be an object of labels"});
    return;
  }
  for (const auto& item : it->items()) {
    const std::string& key = item.key();
    const json& value = item.value();
    const auto slot = std::find(keys.begin(), keys.end(), key);
    if (slot == keys.end()) {
      problems.push_back(
          {file, "",
           "'" + group + "' has unknown key '" + key + "' (expected " + KeyList(keys) + ")"});
    } else if (!value.is_string() || value.get<std::string>().empty()) {
      problems.push_back(
          {file, "", "'" + group + "' label '" + key + "' must be a non-empty string"});
    } else {
      labels[static_cast<size_t>(slot - keys.begin())] = value.get<std::string>();
    }
  }
  for (const std::string& key : keys) {
    if (!it->contains(key))
      problems.push_back({file, "", "'" + group + "' has no label for '" + key + "'"});
  }
}

}  // namespace

std::string_view Labels::Section(int section) const {
  return sections_[section >= 1 && section <= 5 ? static_cast<size_t>(section) : 0];
}

std::string_view Labels::Kind(EntryKind kind) const { return kinds_[Slot(kKinds, kind)]; }

std::string_view Labels::Certainty(beian::Certainty certainty) const {
  return certainties_[Slot(kCertainties, certainty)];
}

std::string_view Labels::Source(SourceKind kind) const { return sources_[Slot(kSources, kind)]; }

std::optional<Labels> ReadLabels(const json& j, const std::string& file,
                                 std::vector<LoadProblem>& problems) {
  if (!j.is_object()) {
    problems.push_back(
        {file, "", "must be an object with 'sections', 'kinds', 'certainties' and 'sources'"});
    return std::nullopt;
  }
  const size_t before = problems.size();
  for (const auto& [key, value] : j.items()) {
    if (std::find(kGroups.begin(), kGroups.end(), key) == kGroups.end()) {
      problems.push_back({file, "", "unknown key '" + key + "'"});
    }
  }
  Labels labels;
  ReadGroup(j, "sections", SectionKeys(), labels.sections_, file, problems);
  ReadGroup(j, "kinds", Keys(kKinds), labels.kinds_, file, problems);
  ReadGroup(j, "certainties", Keys(kCertainties), labels.certainties_, file, problems);
  ReadGroup(j, "sources", Keys(kSources), labels.sources_, file, problems);
  if (problems.size() != before) return std::nullopt;
  return labels;
}

}  // namespace beian
