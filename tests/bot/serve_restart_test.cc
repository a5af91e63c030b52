// The built `beian-bot serve` stopped and started again on the same file:
// what it keeps in memory (sessions, message ids, who waits for staff) is
// rebuilt from the file, and a second server on that file is refused.
#include <doctest/doctest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tests/bot/bot_process.h"

namespace beian {
namespace {

using nlohmann::json;

json Send(const test::BotProcess& bot, const json& body) {
  const auto res = bot.Client().Post("/v1/messages", body.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  return json::parse(res->body);
}

json Msg(const std::string& text, const std::string& id, const std::string& user = "u1") {
  return {{"chat_id", "c1"}, {"user_id", user}, {"text", text}, {"message_id", id}};
}

std::string Text(const json& reply) {
  std::string s;
  for (const auto& r : reply.at("replies")) s += r.at("text").get<std::string>() + "\n";
  return s;
}

TEST_CASE(
    "after a restart, a retried message id gets the same replies and the walkthrough resumes") {
  test::TempDir dir;
  json before;
  {
    test::BotProcess bot(dir.path());
    Send(bot, Msg("开始备案", "m1"));
    before = Send(bot, Msg("广东省深圳市南山区", "m2"));
    Send(bot, Msg("公众号怎么改名字", "m3", "asker"));  // declined: waits for staff
    Send(bot, Msg("转人工", "m4", "waiting"));

    // A second server on the same file is refused at once, naming the first.
    const auto second = test::RunBot("serve --listen 127.0.0.1:0 --db '" + bot.db().string() + "'");
    CHECK(second.exit_code == 2);
    CHECK(second.err.find("another beian-bot serve") != std::string::npos);

    // Nor may a second server (another file) share its port: it would take half the connections.
    const std::string other = (dir.path() / "other.db").string(),
                      err = (dir.path() / "port.err").string();
    const int status = std::system(
        ("timeout 10 '" BEIAN_TEST_BIN "' serve --listen 127.0.0.1:" + std::to_string(bot.port()) +
         " --db '" + other + "' 2>'" + err + "'")
            .c_str());
    CHECK(WEXITSTATUS(status) == 1);  // not 124: timeout(1) had to stop it
    CHECK(test::SlurpFile(err).find("cannot listen") != std::string::npos);
    CHECK(bot.Stop() == 0);
  }
  std::filesystem::rename(dir.path() / "serve.log",
                          dir.path() / "serve.1.log");  // the next start-up line is read from it
  test::BotProcess again(dir.path());
  CHECK(Send(again, Msg("广东省深圳市南山区", "m2")) ==
        before);  // the platform's retry, after the restart
  CHECK(Text(Send(again, Msg("进度", "m5"))).find("第 2/10 项「主体类型」") != std::string::npos);
  CHECK(Send(again, Msg("还在吗", "m6", "waiting")).at("handled") ==
        false);  // the ticket is still open

  // Staff answer from the command line (another process) while the server runs.
  const auto list = test::RunBot("triage --json --db '" + again.db().string() + "' list");
  REQUIRE(list.exit_code == 0);
  std::string item;  // the declined question's, not the request for a human (same count and second)
  for (const auto& i : json::parse(list.out)) {
    if (i.at("text") == "公众号怎么改名字") item = i.at("id").get<std::string>();
  }
  REQUIRE_FALSE(item.empty());
  const auto answer = test::RunBot("triage --db '" + again.db().string() + "' answer " + item +
                                   " '在公众号后台“设置”里改名。'");
  REQUIRE_MESSAGE(answer.exit_code == 0, answer.err);
  CHECK(Text(Send(again, Msg("你好", "m7", "asker"))).find("在公众号后台“设置”里改名") !=
        std::string::npos);
}

}  // namespace
}  // namespace beian
