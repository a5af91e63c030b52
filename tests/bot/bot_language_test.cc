// The bot's sentences and words as data (bot-texts.json, bot-words.json,
// issue #22): they load strictly, a broken file names the id at fault, and a
// wording changed in a copy of the files is what the user reads.
#include "bot/core/bot_language.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "bot/core/engine.h"
#include "bot/core/keyed_hash.h"
#include "bot/core/lookup_answer.h"
#include "dialogs/form_spec.h"
#include "storage/session_store.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/sqlite_session_store.h"
#include "tests/test_support.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

const fs::path kDataDir = fs::path(BEIAN_TEST_FORM).parent_path();

// A copy of every data file beside the form, to reword or break one of them.
struct DataCopy {
  test::TempDir dir;
  DataCopy() {
    for (const auto& f : fs::directory_iterator(kDataDir)) {
      if (f.path().extension() == ".json")
        fs::copy_file(f.path(), dir.path() / f.path().filename());
    }
  }
  nlohmann::json Read(const char* file) const {
    std::ifstream in(dir.path() / file);
    return nlohmann::json::parse(in);
  }
  void Write(const char* file, const nlohmann::json& j) const {
    std::ofstream(dir.path() / file) << j.dump(2);
  }
  // The FormSpecError BotLanguage::Load throws, or "" when it loads.
  std::string LoadError() const {
    try {
      (void)BotLanguage::Load(dir.path());
    } catch (const FormSpecError& e) {
      return e.what();
    }
    return "";
  }
};

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("the shipped bot texts load, with every sentence the code uses") {
  const BotLanguage& language = test::ShippedLanguage();
  for (int i = 0; i < static_cast<int>(BotText::kCount); ++i) {
    CAPTURE(BotTextId(static_cast<BotText>(i)));
    CHECK_FALSE(language.texts(static_cast<BotText>(i)).empty());
  }
  CHECK(language.texts(BotText::kStaffAnswer, {{"question", "{answer}"}, {"answer", "改名"}}) ==
        "关于你之前问的“{answer}”，客服回复：改名");
  CHECK(language.words.human.size() > 1);
  CHECK(language.words.pick_numerals.front() == "一");
}

TEST_CASE("a broken bot data file is named with the id at fault") {
  DataCopy copy;
  REQUIRE(copy.LoadError().empty());
  SUBCASE("a sentence the code uses is missing") {
    auto texts = copy.Read("bot-texts.json");
    texts.erase("support.handoff");
    copy.Write("bot-texts.json", texts);
    const std::string e = copy.LoadError();
    CHECK(Has(e, "bot-texts.json"));
    CHECK(Has(e, "text 'support.handoff' is missing"));
  }
  SUBCASE("a sentence the code does not know") {
    auto texts = copy.Read("bot-texts.json");
    texts["reply.greting"] = "你好！";
    copy.Write("bot-texts.json", texts);
    CHECK(Has(copy.LoadError(), "unknown text id 'reply.greting'"));
  }
  SUBCASE("a sentence that is no string") {
    auto texts = copy.Read("bot-texts.json");
    texts["flood.user"] = nlohmann::json::array({"你发消息太快了"});
    copy.Write("bot-texts.json", texts);
    CHECK(Has(copy.LoadError(), "text 'flood.user' must be a string"));
  }
  SUBCASE("a word list is missing, empty or unknown") {
    auto words = copy.Read("bot-words.json");
    SUBCASE("missing") {
      words.erase("handoff.ask");
      copy.Write("bot-words.json", words);
      const std::string e = copy.LoadError();
      CHECK(Has(e, "bot-words.json"));
      CHECK(Has(e, "word list 'handoff.ask' is missing"));
    }
    SUBCASE("empty") {
      words["unhelpful"] = nlohmann::json::array();
      copy.Write("bot-words.json", words);
      CHECK(Has(copy.LoadError(), "word list 'unhelpful' must be a non-empty list of strings"));
    }
    SUBCASE("unknown") {
      words["handoff.asks"] = {"转人工"};
      copy.Write("bot-words.json", words);
      CHECK(Has(copy.LoadError(), "unknown word list id 'handoff.asks'"));
    }
  }
}

// An engine on `language`, everything else as shipped.
struct TestBot {
  explicit TestBot(const BotLanguage& language)
      : engine(
            knowledge, walk, language, EngineStores{db, sessions},
            [] { return std::chrono::system_clock::now(); }, EngineOptions{}, log) {}
  std::string Say(const std::string& text) {
    std::string all;
    for (const auto& t : engine.Handle(IncomingMessage::Direct("api", "c1", "u1", text)).texts)
      all += t + "\n";
    return all;
  }
  test::TempDir dir;
  Database db{dir.path() / "bot.db"};
  SqliteSessionStore sessions{db};
  FormSpec form = LoadFormSpec(BEIAN_TEST_FORM);
  Walkthrough walk{form, test::ShippedMatcher().kb(),
                   [](std::string_view v) { return KeyedHash("k", v); }};
  FixedKnowledge knowledge{test::ShippedMatcher()};
  std::ostringstream log;
  Engine engine;
};

TEST_CASE(
    "a sentence or word reworded in a copy of the data files reaches the user, no C++ changed") {
  DataCopy copy;
  auto texts = copy.Read("bot-texts.json");
  texts["reply.greeting"] = "您好，这里是改过的问候。";
  texts["entry.cause"] = "为什么：{summary}";
  copy.Write("bot-texts.json", texts);
  auto words = copy.Read("bot-words.json");
  words["greeting"].push_back("早上好");
  copy.Write("bot-words.json", words);

  const BotLanguage reworded = BotLanguage::Load(copy.dir.path());
  TestBot bot(reworded);
  CHECK(bot.Say("你好") == "您好，这里是改过的问候。\n");
  CHECK(bot.Say("早上好") == "您好，这里是改过的问候。\n");
  const std::string answer = bot.Say("【主体负责人手机号码】不允许被多人使用");
  CHECK(Has(answer, "为什么："));
  CHECK_FALSE(Has(answer, "原因："));
  CHECK(Has(TestBot(test::ShippedLanguage()).Say("【主体负责人手机号码】不允许被多人使用"),
            "原因："));

  // The binary reads them beside $BEIAN_FORM (as an installed bot does).
  ::setenv("BEIAN_FORM", (copy.dir.path() / "form.json").c_str(), 1);
  const auto run =
      test::RunBot("chat --db '" + (copy.dir.path() / "bot.db").string() + "'", "你好\n");
  ::unsetenv("BEIAN_FORM");
  REQUIRE(run.exit_code == 0);
  CHECK(Has(run.out, "您好，这里是改过的问候。"));
}

TEST_CASE("a channel says its own sentences from the texts it is given") {
  DataCopy copy;
  auto texts = copy.Read("bot-texts.json");
  texts["reply.unknown-message"] = "只收文字。";
  texts["reply.cut"] = "（后面省略）";
  copy.Write("bot-texts.json", texts);
  const BotLanguage reworded = BotLanguage::Load(copy.dir.path());
  DingtalkChannel channel("SEC-test-secret");
  channel.UseTexts(reworded.texts);

  ChannelRequest request;  // a message of a kind DingTalk adds later: no msgtype
  request.method = "POST";
  request.now_ms = 1'800'000'000'000;
  const std::string ts = std::to_string(request.now_ms);
  request.headers = {
      {"timestamp", ts},
      {"sign", Base64Encode(HmacSha256("SEC-test-secret", ts + "\nSEC-test-secret"))}};
  request.body = R"({"conversationId":"c1","senderStaffId":"u1","msgId":"m1"})";
  const Parsed unknown = channel.Parse(request);
  REQUIRE_FALSE(unknown.message);
  CHECK(nlohmann::json::parse(unknown.response.body).at("text").at("content") == "只收文字。");

  const Reply long_reply{{std::string(DingtalkChannel::kMaxReplyBytes + 10, 'a')},
                         Outcome::kAnswer};
  const auto out = nlohmann::json::parse(channel.Render(unknown, long_reply).body);
  const std::string content = out.at("text").at("content").get<std::string>();
  CHECK(content.ends_with("\n（后面省略）"));
  CHECK(content.size() <= DingtalkChannel::kMaxReplyBytes);
}

}  // namespace
}  // namespace beian
