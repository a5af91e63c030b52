#include "knowledge/knowledge_base.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "knowledge/catalogue.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// A copy of the shipped knowledge base that a test may break.
struct KbCopy {
  test::TempDir dir;
  KbCopy() {
    for (const auto& f : fs::directory_iterator(BEIAN_TEST_KB_DIR)) {
      fs::copy_file(f.path(), dir.path() / f.path().filename());
    }
  }
  json Read(const std::string& name) const {
    std::ifstream in(dir.path() / name);
    return json::parse(in);
  }
  void Write(const std::string& name, const json& j) const {
    test::WriteFile(dir.path() / name, j.dump(2));
  }
  // Applies `edit` to the entry with `id` in file `name`.
  template <typename F>
  void Edit(const std::string& name, const std::string& id, F edit) const {
    json j = Read(name);
    for (auto& e : j.at("entries")) {
      if (e.at("id").get<std::string>() == id) edit(e);
    }
    Write(name, j);
  }
};

std::string AllProblems(const ReadResult& r) {
  std::string s;
  for (const auto& p : r.problems) s += p.ToString() + "\n";
  return s;
}

TEST_CASE("the shipped knowledge base is valid and holds every catalogue id") {
  const ReadResult r = ReadKnowledgeBase(BEIAN_TEST_KB_DIR);
  INFO(AllProblems(r));
  REQUIRE(r.problems.empty());
  for (std::string_view id : CatalogueIds()) CHECK(r.kb->Find(id) != nullptr);
  CHECK(r.kb->Find("no.such.id") == nullptr);
}

TEST_CASE("every error entry quotes a platform error text and has enough aliases") {
  const KnowledgeBase kb = LoadKnowledgeBase(BEIAN_TEST_KB_DIR);
  for (const Entry& e : kb.entries()) {
    CAPTURE(e.id);
    if (e.kind == EntryKind::kError) CHECK(!e.error_texts.empty());
    const size_t min = (e.kind == EntryKind::kError || e.kind == EntryKind::kFaq) ? 5 : 3;
    CHECK(e.aliases.size() >= min);
    CHECK(!e.steps.empty());
    CHECK(!e.source.detail.empty());
  }
}

TEST_CASE("a missing required key names the file, the entry and the key") {
  KbCopy kb;
  kb.Edit("host.json", "field.host.name", [](json& e) { e.erase("summary"); });
  const ReadResult r = ReadKnowledgeBase(kb.dir.path());
  REQUIRE(r.problems.size() >= 1);
  CHECK(!r.kb.has_value());
  const std::string all = AllProblems(r);
  CHECK(all.find("host.json: entry 'field.host.name': missing 'summary'") != std::string::npos);
  // A broken entry is also reported as absent from the catalogue, not silently skipped.
  CHECK(all.find("field.host.name") != std::string::npos);
}

TEST_CASE("duplicate ids, unknown related ids, wrong kinds and too few aliases are refused") {
  KbCopy kb;
  json j = kb.Read("host.json");
  json dup = j.at("entries").at(0);
  j.at("entries").push_back(dup);
  kb.Write("host.json", j);
  kb.Edit("host.json", "field.host.region", [](json& e) { e["related"] = {"error.nowhere"}; });
  kb.Edit("app.json", "error.app.remark-format", [](json& e) { e["kind"] = "field"; });
  kb.Edit("faq.json", "faq.sms.not-received", [](json& e) { e["aliases"] = {"一", "二"}; });
  kb.Edit("general.json", "note.host.data-delay", [](json& e) { e["certainty"] = "sure"; });

  const std::string all = AllProblems(ReadKnowledgeBase(kb.dir.path()));
  CHECK(all.find("duplicate id") != std::string::npos);
  CHECK(all.find("entry 'field.host.region': related id 'error.nowhere' does not exist") !=
        std::string::npos);
  CHECK(all.find("entry 'error.app.remark-format': id must start with its kind 'field.'") !=
        std::string::npos);
  CHECK(all.find("entry 'faq.sms.not-received': needs at least 5 aliases, has 2") !=
        std::string::npos);
  CHECK(all.find("unknown certainty 'sure'") != std::string::npos);
}

TEST_CASE("a file that is not JSON is named; a missing catalogue id is named") {
  KbCopy kb;
  test::WriteFile(kb.dir.path() / "other.json", "{ \"entries\": [ {\"id\": ");
  const ReadResult r = ReadKnowledgeBase(kb.dir.path());
  const std::string all = AllProblems(r);
  CHECK(all.find("other.json: is not valid JSON") != std::string::npos);
  CHECK(all.find("(catalogue): entry 'field.other.commitment': catalogue id has no entry") !=
        std::string::npos);
}

TEST_CASE("more field words than the matcher keeps bits for are named") {
  KbCopy kb;
  const fs::path path = kb.dir.path() / "synonyms.json";
  json synonyms = json::parse(std::ifstream(path));
  for (int i = 0; i < 65; ++i) synonyms["field_words"].push_back("字段" + std::to_string(i));
  test::WriteFile(path, synonyms.dump());
  const std::string all = AllProblems(ReadKnowledgeBase(kb.dir.path()));
  CHECK(all.find("'field_words' holds at most 64 words") != std::string::npos);
}

TEST_CASE("LoadKnowledgeBase throws with every problem listed") {
  KbCopy kb;
  kb.Edit("admin.json", "field.admin.phone", [](json& e) { e["title"] = ""; });
  fs::remove(kb.dir.path() / "synonyms.json");
  try {
    (void)LoadKnowledgeBase(kb.dir.path());
    FAIL("expected KnowledgeBaseError");
  } catch (const KnowledgeBaseError& e) {
    const std::string what = e.what();
    CHECK(what.find("admin.json: entry 'field.admin.phone': 'title' is empty") !=
          std::string::npos);
    CHECK(what.find("synonyms.json: is missing") != std::string::npos);
    CHECK(e.problems().size() == 2);
  }
}

TEST_CASE("the glossary's terms join the synonyms, homophones apart; a bad glossary is named") {
  KbCopy kb;
  test::WriteFile(kb.dir.path() / "glossary.json",
                  R"({"terms": [{"means": "人脸核身", "kind": "english", "say": ["face scan"]},
                                {"means": "应急", "kind": "homophone", "say": ["应及"]}],
                      "filler": ["thx"]})");
  const ReadResult r = ReadKnowledgeBase(kb.dir.path());
  REQUIRE(r.problems.empty());
  const Lexicon& lex = r.kb->lexicon();
  CHECK(std::any_of(lex.synonyms.begin(), lex.synonyms.end(), [](const SynonymGroup& g) {
    return g.canonical == "人脸核身" && g.variants[0] == "face scan";
  }));
  REQUIRE(lex.homophones.size() == 1);
  CHECK(lex.homophones[0].variants[0] == "应及");
  CHECK(std::find(lex.filler.begin(), lex.filler.end(), "thx") != lex.filler.end());

  test::WriteFile(kb.dir.path() / "glossary.json", R"({"terms": {"means": "x"}})");
  CHECK(AllProblems(ReadKnowledgeBase(kb.dir.path()))
            .find("glossary.json: must be an object with an array 'terms'") != std::string::npos);
  test::WriteFile(kb.dir.path() / "glossary.json",
                  R"({"terms": [{"means": "人脸核身", "say": ["face"]}]})");
  CHECK(AllProblems(ReadKnowledgeBase(kb.dir.path())).find("kind") != std::string::npos);
}

TEST_CASE("labels.json is required, and a bad label names the file and the key") {
  KbCopy kb;
  json labels = kb.Read("labels.json");
  labels["kinds"].erase("faq");
  kb.Write("labels.json", labels);
  const ReadResult bad = ReadKnowledgeBase(kb.dir.path());
  CHECK_FALSE(bad.kb.has_value());
  CHECK(AllProblems(bad).find("labels.json: 'kinds' has no label for 'faq'") != std::string::npos);

  fs::remove(kb.dir.path() / "labels.json");
  const ReadResult missing = ReadKnowledgeBase(kb.dir.path());
  CHECK_FALSE(missing.kb.has_value());
  CHECK(AllProblems(missing) == "labels.json: is missing\n");
}

TEST_CASE("a folder that does not exist is a problem, not a crash") {
  const ReadResult r = ReadKnowledgeBase("/nonexistent/beian/kb");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message == "is not a directory");
}

}  // namespace
}  // namespace beian
