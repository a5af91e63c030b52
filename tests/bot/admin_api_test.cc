// The staff API under /admin/api through a real server on 127.0.0.1.
#include "bot/server/admin_api.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "bot/channels/generic_api.h"
#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "bot/server/http_server.h"
#include "bot/server/metrics.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "storage/support_stores.h"
#include "tests/support/sqlite_support.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using nlohmann::json;

class AdminStack {
 public:
  explicit AdminStack(bool with_admin) {
    std::filesystem::copy(BEIAN_TEST_KB_DIR, kb_dir_);
    if (with_admin) server_.SetAdmin(admin_, "<!doctype html><title>客服后台</title>");
    server_.AddChannel("/v1/messages", api_);
    port_ = server_.Bind();
    REQUIRE(port_ > 0);
    thread_ = std::thread([this] { server_.Serve(); });
    for (int i = 0; i < 2000 && !Client().Get("/healthz"); ++i) {
    }
  }
  ~AdminStack() {
    server_.Stop();
    thread_.join();
  }
  httplib::Client Client() const { return httplib::Client("127.0.0.1", port_); }
  std::pair<int, json> Call(const std::string& method, const std::string& path,
                            const json& body = json::object(),
                            const std::string& token = "staff-token") {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto c = Client();
    auto r = method == "GET"
                 ? c.Get(("/admin/api/" + path).c_str(), h)
                 : c.Post(("/admin/api/" + path).c_str(), h, body.dump(), "application/json");
    REQUIRE(r);
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  void Say(const std::string& text, const std::string& user) {
    Client().Post("/v1/messages", json{{"chat_id", "c"}, {"user_id", user}, {"text", text}}.dump(),
                  "application/json");
  }
  const std::filesystem::path& kb_dir() const { return kb_dir_; }
  bool Answers(const std::string& q) {
    auto r = Client().Get(("/v1/lookup?q=" + httplib::detail::encode_query_param(q)).c_str());
    return r && json::parse(r->body).at("answered").get<bool>();
  }

 private:
  static ServerOptions Options() {
    ServerOptions o;
    o.port = 0;
    o.access_log = false;
    return o;
  }
  test::TempDir dir_;
  std::filesystem::path kb_dir_ = dir_.path() / "kb";
  Database db_{dir_.path() / "bot.db"};
  SqliteSessionStore sessions_{db_};
  test::SqliteSupport support_{db_};
  FormSpec form_ = LoadFormSpec(BEIAN_TEST_FORM);
  Walkthrough walk_{form_, test::ShippedMatcher().kb(),
                    [](std::string_view v) { return KeyedHash("k", v); }};
  Clock clock_ = [] { return std::chrono::system_clock::now(); };
  std::chrono::seconds offset_{0};  // before knowledge_, whose constructor reads the clock
  LiveKnowledge knowledge_{test::ShippedMatcher().kb_ptr(), support_.taught,
                           [this] { return clock_() + offset_; }};
  std::ostringstream log_;
  Engine engine_{knowledge_,
                 walk_,
                 test::ShippedLanguage(),
                 EngineStores{db_, sessions_, nullptr, &support_.stores},
                 clock_,
                 EngineOptions{},
                 log_};
  AdminApi admin_{"staff-token", support_, knowledge_, test::ShippedLanguage().texts, kb_dir_, [] {
                    return std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                        .count();
                  }};
  GenericApiChannel api_{""};
  Metrics metrics_;
  HttpServer server_{Options(), knowledge_, test::ShippedLanguage().texts, &engine_, metrics_};
  int port_ = -1;
  std::thread thread_;

 public:
  void Later() { offset_ += std::chrono::seconds(2); }  // past the once-a-second generation check
};

TEST_CASE("the staff API is off without a token, and refuses a missing or wrong one") {
  AdminStack off(false);
  CHECK(off.Call("GET", "items").first == 404);
  AdminStack on(true);
  CHECK(on.Call("GET", "items", {}, "").first == 401);
  CHECK(on.Call("GET", "items", {}, "wrong").first == 401);
  CHECK(on.Call("GET", "items").first == 200);
}

// What /v1/lookup answers `q` with ("" when it declines).
std::string AnsweredWith(AdminStack& s, const std::string& q) {
  auto r = s.Client().Get(("/v1/lookup?q=" + httplib::detail::encode_query_param(q)).c_str());
  REQUIRE(r);
  const json j = json::parse(r->body);
  if (!j.at("answered").get<bool>()) return "";
  return j.at("matches").at(0).at("id").get<std::string>();
}

TEST_CASE("a group taught in one step answers new wordings of the same question") {
  AdminStack s(true);
  const std::vector<std::string> asked = {
      "备案审核期间小程序还能正常使用吗", "备案期间小程序还能不能正常用",
      "审核期间小程序还可以正常使用吗", "备案期间小程序可以正常使用吗",
      "备案审核期间小程序是否能正常使用"};
  for (std::size_t i = 0; i < asked.size(); ++i) s.Say(asked[i], "u" + std::to_string(i));
  const auto items = s.Call("GET", "items?status=open").second;
  REQUIRE(items.size() == 1);  // one question, five wordings
  const std::string id = items[0].at("id").get<std::string>();
  const auto details = s.Call("GET", "items/" + id).second;
  CHECK(details.at("wordings").size() == 5);
  CHECK(details.at("suggestions").size() == 3);
  CHECK(details.at("suggestions")[0].at("score").get<double>() >=
        details.at("suggestions")[1].at("score").get<double>());

  const std::string entry = "faq.process.review-stages";
  const auto dry =
      s.Call("POST", "items/" + id + "/teach", {{"entry_id", entry}, {"dry_run", true}});
  REQUIRE(dry.first == 200);
  CHECK(dry.second.at("wordings").size() == 5);
  CHECK(s.Call("GET", "items/" + id).second.at("status") == "open");  // nothing written
  CHECK(s.Call("POST", "items/" + id + "/teach",
               {{"entry_id", entry}, {"phrasings", json::array({"别的说法"})}})
            .first == 400);
  const auto taught = s.Call("POST", "items/" + id + "/teach", {{"entry_id", entry}});
  REQUIRE(taught.first == 200);
  CHECK(taught.second.at("status") == "answered");
  CHECK(taught.second.at("teaching").at("phrasings").size() == 5);
  s.Later();

  const std::vector<std::string> later = {
      "备案审核期间小程序能正常使用吗", "请问审核期间小程序还能不能正常使用",
      "备案期间小程序还能正常使用不", "小程序在备案审核期间能正常使用吗",
      "备案审核期间，小程序可以正常使用吗？"};
  int answered = 0;
  for (const auto& q : later) answered += AnsweredWith(s, q) == entry;
  CHECK(answered >= 4);

  const auto listed = s.Call("GET", "teachings").second;
  REQUIRE(listed.size() == 1);
  const std::string teaching = std::to_string(listed[0].at("id").get<int>());
  CHECK(s.Call("POST", "teachings/" + teaching + "/undo").first == 200);
  CHECK(s.Call("POST", "teachings/" + teaching + "/undo").first == 404);
  CHECK(s.Call("POST", "teachings/x/undo").first == 400);
  s.Later();
  CHECK(AnsweredWith(s, asked[0]).empty());
  CHECK(s.Call("GET", "items/" + id).second.at("status") == "open");
}

TEST_CASE("staff list, answer, teach and dismiss items, close tickets and read stats") {
  AdminStack s(true);
  s.Say("门脸儿那个位置写哪", "a");
  s.Say("公众号怎么改名字", "b");
  s.Say("转人工", "c");
  auto [status, items] = s.Call("GET", "items?status=open");
  REQUIRE(status == 200);
  REQUIRE(items.size() == 3);
  std::string shop, rename;
  for (const auto& i : items) {
    if (i.at("text") == "门脸儿那个位置写哪") shop = i.at("id").get<std::string>();
    if (i.at("text") == "公众号怎么改名字") rename = i.at("id").get<std::string>();
  }
  REQUIRE(!shop.empty());
  REQUIRE(!rename.empty());

  const auto one = s.Call("GET", "items/" + shop);
  CHECK(one.second.at("askers")[0].at("history")[0].at("text") == "门脸儿那个位置写哪");
  CHECK(s.Call("GET", "items/tnothere").first == 404);

  CHECK_FALSE(s.Answers("门脸儿那个位置写哪"));
  CHECK(s.Call("POST", "items/" + shop + "/teach", {{"entry_id", "no.such"}}).first == 400);
  const auto taught =
      s.Call("POST", "items/" + shop + "/teach", {{"entry_id", "field.host.mail-address"}});
  CHECK(taught.first == 200);
  CHECK(taught.second.at("entry_id") == "field.host.mail-address");
  s.Later();
  CHECK(s.Answers("门脸儿那个位置写哪"));

  CHECK(s.Call("POST", "items/" + rename + "/answer", json::object()).first == 400);
  CHECK(s.Call("POST", "items/" + rename + "/answer", {{"text", "请在公众号后台改名。"}})
            .second.at("status") == "answered");
  const auto tickets = s.Call("GET", "tickets").second;
  REQUIRE(tickets.size() == 1);
  CHECK(s.Call("POST", "tickets/" + std::to_string(tickets[0].at("id").get<int>()) + "/close")
            .first == 200);
  CHECK(s.Call("POST", "tickets/999/close").first == 404);

  const auto stats = s.Call("GET", "stats?days=30").second;
  CHECK(stats.at("outcomes").at("declined").get<int>() >= 2);
  CHECK(stats.at("open_items").get<int>() == 1);
  CHECK(s.Call("POST", "items/" + rename + "/dismiss").second.at("status") == "dismissed");
  CHECK(s.Call("GET", "nowhere").first == 404);
  CHECK(s.Call("POST", "items/" + rename + "/answer", json::array()).first == 400);
}

TEST_CASE(
    "staff write a new faq entry: it answers the next message, and the askers get the answer") {
  AdminStack s(true);
  s.Say("小程序名称可以带地名吗", "a");
  s.Say("小程序名称可以带地名吗？", "b");
  const auto items = s.Call("GET", "items?status=open").second;
  REQUIRE(items.size() == 1);
  CHECK(items[0].at("count") == 2);
  const std::string id = items[0].at("id").get<std::string>();
  CHECK_FALSE(s.Answers("小程序名称可以带地名吗"));

  CHECK(s.Call("POST", "items/" + id + "/write", {{"answer", ""}}).first == 400);
  CHECK(
      s.Call("POST", "items/" + id + "/write", {{"answer", "可以"}, {"id", "FAQ bad id"}}).first ==
      400);
  CHECK(
      s.Call("POST", "items/" + id + "/write", {{"answer", "可以"}, {"certainty", "sure"}}).first ==
      400);
  CHECK(s.Call("POST", "items/" + id + "/write",
               {{"answer", "可以"}, {"id", "faq.principal.must-be-legal-rep"}})
            .first == 409);
  const auto written = s.Call(
      "POST", "items/" + id + "/write",
      {{"answer",
        "可以带地名，但要和主体所在地一致。\n先看主体证件上的地址\n名称里的地名与之相符即可"},
       {"title", "小程序名称能不能带地名"},
       {"staff", "小李"}});
  REQUIRE(written.first == 200);
  const std::string entry = "faq.staff-" + id;
  CHECK(written.second.at("entry_id") == entry);
  CHECK(written.second.at("status") == "answered");
  CHECK(written.second.at("entry").at("steps").size() == 2);
  CHECK(written.second.at("entry").at("source").at("detail").get<std::string>().find("小李") !=
        std::string::npos);
  const auto again = s.Call("POST", "items/" + id + "/write", {{"answer", "又一次"}});
  CHECK_MESSAGE(again.first == 409, again.second.dump());

  // No restart, no waiting: the next lookup finds it, and so does the entry API.
  auto r = s.Client().Get(
      ("/v1/lookup?q=" + httplib::detail::encode_query_param("小程序名称可以带地名吗")).c_str());
  REQUIRE(r);
  const json found = json::parse(r->body);
  CHECK(found.at("answered") == true);
  CHECK(found.at("matches")[0].at("id") == entry);
  CHECK(s.Client().Get(("/v1/entries/" + entry).c_str())->status == 200);
  bool listed = false;
  for (const auto& e : s.Call("GET", "entries").second) listed = listed || e.at("id") == entry;
  CHECK(listed);

  // The asker sees the staff answer with their next message.
  auto reply = s.Client().Post("/v1/messages",
                               json{{"chat_id", "c"}, {"user_id", "a"}, {"text", "你好"}}.dump(),
                               "application/json");
  REQUIRE(reply);
  CHECK(reply->body.find("可以带地名") != std::string::npos);
}

TEST_CASE(
    "stats: daily outcomes in China time, top entries and errors with titles; the /admin page") {
  AdminStack s(true);
  s.Say("通讯地址怎么填", "a");
  s.Say("【主体负责人应急联系方式】不允许被多人使用", "b");
  s.Say("今天天气怎么样", "c");
  const auto stats = s.Call("GET", "stats?days=7").second;
  REQUIRE(stats.at("daily").is_array());
  int answered = 0, declined = 0;
  for (const auto& d : stats.at("daily")) {
    CHECK(d.at("day").get<std::string>().size() == 10);
    if (d.at("outcome") == "answer") answered += d.at("count").get<int>();
    if (d.at("outcome") == "declined") declined += d.at("count").get<int>();
  }
  CHECK(answered == 2);
  CHECK(declined == 1);
  REQUIRE(stats.at("top_errors").size() == 1);
  CHECK(stats.at("top_errors")[0].at("id").get<std::string>().rfind("error.", 0) == 0);
  CHECK_FALSE(stats.at("top_errors")[0].at("title").get<std::string>().empty());
  CHECK(stats.at("top_entries").size() == 2);

  auto page = s.Client().Get("/admin");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type").find("text/html") == 0);
  AdminStack off(false);
  CHECK(off.Client().Get("/admin")->status == 404);
}

TEST_CASE("reload: a broken knowledge base is refused and the old one keeps serving") {
  AdminStack s(true);
  test::WriteFile(s.kb_dir() / "host.json", "{ broken");
  const auto bad = s.Call("POST", "reload");
  CHECK(bad.first == 400);
  CHECK(bad.second.at("problems")[0].get<std::string>().find("host.json") != std::string::npos);
  CHECK(s.Answers("通讯地址怎么填"));
  std::filesystem::copy_file(std::filesystem::path(BEIAN_TEST_KB_DIR) / "host.json",
                             s.kb_dir() / "host.json",
                             std::filesystem::copy_options::overwrite_existing);
  const auto good = s.Call("POST", "reload");
  CHECK(good.first == 200);
  CHECK(good.second.at("entries").get<int>() >= 63);
  CHECK(s.Answers("通讯地址怎么填"));
}

}  // namespace
}  // namespace beian
