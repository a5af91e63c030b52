// The `beian-bot lookup` and `kb` contracts, through the real binary.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;

std::vector<json> JsonLines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

TEST_CASE("lookup --json prints the contract object") {
  const auto r = test::RunBot("lookup --json --top 3 '【主体负责人手机号码】不允许被多人使用'");
  REQUIRE(r.exit_code == 0);
  const auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 1);
  const json& j = lines[0];
  CHECK(j.at("query").get<std::string>() == "【主体负责人手机号码】不允许被多人使用");
  CHECK(j.at("answered").get<bool>());
  CHECK_FALSE(j.at("ambiguous").get<bool>());
  const json& m = j.at("matches");
  REQUIRE(m.is_array());
  REQUIRE(m.size() >= 1);
  CHECK(m.size() <= 3);
  CHECK(m[0].at("id").get<std::string>() == "error.principal.phone-shared");
  CHECK(m[0].at("kind").get<std::string>() == "error");
  CHECK(!m[0].at("title").get<std::string>().empty());
  CHECK(m[0].at("score").is_number());
}

TEST_CASE("lookup --json without TEXT answers each stdin line in order") {
  const auto r =
      test::RunBot("lookup --json", "今天天气怎么样\n验证码不正确\r\n\n通讯地址怎么填\n");
  REQUIRE(r.exit_code == 0);
  const auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 4);
  CHECK_FALSE(lines[0].at("answered").get<bool>());
  CHECK(lines[1].at("matches")[0].at("id").get<std::string>() == "error.sms-code-invalid");
  CHECK(lines[1].at("query").get<std::string>() == "验证码不正确");
  CHECK(lines[2].at("query").get<std::string>().empty());
  CHECK_FALSE(lines[2].at("answered").get<bool>());
  CHECK(lines[3].at("matches")[0].at("id").get<std::string>() == "field.host.mail-address");
}

TEST_CASE("lookup survives invalid UTF-8 and still prints valid JSON") {
  const auto r = test::RunBot("lookup --json", std::string("验证码\xff不正确\n"));
  REQUIRE(r.exit_code == 0);
  const auto lines = JsonLines(r.out);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].at("answered").get<bool>());
}

TEST_CASE("readable lookup shows position, steps, source, certainty and related entries") {
  const auto r = test::RunBot("lookup 通讯地址未能精确到门牌号");
  REQUIRE(r.exit_code == 0);
  for (const char* part : {"通讯地址", "位置：第 1 部分 · 主办单位信息", "怎么办：", "  1. ",
                           "来源：", "可信度：", "相关条目："}) {
    CAPTURE(part);
    CHECK(r.out.find(part) != std::string::npos);
  }
}

TEST_CASE("readable lookup declines politely outside the domain") {
  const auto r = test::RunBot("lookup 明天会下雨吗");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("没有找到") != std::string::npos);
}

TEST_CASE("kb check passes on the shipped knowledge base and fails on a broken one") {
  const auto ok = test::RunBot("kb check");
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("知识库检查通过") != std::string::npos);

  test::TempDir dir;
  test::WriteFile(dir.path() / "synonyms.json", R"({"groups": []})");
  test::WriteFile(dir.path() / "host.json",
                  R"({"entries": [{"id": "field.host.region", "kind": "field", "section": 1}]})");
  const auto bad = test::RunBot("kb check '" + dir.path().string() + "'");
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("host.json: entry 'field.host.region': missing 'title'") != std::string::npos);
  CHECK(bad.err.find("catalogue id has no entry") != std::string::npos);
}

TEST_CASE("a broken knowledge base stops lookup with a message naming the problem") {
  test::TempDir dir;
  test::WriteFile(dir.path() / "synonyms.json", "not json");
  const auto r = test::RunBot("--kb '" + dir.path().string() + "' lookup 验证码不正确");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("synonyms.json: is not valid JSON") != std::string::npos);
}

TEST_CASE("kb list --json lists every entry with id, kind, title and text") {
  const auto r = test::RunBot("kb list --json");
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);
  REQUIRE(j.is_array());
  CHECK(j.size() >= 63);
  for (const auto& e : j) {
    CHECK(e.at("id").is_string());
    CHECK(e.at("kind").is_string());
    CHECK(e.at("title").is_string());
    CHECK(!e.at("text").get<std::string>().empty());
  }
}

TEST_CASE("every verb has --help") {
  for (const char* verb :
       {"lookup", "kb check", "kb list", "kb export", "bench lookup", "bench baseline", "serve",
        "chat", "triage list", "triage teach", "triage stats"}) {
    CAPTURE(verb);
    const auto r = test::RunBot(std::string(verb) + " --help");
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--help") != std::string::npos);
  }
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("bench lookup prints latency, start-up and the FTS5 comparison") {
  const auto r = test::RunBot("bench lookup --repeat 2 --kb-scale 2");
  REQUIRE(r.exit_code == 0);
  // Twice the shipped knowledge base, whose size `kb list --json` gives.
  const auto list = test::RunBot("kb list --json");
  REQUIRE(list.exit_code == 0);
  const std::size_t shipped = nlohmann::json::parse(list.out).size();
  REQUIRE(shipped >= 63);
  CHECK(r.out.find(std::to_string(2 * shipped) + " entries (kb-scale 2, splice)") !=
        std::string::npos);
  for (const char* part : {"start-up: load", "matcher: p50", "p99",
                           "sqlite fts5 trigram:", "ratio fts5/matcher:", "slowest queries"}) {
    CAPTURE(part);
    CHECK(r.out.find(part) != std::string::npos);
  }
  const auto bad = test::RunBot("bench lookup --queries /nonexistent.jsonl");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("cannot read queries file") != std::string::npos);
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE(
    "eval prints right/total per style and kind, the misses, and the baselines beside the bot") {
  test::TempDir dir;
  const auto set = dir.path() / "set.jsonl";
  std::ofstream(set)
      << R"({"q": "【主体负责人手机号码】不允许被多人使用", "expect": ["error.principal.phone-shared"], "style": "ocr"})"
         "\n"
      << R"({"q": "今天天气怎么样", "expect": [], "style": "trap"})"
         "\n"
      << R"({"q": "公众号怎么改名字", "expect": ["field.host.name"], "style": "trap"})"
         "\n";
  const auto r = test::RunBot("eval --baselines '" + set.string() + "'");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("MISS [trap/questions] 公众号怎么改名字") !=
        std::string::npos);  // a wrong expectation shows as a miss
  CHECK(r.out.find("style ocr") != std::string::npos);
  CHECK(r.out.find("style trap") != std::string::npos);
  CHECK(r.out.find("kind errors") != std::string::npos);
  CHECK(r.out.find("fts5") != std::string::npos);
  CHECK(r.out.find("bm25") != std::string::npos);
  const auto overall = r.out.substr(r.out.find("overall"));
  CHECK(overall.find("2/3") != std::string::npos);
  CHECK(test::RunBot("eval /no/such/file.jsonl").exit_code != 0);
}

}  // namespace
}  // namespace beian
