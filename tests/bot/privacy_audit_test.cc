// Privacy audit of the real `beian-bot serve`: a whole walkthrough with
// realistic ID numbers (valid check digits), mobile numbers and emails through
// every adapter — generic API, WeChat (plain and safe mode), WeCom, DingTalk,
// Feishu (encrypted, replies through the outbox to a fake API) and OneBot —
// then every file the server wrote (database, WAL, secret, log) and its
// /metrics are searched for the raw values: none may appear.
#include <doctest/doctest.h>

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "tests/bot/bot_process.h"
#include "tests/bot/platform_requests.h"

namespace beian {
namespace {

using nlohmann::json;

// GB 11643 check character for 17 digits.
std::string WithCheckDigit(const std::string& d17) {
  static constexpr int kWeights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (d17[i] - '0') * kWeights[i];
  return d17 + "10X98765432"[sum % 11];
}

struct Person {
  std::string id1, id2, phone1, phone2, phone3, phone4, email1, email2;
  std::vector<std::string> Raw() const {
    return {id1, id2, phone1, phone2, phone3, phone4, email1, email2};
  }
};

// Distinct, realistic values per platform (n = 0…6).
Person PersonFor(int n) {
  const std::string k = std::to_string(n);
  return {WithCheckDigit("4403051985"
                         "0" +
                         std::to_string(1 + n) + "1" + std::to_string(1 + n) + "02" + k),
          WithCheckDigit("1101081979"
                         "0" +
                         std::to_string(3 + n % 6) + "2" + std::to_string(1 + n) + "03" + k),
          "1380013" + std::to_string(8100 + n),
          "1390278" + std::to_string(4500 + n),
          "1370755" + std::to_string(6600 + n),
          "1360198" + std::to_string(7700 + n),
          "wang.fang" + k + "@example-corp.com",
          "li.qiang" + k + "@mail.example.cn"};
}

// The walkthrough of tests/bot/chat_cli_test.cc, to the summary.
std::vector<std::string> Walkthrough(const Person& p) {
  return {"开始备案", "广东省 深圳市 南山区", "企业", "好了", "深圳市某某科技有限公司",
          "广东省深圳市南山区科技园路1号", "91440300708461136T", "科技园路1号A栋501室", "无", "是",
          "身份证", "好了", "张三", p.id1, "20400101", p.phone1, "好了", p.phone2, p.email1,
          "网上商城、生活服务", "以上都不涉及",
          "本小程序为本公司门店提供线上点单、会员积分和配送到家服务，不涉及其他业务", "不是",
          "好了", "李四", p.id2, "长期", p.phone3, "好了", p.phone4, p.email2, "好了", "好了",
          // A question with the numbers in it, as users paste them.
          "我的身份证是" + p.id1 + "，手机" + p.phone1 + "，邮箱" + p.email1 + "，这样填对吗",
          "进度"};
}

// A fake Feishu open API: token and reply endpoints, recording the replies.
class FakeFeishu {
 public:
  FakeFeishu() {
    server_.Post("/open-apis/auth/v3/tenant_access_token/internal", [](const httplib::Request&,
                                                                       httplib::Response& res) {
      res.set_content(R"({"code":0,"tenant_access_token":"FT","expire":7200})", "application/json");
    });
    server_.Post(R"(/open-apis/im/v1/messages/([^/]+)/reply)",
                 [this](const httplib::Request& req, httplib::Response& res) {
                   std::lock_guard lock(mu_);
                   bodies_.push_back(req.body);
                   res.set_content(R"({"code":0,"msg":"success"})", "application/json");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    httplib::Client probe("127.0.0.1", port_);
    for (int i = 0; i < 2000 && !probe.Get("/ready"); ++i) {
    }
  }
  ~FakeFeishu() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> bodies() {
    std::lock_guard lock(mu_);
    return bodies_;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> bodies_;
};

// What one adapter needs: the request for message `i` with `text`, and the
// reply text found in the response (empty for deferred replies).
struct Adapter {
  std::string name;
  std::function<test::PlatformRequest(const std::string& text, int i)> request;
  std::function<std::string(const std::string& body)> reply;
};

std::string XmlContent(const std::string& body) {
  const auto f = ParseXmlFields(body);
  return f && f->count("Content") ? f->at("Content") : "";
}

std::vector<Adapter> Adapters() {
  const WxCrypt wechat(test::BotSecrets::kWechatToken, test::BotSecrets::kAesKey,
                       test::BotSecrets::kWechatAppid);
  const WxCrypt wecom(test::BotSecrets::kWecomToken, test::BotSecrets::kWecomAesKey,
                      test::BotSecrets::kWecomCorpId);
  auto decrypt = [](const WxCrypt& c, const std::string& body) {
    const auto f = ParseXmlFields(body);
    if (!f || !f->count("Encrypt")) return std::string();
    const auto plain = c.Decrypt(f->at("Encrypt"));
    return plain ? XmlContent(*plain) : std::string();
  };
  auto json_text = [](const std::string& body, std::function<std::string(const json&)> pick) {
    const json j = json::parse(body, nullptr, false);
    return j.is_object() ? pick(j) : std::string();
  };
  return {
      {"api",
       [](const std::string& t, int i) {
         return test::ApiRequest(json{{"chat_id", "c-api"},
                                      {"user_id", "u-api"},
                                      {"text", t},
                                      {"message_id", "api-" + std::to_string(i)}}
                                     .dump());
       },
       [=](const std::string& b) {
         return json_text(b, [](const json& j) {
           std::string all;
           for (const auto& r : j.value("replies", json::array()))
             all += r.value("text", "") + "\n";
           return all;
         });
       }},
      {"wechat",
       [](const std::string& t, int i) {
         return test::WechatPlainRequest(test::WechatText("oPlain", t, std::to_string(7000 + i)));
       },
       [](const std::string& b) { return XmlContent(b); }},
      {"wechat-aes",
       [](const std::string& t, int i) {
         return test::WechatSafeRequest(test::WechatText("oSafe", t, std::to_string(8000 + i)));
       },
       [=](const std::string& b) { return decrypt(wechat, b); }},
      {"wecom",
       [](const std::string& t, int i) {
         return test::WecomRequest(test::WecomText("zhangsan", t, std::to_string(9000 + i)));
       },
       [=](const std::string& b) { return decrypt(wecom, b); }},
      {"dingtalk",
       [](const std::string& t, int i) {
         return test::DingtalkRequest(test::DingtalkText("staff9", t, "ding-" + std::to_string(i)));
       },
       [=](const std::string& b) {
         return json_text(b, [](const json& j) {
           if (j.contains("markdown")) return j["markdown"].value("text", "");
           if (j.contains("text")) return j["text"].value("content", "");
           return std::string();
         });
       }},
      {"feishu",
       [](const std::string& t, int i) {
         return test::FeishuRequest(test::FeishuText("ou_priv", t, "om_" + std::to_string(i)));
       },
       [](const std::string&) { return std::string(); }},
      {"onebot",
       [](const std::string& t, int i) {
         return test::OnebotRequest(test::OnebotText("30003", t, std::to_string(100 + i)));
       },
       [=](const std::string& b) {
         return json_text(b, [](const json& j) { return j.value("reply", ""); });
       }},
  };
}

TEST_CASE(
    "privacy: a whole walkthrough through every adapter leaves no raw ID, phone or email "
    "anywhere") {
  FakeFeishu feishu_api;
  test::TempDir tmp;
  std::vector<std::string> raw;
  std::vector<std::string> masked;  // what must be there instead (a control for the search)
  std::map<std::string, std::string> last_reply;
  {
    test::BotProcess bot(tmp.path() / "data", {{"BEIAN_FEISHU_APP_ID", "cli_test"},
                                               {"BEIAN_FEISHU_APP_SECRET", "feishu-secret"},
                                               {"BEIAN_FEISHU_API_BASE", feishu_api.base()},
                                               // 35 messages a minute per user: off.
                                               {"BEIAN_USER_RATE", "0"},
                                               {"BEIAN_CHAT_RATE", "0"}});
    auto client = bot.Client();
    int n = 0;
    for (const auto& adapter : Adapters()) {
      CAPTURE(adapter.name);
      const Person p = PersonFor(n++);
      for (const auto& v : p.Raw()) raw.push_back(v);
      masked.push_back(MaskIdNumber(p.id1));
      // The values are realistic: they pass the bot's own checks.
      CHECK(CheckIdNumber(p.id1, std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(
                                     std::chrono::system_clock::now())})
                .status == CheckStatus::kOk);
      const auto steps = Walkthrough(p);
      std::string replies;
      for (size_t i = 0; i < steps.size(); ++i) {
        auto r = test::Send(client, adapter.request(steps[i], static_cast<int>(i)));
        REQUIRE(r);
        CAPTURE(steps[i]);
        REQUIRE(r->status < 300);
        replies += adapter.reply(r->body);
      }
      if (adapter.name != "feishu") {
        // The walkthrough really ran to the summary, masked.
        CHECK(replies.find("填写汇总") != std::string::npos);
        CHECK(replies.find(p.id1.substr(0, 4) + "**********" + p.id1.substr(14)) !=
              std::string::npos);
        for (const auto& v : p.Raw()) {
          CAPTURE(v);
          CHECK(replies.find(v) == std::string::npos);
        }
      }
    }
    // Feishu's replies went through the outbox to the fake API, in no fixed
    // order: wait for the summary and then until no more arrive (a count of
    // bodies raced the summary on a busy machine).
    std::string feishu_replies;
    for (int i = 0, quiet = 0; i < 1500 && quiet < 30; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      std::string now;
      for (const auto& b : feishu_api.bodies()) now += b;
      quiet = now.size() == feishu_replies.size() && now.find("填写汇总") != std::string::npos
                  ? quiet + 1
                  : 0;
      feishu_replies = std::move(now);
    }
    CHECK(feishu_replies.find("填写汇总") != std::string::npos);

    auto metrics = client.Get("/metrics");
    REQUIRE(metrics);
    REQUIRE(metrics->status == 200);
    CHECK(metrics->body.find("platform=\"onebot\"") != std::string::npos);
    for (const auto& v : raw) {
      CAPTURE(v);
      CHECK(metrics->body.find(v) == std::string::npos);
      CHECK(feishu_replies.find(v) == std::string::npos);
    }
    // Every file while the server runs: the WAL still holds the recent pages.
    size_t files = 0;
    std::string everything;
    for (const auto& f : std::filesystem::directory_iterator(bot.dir())) {
      if (!f.is_regular_file()) continue;
      ++files;
      const std::string content = test::SlurpFile(f.path());
      everything += content;
      for (const auto& v : raw) {
        CAPTURE(f.path().string());
        CAPTURE(v);
        CHECK(content.find(v) == std::string::npos);
      }
    }
    CHECK(files >= 4);  // bot.db, bot.db-wal, bot.db-shm, beian-bot.secret, serve.log
    // The search reads what was stored: every adapter's masked ID number is there.
    for (const auto& m : masked) {
      CAPTURE(m);
      CHECK(everything.find(m) != std::string::npos);
    }
    CHECK(bot.Log().find("platform=feishu") != std::string::npos);
    CHECK(bot.Stop() == 0);
  }
  // And after a clean shutdown (WAL checkpointed into the database).
  for (const auto& f : std::filesystem::directory_iterator(tmp.path() / "data")) {
    if (!f.is_regular_file()) continue;
    const std::string content = test::SlurpFile(f.path());
    for (const auto& v : raw) {
      CAPTURE(f.path().string());
      CAPTURE(v);
      CHECK(content.find(v) == std::string::npos);
    }
  }
}

// The digits a typed form stands for: what must appear nowhere, however the
// number was typed (full-width digits folded, separators and prefix dropped).
std::string BareDigits(const std::string& typed) {
  std::string out;
  for (size_t i = 0; i < typed.size(); ++i) {
    const auto c = static_cast<unsigned char>(typed[i]);
    if (c >= '0' && c <= '9') out.push_back(static_cast<char>(c));
    if ((c == 'X' || c == 'x') && out.size() == 17) out.push_back('X');
    // Full-width digits are EF BC 90–99, full-width X is EF BC B8.
    if (c == 0xEF && i + 2 < typed.size() && static_cast<unsigned char>(typed[i + 1]) == 0xBC) {
      const auto d = static_cast<unsigned char>(typed[i + 2]);
      if (d >= 0x90 && d <= 0x99) out.push_back(static_cast<char>('0' + d - 0x90));
      if (d == 0xB8 && out.size() == 17) out.push_back('X');
      i += 2;
    }
  }
  if (out.rfind("0086", 0) == 0) out.erase(0, 4);
  if (out.size() == 13 && out.rfind("86", 0) == 0) out.erase(0, 2);
  return out;
}

TEST_CASE(
    "privacy: numbers typed full-width, dotted, spaced or with +86 reach no file and no log raw") {
  const std::string id = WithCheckDigit("44030119900101123");
  const std::vector<std::string> forms = {
      "１３８００１３８１２３",  // full-width
      "136.5555.7777",           // dotted
      "137 0755 6612",           // spaced
      "+86 139 0278 4513",       // country prefix, spaced
      "0086-135-1234-5678",      // 0086, dashes
      id.substr(0, 4) + " " + id.substr(4, 4) + " " + id.substr(8, 4) + " " + id.substr(12, 4) +
          " " + id.substr(16),  // "4403 0119 9001 0112 3X"
      "４４０３０１１９９００１０１１２３" + std::string(id.back() == 'X' ? "Ｘ" : "") +
          (id.back() == 'X' ? "" : std::string(1, id.back())),  // full-width ID
      "zhang.wei＠example．com",                                // full-width @ and dot
  };
  test::TempDir tmp;
  test::BotProcess bot(tmp.path() / "data", {{"BEIAN_USER_RATE", "0"}, {"BEIAN_CHAT_RATE", "0"}});
  auto client = bot.Client();
  int n = 0;
  auto say = [&](const std::string& user, const std::string& text) {
    const json body = {{"chat_id", user},
                       {"user_id", user},
                       {"text", text},
                       {"message_id", "m" + std::to_string(n++)}};
    auto r = client.Post("/v1/messages", body.dump(), "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    return r->body;
  };
  for (const std::string& form : forms) {
    CAPTURE(form);
    // Pasted into a question (logged, and queued for staff when declined) …
    say("asker", "我的号码是" + form + "，这个能用来备案吗");
    say("asker", form);
    // … and typed where the form asks for it.
    say("filler", "开始备案");
    say("filler", "跳到主体负责人手机号");
    say("filler", form);
    say("filler", "跳到统一社会信用代码");
    const std::string at_code = say("filler", form);
    if (BareDigits(form).size() == 18)
      CHECK(at_code.find("身份证号") != std::string::npos);  // said so, masked
  }
  say("staff", "转人工");
  std::string everything = bot.Log();
  for (const auto& f : std::filesystem::directory_iterator(bot.dir())) {
    if (f.is_regular_file()) everything += test::SlurpFile(f.path());
  }
  for (const std::string& form : forms) {
    CAPTURE(form);
    CHECK(everything.find(form) == std::string::npos);
    if (const std::string digits = BareDigits(form); !digits.empty())
      CHECK(everything.find(digits) == std::string::npos);
  }
  CHECK(everything.find("zhang.wei@example.com") == std::string::npos);
  CHECK(everything.find("4403**********") !=
        std::string::npos);  // the control: the masked forms are there
  CHECK(bot.Stop() == 0);
}

}  // namespace
}  // namespace beian
