// The self-service page, entry pages and GET /v1/entries through a real server.
// (A headless-browser test of the page's script is still to come: README.)
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

std::string IndexHtml() {
  std::ifstream in(
      std::filesystem::path(BEIAN_TEST_FORM).parent_path().parent_path().parent_path() / "web" /
      "index.html");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_CASE("the self-service page, entry pages and the entries API") {
  test::ServerStack stack;
  const std::string page = IndexHtml();
  REQUIRE(page.find("小程序备案报错查询") != std::string::npos);
  stack.SetWebPage(page);
  stack.Start();
  auto c = stack.Client();

  auto index = c.Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("Content-Type").find("text/html") == 0);
  CHECK(index->body.find("/v1/lookup") != std::string::npos);

  auto entry = c.Get("/v1/entries/error.principal.phone-shared");
  REQUIRE(entry);
  CHECK(entry->status == 200);
  const json j = json::parse(entry->body);
  CHECK(j.at("position") == "第 2 部分 · 主体负责人信息 · ⑥ 手机号");
  CHECK(!j.at("steps").empty());
  CHECK(j.at("certainty_label").get<std::string>().find("确定") != std::string::npos);
  CHECK(j.at("related")[0].at("title").is_string());
  auto missing = c.Get("/v1/entries/no.such.entry");
  REQUIRE(missing);
  CHECK(missing->status == 404);

  auto html = c.Get("/kb/field.host.mail-address");
  REQUIRE(html);
  CHECK(html->status == 200);
  CHECK(html->body.find("<h1>⑧ 通讯地址") != std::string::npos);
  CHECK(html->body.find("<ol><li>") != std::string::npos);
  CHECK(html->body.find("href=\"/kb/") != std::string::npos);
  auto nope = c.Get("/kb/nope");
  REQUIRE(nope);
  CHECK(nope->status == 404);
}

TEST_CASE("without a web page, / is not served") {
  test::ServerStack stack;
  stack.Start();
  auto r = stack.Client().Get("/");
  REQUIRE(r);
  CHECK(r->status == 404);
}

}  // namespace
}  // namespace beian
