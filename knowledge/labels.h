#pragma once

#include <array>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "knowledge/entry.h"
#include "knowledge/load_problem.h"

namespace beian {

// The Chinese words answers use for the parts of the form ("主办单位信息" …,
// "通用" for 0), the entry kinds ("字段说明", "报错" …), the certainties and
// the source kinds, as written in labels.json (docs/kb-format.md). The code
// holds no labels: only ReadLabels makes a Labels, and only when every part
// 0–5 and every EntryKind, Certainty and SourceKind has a non-empty label.
// Immutable; any number of threads may read it.
class Labels {
 public:
  // Each returns a view into this object, valid as long as it lives.
  // The name of part `section` of the form; the general label (part 0) for
  // any number outside 1–5.
  std::string_view Section(int section) const;
  std::string_view Kind(EntryKind kind) const;
  std::string_view Certainty(beian::Certainty certainty) const;
  std::string_view Source(SourceKind kind) const;

 private:
  friend std::optional<Labels> ReadLabels(const nlohmann::json& j, const std::string& file,
                                          std::vector<LoadProblem>& problems);
  Labels() = default;

  std::array<std::string, 6> sections_;
  std::array<std::string, 4> kinds_;
  std::array<std::string, 4> certainties_;
  std::array<std::string, 3> sources_;
};

// Reads labels.json: {"sections": {"0": …, …, "5": …}, "kinds": {"field": …},
// "certainties": {"certain": …}, "sources": {"guide": …}}, keyed by the
// names the entries use (ToString). Appends to `problems` every missing,
// empty or non-string label and every unknown key, naming `file`; returns
// the labels only when it appended nothing. Never throws for bad content.
std::optional<Labels> ReadLabels(const nlohmann::json& j, const std::string& file,
                                 std::vector<LoadProblem>& problems);

}  // namespace beian
