#include "knowledge/catalogue.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

namespace beian {
namespace {

TEST_CASE("the compiled catalogue equals ../shared/kb-catalogue.md") {
  const std::filesystem::path md = std::filesystem::path(BEIAN_TEST_SHARED_DIR) / "kb-catalogue.md";
  std::ifstream in(md);
  REQUIRE_MESSAGE(in.good(), "cannot read " << md);
  std::set<std::string> from_md;
  const std::regex row(R"(^\| ((field|error|faq|note)\.[a-z0-9.-]+) \|)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, row)) from_md.insert(m[1].str());
  }
  std::set<std::string> compiled;
  for (std::string_view id : CatalogueIds()) compiled.insert(std::string(id));
  CHECK(compiled.size() == CatalogueIds().size());  // no duplicates
  CHECK(compiled == from_md);
}

}  // namespace
}  // namespace beian
