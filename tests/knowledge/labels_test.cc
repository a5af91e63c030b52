#include "knowledge/labels.h"

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "knowledge/knowledge_base.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;

json ShippedLabels() {
  std::ifstream in(std::filesystem::path(BEIAN_TEST_KB_DIR) / "labels.json");
  return json::parse(in);
}

// Every problem ReadLabels reports for `j`, one per line.
std::string Problems(const json& j) {
  std::vector<LoadProblem> problems;
  const auto labels = ReadLabels(j, "labels.json", problems);
  CHECK(labels.has_value() == problems.empty());
  std::string s;
  for (const auto& p : problems) s += p.ToString() + "\n";
  return s;
}

TEST_CASE("the knowledge base answers with the labels written in labels.json") {
  const json j = ShippedLabels();
  const Labels& labels = test::ShippedMatcher().kb().labels();
  for (int section = 0; section <= 5; ++section) {
    CAPTURE(section);
    CHECK(labels.Section(section) ==
          j.at("sections").at(std::to_string(section)).get<std::string>());
  }
  for (EntryKind k : {EntryKind::kField, EntryKind::kError, EntryKind::kFaq, EntryKind::kNote}) {
    CHECK(labels.Kind(k) == j.at("kinds").at(std::string(ToString(k))).get<std::string>());
  }
  for (Certainty c :
       {Certainty::kCertain, Certainty::kLikely, Certainty::kUncertain, Certainty::kVaries}) {
    CHECK(labels.Certainty(c) ==
          j.at("certainties").at(std::string(ToString(c))).get<std::string>());
  }
  for (SourceKind k : {SourceKind::kGuide, SourceKind::kCommunity, SourceKind::kFact}) {
    CHECK(labels.Source(k) == j.at("sources").at(std::string(ToString(k))).get<std::string>());
  }
}

TEST_CASE("a part number outside 1 to 5 gets the general label") {
  const Labels& labels = test::ShippedMatcher().kb().labels();
  CHECK(labels.Section(-1) == labels.Section(0));
  CHECK(labels.Section(6) == labels.Section(0));
  CHECK(labels.Section(1) != labels.Section(0));
}

TEST_CASE("the shipped labels.json has no problems") { CHECK(Problems(ShippedLabels()).empty()); }

TEST_CASE("every missing, empty or unknown label is named with its file and key") {
  struct Case {
    const char* what;
    json::json_pointer at;
    json value;  // null: remove the key
    const char* problem;
  };
  const Case cases[] = {
      {"a missing part", json::json_pointer("/sections/3"), nullptr,
       "labels.json: 'sections' has no label for '3'"},
      {"an unknown part", json::json_pointer("/sections/6"), "x",
       "labels.json: 'sections' has unknown key '6' (expected 0, 1, 2, 3, 4, 5)"},
      {"an empty kind", json::json_pointer("/kinds/error"), "",
       "labels.json: 'kinds' label 'error' must be a non-empty string"},
      {"a number for a certainty", json::json_pointer("/certainties/likely"), 1,
       "labels.json: 'certainties' label 'likely' must be a non-empty string"},
      {"an unknown source kind", json::json_pointer("/sources/blog"), "博客",
       "labels.json: 'sources' has unknown key 'blog' (expected guide, community, fact)"},
      {"an unknown group", json::json_pointer("/colours"), json::object(),
       "labels.json: unknown key 'colours'"},
      {"a missing group", json::json_pointer("/kinds"), nullptr, "labels.json: missing 'kinds'"},
      {"a group that is not an object", json::json_pointer("/sources"), json::array(),
       "labels.json: 'sources' must be an object of labels"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    json j = ShippedLabels();
    if (c.value.is_null()) {
      j[c.at.parent_pointer()].erase(c.at.back());
    } else {
      j[c.at] = c.value;
    }
    CHECK(Problems(j) == std::string(c.problem) + "\n");
  }
  CHECK(Problems(json::array()) ==
        "labels.json: must be an object with 'sections', 'kinds', 'certainties' and 'sources'\n");
}

}  // namespace
}  // namespace beian
