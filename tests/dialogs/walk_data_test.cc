#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dialogs/checks.h"
#include "dialogs/form_spec.h"
#include "dialogs/texts.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

const fs::path kDataDir = fs::path(BEIAN_TEST_FORM).parent_path();

// A copy of the shipped data files in a fresh directory, to break one of them.
struct DataCopy {
  fs::path dir = fs::temp_directory_path() / ("beian-walk-data-" + std::to_string(::getpid()));
  DataCopy() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* f : {"form.json", "texts.json", "words.json", "rules.json"})
      fs::copy_file(kDataDir / f, dir / f);
  }
  ~DataCopy() { fs::remove_all(dir); }
  nlohmann::json Read(const char* file) const {
    std::ifstream in(dir / file);
    return nlohmann::json::parse(in);
  }
  void Write(const char* file, const nlohmann::json& j) const {
    std::ofstream(dir / file) << j.dump(2);
  }
  // The FormSpecError LoadFormSpec throws, or "" when it loads.
  std::string LoadError() const {
    try {
      (void)LoadFormSpec(dir / "form.json");
    } catch (const FormSpecError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_CASE("the shipped data files load, with every text the code uses") {
  const FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  for (int i = 0; i < static_cast<int>(Text::kCount); ++i) {
    CAPTURE(TextId(static_cast<Text>(i)));
    CHECK_FALSE(form.texts(static_cast<Text>(i)).empty());
  }
  CHECK(form.texts(Text::kWalkRecordOk, {{"label", "手机号"}, {"value", "138****8000"}}) ==
        "已记录「手机号」：138****8000");
  CHECK(form.rules.ValidityFor("宁夏回族自治区").months == 6);
  CHECK(form.rules.ValidityFor("广东省").months == 3);
  CHECK(form.rules.ValidityFor("").note.empty());
}

TEST_CASE("placeholders: named, replaced once, unknown ones kept") {
  CHECK(RenderText("第 {n} 项「{label}」", {{"n", "2"}, {"label", "{n}"}}) == "第 2 项「{n}」");
  CHECK(RenderText("{missing} 和 {", {}) == "{missing} 和 {");
  CHECK(RenderText("", {{"a", "b"}}).empty());
}

TEST_CASE("every check form.json names is in the registry, and the registry names are unique") {
  const FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  for (const Step& s : form.steps) {
    if (s.kind == StepKind::kInput) CHECK(FindCheck(s.check) != nullptr);
  }
  for (const CheckSpec& c : Checks()) CHECK(FindCheck(c.name) == &c);
  CHECK(FindCheck("no_such_check") == nullptr);
}

TEST_CASE("a broken data file is named with the id or key at fault") {
  DataCopy copy;
  REQUIRE(copy.LoadError().empty());
  SUBCASE("a text the code uses is missing") {
    auto texts = copy.Read("texts.json");
    texts.erase("walk.where");
    copy.Write("texts.json", texts);
    const std::string e = copy.LoadError();
    CHECK(e.find("texts.json") != std::string::npos);
    CHECK(e.find("'walk.where' is missing") != std::string::npos);
  }
  SUBCASE("a text the code does not know") {
    auto texts = copy.Read("texts.json");
    texts["walk.typo"] = "……";
    copy.Write("texts.json", texts);
    CHECK(copy.LoadError().find("unknown text id 'walk.typo'") != std::string::npos);
  }
  SUBCASE("a word list is missing") {
    auto words = copy.Read("words.json");
    words["commands"].erase("keep");
    copy.Write("words.json", words);
    const std::string e = copy.LoadError();
    CHECK(e.find("words.json") != std::string::npos);
    CHECK(e.find("'commands.keep' is missing") != std::string::npos);
  }
  SUBCASE("a validity rule without months") {
    auto rules = copy.Read("rules.json");
    rules["validity"]["provinces"]["宁夏回族自治区"].erase("months");
    copy.Write("rules.json", rules);
    CHECK(copy.LoadError().find("'months' must be a positive whole number") != std::string::npos);
  }
  SUBCASE("a step names a check that is not registered") {
    auto form = copy.Read("form.json");
    form["parts"][0]["steps"][0]["check"] = "regoin";
    copy.Write("form.json", form);
    CHECK(copy.LoadError().find("unknown check 'regoin'") != std::string::npos);
  }
  SUBCASE("a sibling file is missing") {
    fs::remove(copy.dir / "rules.json");
    CHECK(copy.LoadError().find("cannot read") != std::string::npos);
  }
}

}  // namespace
}  // namespace beian
