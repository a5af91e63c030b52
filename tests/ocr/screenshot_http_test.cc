// Screenshots over HTTP (issue #25): POST /v1/lookup with an image body and
// the generic API's image_base64, through the whole stack on 127.0.0.1; the
// served binary keeps no recognised number unmasked.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "bot/channels/api_senders.h"
#include "bot/channels/crypto.h"
#include "bot/channels/generic_api.h"
#include "bot/channels/onebot.h"
#include "bot/channels/wechat.h"
#include "bot/channels/xml_fields.h"
#include "storage/sqlite/sqlite_outbox_store.h"
#include "tests/attack/raw_client.h"
#include "tests/bot/bot_process.h"
#include "tests/bot/server_stack.h"

namespace beian {
namespace {

using nlohmann::json;

const std::filesystem::path kShots = BEIAN_TEST_SCREENSHOTS;
const std::filesystem::path kEdge = BEIAN_TEST_IMAGES_EDGE;
constexpr std::size_t kImageCap = 1 << 20;

std::string Bytes(const std::filesystem::path& p) { return test::SlurpFile(p); }

OcrPoolOptions PoolOptions(size_t max_waiting) {
  OcrPoolOptions o;
  o.max_waiting = max_waiting;
  return o;
}

// A stack with an OCR pool (one worker, `max_waiting`); pictures are
// downloaded from `hosts` only.
class OcrStack {
 public:
  explicit OcrStack(size_t max_waiting = 8, std::vector<std::string> hosts = {},
                    size_t max_large_bodies = 8)
      : pool_(PoolOptions(max_waiting)),
        stack_(kImageCap, max_large_bodies),
        api_(""),
        wechat_("tok", "wxappid0000000001", "") {
    ImageFetchOptions fetch;
    fetch.hosts = std::move(hosts);
    fetch.max_bytes = kImageCap;
    fetch.timeout = std::chrono::milliseconds(2000);
    stack_.SetOcr(pool_, fetch);
    stack_.Add("/v1/messages", api_);
    stack_.Add("/wechat", wechat_);
    stack_.Start();
  }
  httplib::Result Lookup(const std::string& body, const std::string& type = "image/png") {
    auto c = stack_.Client();
    c.set_read_timeout(30, 0);
    return c.Post("/v1/lookup", body, type);
  }
  json Say(json body) {
    auto c = stack_.Client();
    c.set_read_timeout(30, 0);
    const auto r = c.Post("/v1/messages", body.dump(), "application/json");
    REQUIRE(r);
    REQUIRE_MESSAGE(r->status == 200, r->body);
    return json::parse(r->body);
  }
  std::string Metrics() { return stack_.Client().Get("/metrics")->body; }
  int port() const { return stack_.port(); }
  // A plain-mode WeChat push; returns the passive reply's Content.
  std::string Wechat(const std::vector<std::pair<std::string, std::string>>& fields) {
    const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    const std::string query =
        "timestamp=" + ts + "&nonce=n1&signature=" + SortedSha1({"tok", ts, "n1"});
    auto c = stack_.Client();
    c.set_read_timeout(30, 0);
    const auto r = c.Post("/wechat?" + query, XmlFields(fields), "text/xml");
    REQUIRE(r);
    const auto reply = ParseXmlFields(r->body);
    return reply && reply->count("Content") ? reply->at("Content") : r->body;
  }

 private:
  OcrPool pool_;
  test::ServerStack stack_;
  GenericApiChannel api_;
  WechatChannel wechat_;
};

json Picture(const std::filesystem::path& file, bool group = false) {
  json j = {{"chat_id", group ? "g1" : "c1"},
            {"user_id", "u1"},
            {"image_base64", Base64Encode(Bytes(file))}};
  if (group) j["group"] = true;
  return j;
}

std::string Replies(const json& j) {
  std::string s;
  for (const auto& r : j.at("replies")) s += r.at("text").get<std::string>() + "\n";
  return s;
}

TEST_CASE("POST /v1/lookup answers a screenshot with the lookup --image --json object") {
  OcrStack s;
  const auto r = s.Lookup(Bytes(kShots / "multi-principal-2-errors-1x.png"));
  REQUIRE(r);
  CHECK(r->status == 200);
  const json j = json::parse(r->body);
  CHECK(j.at("screenshot") == "errors");
  CHECK(j.at("answered") == true);
  CHECK(j.at("matches").at(0).at("id") == "error.principal.phone-shared");
  CHECK(j.at("matches").at(1).at("id") == "error.principal.emergency-phone-shared");
  CHECK(j.at("ocr_text").get<std::string>().find("不允许被多人使用") != std::string::npos);
  CHECK(s.Metrics().find("beian_screenshots_total{verdict=\"errors\"} 1") != std::string::npos);
}

TEST_CASE("POST /v1/lookup refuses what is no screenshot with a JSON 4xx") {
  OcrStack s;
  const auto status = [&](const std::string& body, const std::string& type = "image/png") {
    const auto r = s.Lookup(body, type);
    REQUIRE(r);
    CHECK(json::parse(r->body, nullptr, false).contains("error"));
    return r->status;
  };
  CHECK(status(Bytes(kShots / "principal-phone-shared-1x.png"), "text/plain") == 415);
  CHECK(status(Bytes(kEdge / "not-an-image.png")) == 415);
  CHECK(status(Bytes(kEdge / "picture.gif"), "image/gif") == 415);
  CHECK(status(Bytes(kEdge / "huge-dimensions.png")) == 413);
  CHECK(status(Bytes(kEdge / "truncated.png")) == 400);
  CHECK(status(std::string(kImageCap + 1, 'x')) == 413);  // refused on Content-Length
}

TEST_CASE("only a few image-sized bodies are read at once: the rest get a 503 at once") {
  OcrStack s(8, {}, 1);
  // One slow upload holds the only slot: its headers and 100 kB of a 200 kB body.
  test::RawClient slow("127.0.0.1", s.port());
  REQUIRE(slow.connected());
  REQUIRE(
      slow.Send("POST /v1/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                "Content-Length: 200000\r\n\r\n" +
                std::string(100000, 'x')));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto r = s.Lookup(std::string(200000, 'y'));
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(s.Metrics().find("beian_http_rejected_total{reason=\"large_bodies\"}") !=
        std::string::npos);
  // A small body (a text message) is never held up by them.
  const json j = s.Say({{"chat_id", "c9"}, {"user_id", "u9"}, {"text", "通讯地址怎么填"}});
  CHECK(j.at("handled") == true);
}

TEST_CASE("a full OCR queue is a 503, not a wait") {
  OcrStack s(0);
  const auto r = s.Lookup(Bytes(kShots / "principal-phone-shared-1x.png"));
  REQUIRE(r);
  CHECK(r->status == 503);
  CHECK(r->get_header_value("Retry-After") == "5");
}

TEST_CASE("a screenshot sent as a chat message is answered, quoting what was read") {
  OcrStack s;
  const json j = s.Say(Picture(kShots / "admin-phone-shared-1x.png"));
  CHECK(j.at("handled") == true);
  const std::string text = Replies(j);
  CHECK(text.find("我看了你发的截图") != std::string::npos);
  CHECK(text.find("「【小程序负责人手机号码】不允许被多人使用」") != std::string::npos);
  CHECK(Replies(s.Say(Picture(kShots / "form-principal-no-error-1x.png")))
            .find("我没在截图里找到报错") != std::string::npos);
  CHECK(Replies(s.Say(Picture(kShots / "admin-name-mismatch-tiny.jpg"))).find("太小或太模糊") !=
        std::string::npos);
  CHECK(Replies(s.Say(Picture(kEdge / "picture.gif"))).find("打不开") != std::string::npos);
}

TEST_CASE("in a group, only a screenshot that shows an error is answered unasked") {
  OcrStack s;
  CHECK(s.Say(Picture(kShots / "principal-phone-shared-1x.png", true)).at("handled") == true);
  const json quiet = s.Say(Picture(kShots / "form-principal-no-error-1x.png", true));
  CHECK(quiet.at("handled") == false);
  CHECK(quiet.at("replies").empty());
}

// A picture host on 127.0.0.1: /shot.png is a screenshot, /big is over the
// cap, /moved redirects to /shot.png, anything else 404.
class PictureHost {
 public:
  PictureHost() {
    server_.Get("/shot.png", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(Bytes(kShots / "admin-phone-shared-1x.png"), "image/png");
    });
    server_.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(kImageCap + 1, 'x'), "image/png");
    });
    server_.Get("/moved", [](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/shot.png");
    });
    // A OneBot implementation's send_msg, token "qq-token".
    server_.Post("/send_msg", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("Authorization") != "Bearer qq-token")
        return (void)(res.status = 401);
      std::lock_guard lock(mutex);
      sent.push_back(req.body);
      res.set_content(R"({"status":"ok","retcode":0,"data":{"message_id":1}})", "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~PictureHost() {
    server_.stop();
    thread_.join();
  }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  std::string Url(const std::string& path) const { return "http://" + host() + path; }
  std::mutex mutex;
  std::vector<std::string> sent;  // send_msg bodies

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_CASE("pictures are downloaded from allowed hosts only, bounded in size, no redirects") {
  PictureHost host;
  ImageFetchOptions allowed;
  allowed.hosts = {host.host()};
  allowed.max_bytes = kImageCap;
  const FetchedImage shot = FetchImage(host.Url("/shot.png"), allowed);
  CHECK(shot.error.empty());
  CHECK(shot.bytes == Bytes(kShots / "admin-phone-shared-1x.png"));
  CHECK(FetchImage(host.Url("/big"), allowed).error == "image larger than the limit");
  CHECK(FetchImage(host.Url("/moved"), allowed).error == "image download answered 302");
  CHECK(FetchImage(host.Url("/nothing"), allowed).error == "image download answered 404");
  ImageFetchOptions other;
  other.hosts = {"127.0.0.2"};
  CHECK(FetchImage(host.Url("/shot.png"), other).error == "image host not allowed");
  const std::vector<std::string> qq = {"gchat.qpic.cn", "*.qq.com.cn"};
  CHECK(ImageUrlAllowed("https://gchat.qpic.cn/gchatpic_new/1/2-3/0", qq));
  CHECK(ImageUrlAllowed("https://multimedia.nt.qq.com.cn/download?appid=1407&rkey=x", qq));
  CHECK_FALSE(ImageUrlAllowed("https://gchat.qpic.cn.evil.example/x", qq));
  CHECK_FALSE(ImageUrlAllowed("https://evil.example@gchat.qpic.cn/x", qq));
  CHECK_FALSE(ImageUrlAllowed("ftp://gchat.qpic.cn/x", qq));
  CHECK_FALSE(ImageUrlAllowed("https://127.0.0.1/x", qq));
}

TEST_CASE("image_url in a chat message is downloaded, read and answered") {
  PictureHost host;
  OcrStack s(8, {host.host()});
  json body = {{"chat_id", "c1"}, {"user_id", "u1"}, {"image_url", host.Url("/shot.png")}};
  CHECK(Replies(s.Say(body)).find("「【小程序负责人手机号码】不允许被多人使用」") !=
        std::string::npos);
  body["image_url"] = "http://127.0.0.2:1/shot.png";  // not an allowed host: never fetched
  CHECK(Replies(s.Say(body)).find("打不开") != std::string::npos);
  CHECK(s.Metrics().find("beian_screenshots_total{verdict=\"not_downloaded\"} 1") !=
        std::string::npos);
}

TEST_CASE("a WeChat image message is read from its PicUrl and answered in the passive reply") {
  PictureHost host;
  OcrStack s(8, {host.host()});
  const std::string reply = s.Wechat({{"ToUserName", "gh_bot"},
                                      {"FromUserName", "oUser1"},
                                      {"CreateTime", "1700000000"},
                                      {"MsgType", "image"},
                                      {"PicUrl", host.Url("/shot.png")},
                                      {"MediaId", "media-1"},
                                      {"MsgId", "7001"}});
  CHECK(reply.find("我看了你发的截图") != std::string::npos);
  CHECK(reply.find("小程序负责人手机号码") != std::string::npos);
}

// Keeps what the outbox sends.
struct CaptureSender : Sender {
  std::mutex mutex;
  std::vector<std::string> sent;
  std::string Send(const std::string& payload) override {
    std::lock_guard lock(mutex);
    sent.push_back(payload);
    return "";
  }
};

// A stack (not started) where every reading is "slow" (a window of 1 ms),
// pictures come from `host`, and late answers go through `outbox`.
struct SlowStack {
  SlowStack() : stack(kImageCap), store(stack.db()) {
    ImageFetchOptions fetch;
    fetch.hosts = {host.host()};
    stack.SetOcr(pool, fetch, std::chrono::milliseconds(1));
    stack.SetOutbox(&outbox);
  }
  PictureHost host;
  test::ServerStack stack;
  OcrPool pool{OcrPoolOptions{}};
  SqliteOutboxStore store;
  std::ostringstream log;
  Outbox outbox{store, [] { return std::chrono::system_clock::now(); }, log};
};

TEST_CASE("a screenshot slower than the window is acknowledged, then answered through the API") {
  SlowStack slow;
  PictureHost& host = slow.host;
  test::ServerStack& stack = slow.stack;
  Outbox& outbox = slow.outbox;
  WechatChannel wechat("tok", "wxappid0000000001", "");
  wechat.EnableLateReplies();  // an Official Account with its app_secret set
  CaptureSender capture;
  outbox.Register("wechat-cs", capture);
  stack.Add("/wechat", wechat);
  stack.Start();
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  const auto r = stack.Client().Post(
      "/wechat?timestamp=" + ts + "&nonce=n1&signature=" + SortedSha1({"tok", ts, "n1"}),
      XmlFields({{"ToUserName", "gh_bot"},
                 {"FromUserName", "oSlow"},
                 {"CreateTime", "1700000000"},
                 {"MsgType", "image"},
                 {"PicUrl", host.Url("/shot.png")},
                 {"MsgId", "7002"}}),
      "text/xml");
  REQUIRE(r);
  const auto ack = ParseXmlFields(r->body);
  REQUIRE(ack);
  CHECK(ack->at("Content") == test::ShippedLanguage().texts(BotText::kScreenshotSlow));
  for (int i = 0; i < 300 && outbox.RunOnce() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::lock_guard lock(capture.mutex);
  REQUIRE_FALSE(capture.sent.empty());
  const json first = json::parse(capture.sent[0]);
  CHECK(first.at("touser") == "oSlow");
  CHECK(first.at("text").get<std::string>().find("我看了你发的截图") != std::string::npos);
}

TEST_CASE("a slow QQ screenshot is answered through the OneBot API, quietly in groups") {
  SlowStack slow;
  PictureHost& host = slow.host;
  test::ServerStack& stack = slow.stack;
  Outbox& outbox = slow.outbox;
  OnebotChannel onebot("qq-secret");
  onebot.EnableLateReplies();
  OnebotApiSender sender("http://" + host.host(), "qq-token");
  outbox.Register("onebot", sender);
  stack.Add("/onebot", onebot);
  stack.Start();
  const std::string ack = test::ShippedLanguage().texts(BotText::kScreenshotSlow);
  for (const bool group : {false, true}) {
    json event = {{"post_type", "message"},
                  {"message_type", group ? "group" : "private"},
                  {"self_id", 1001},
                  {"user_id", 2002},
                  {"message_id", group ? 2 : 1},
                  {"message",
                   json::array({{{"type", "image"}, {"data", {{"url", host.Url("/shot.png")}}}}})}};
    if (group) event["group_id"] = 3003;
    const std::string body = event.dump();
    const auto r =
        stack.Client().Post("/onebot", {{"X-Signature", "sha1=" + HmacSha1Hex("qq-secret", body)}},
                            body, "application/json");
    REQUIRE(r);
    if (group) {  // not addressed to the bot: no acknowledgement, an answer only for an error
      CHECK(r->status == 204);
    } else {
      REQUIRE(r->status == 200);
      CHECK(json::parse(r->body).at("reply") == ack);
    }
  }
  size_t delivered = 0;
  for (int i = 0; i < 300 && delivered < 2; ++i) {
    delivered += outbox.RunOnce();
    if (delivered < 2) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::lock_guard lock(host.mutex);
  REQUIRE(host.sent.size() == 2);
  std::map<std::string, json> by_type;
  for (const auto& b : host.sent)
    by_type[json::parse(b).at("message_type").get<std::string>()] = json::parse(b);
  const json& mine = by_type.at("private");
  CHECK(mine.at("user_id") == 2002);
  CHECK(mine.at("message").at(0).at("data").at("text").get<std::string>().find(
            "我看了你发的截图") != std::string::npos);
  const json& ours = by_type.at("group");
  CHECK(ours.at("group_id") == 3003);
  CHECK(ours.at("message").at(0) == json{{"type", "at"}, {"data", {{"qq", "2002"}}}});
  CHECK(ours.at("message").at(1).at("type") == "text");
}

TEST_CASE("in the walkthrough: a picture at an upload step still belongs on the filing page") {
  OcrStack s;
  const auto text = [&](const std::string& t) {
    return Replies(s.Say({{"chat_id", "w1"}, {"user_id", "u1"}, {"text", t}}));
  };
  text("开始备案");
  text("广东省 深圳市 南山区");
  CHECK(text("企业").find("「上传证件」") != std::string::npos);
  json shot = Picture(kShots / "principal-phone-shared-1x.png");
  shot["chat_id"] = "w1";
  CHECK(Replies(s.Say(shot)).find("要在备案页面里上传") != std::string::npos);
  CHECK(text("进度").find("「上传证件」") != std::string::npos);  // not counted as done
  // At a step that wants text, a screenshot of an error is answered, then the step asked again.
  text("好了");
  const std::string answer = Replies(s.Say(shot));
  CHECK(answer.find("我看了你发的截图") != std::string::npos);
  CHECK(answer.find("「企业名称」") != std::string::npos);
}

TEST_CASE("image_base64 that is not base64 is a 400") {
  json body = {{"chat_id", "c1"}, {"user_id", "u1"}, {"image_base64", "%%% not base64"}};
  GenericApiChannel api("");
  ChannelRequest in;
  in.method = "POST";
  in.body = body.dump();
  const Parsed p = api.Parse(in);
  CHECK_FALSE(p.message);
  CHECK(p.response.status == 400);
  body["image_base64"] = 42;
  in.body = body.dump();
  CHECK(api.Parse(in).response.status == 400);
}

TEST_CASE("a number read from a screenshot is never stored unmasked") {
  test::TempDir tmp;
  test::BotProcess bot(tmp.path() / "data");
  auto client = bot.Client();
  json body = Picture(kEdge / "phone-in-error-line.png");
  body["message_id"] = "m1";
  const auto r = client.Post("/v1/messages", body.dump(), "application/json");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->body.find("主体负责人手机号码") != std::string::npos);
  CHECK(bot.Stop() == 0);
  std::string everything = bot.Log();
  for (const auto& f : std::filesystem::directory_iterator(bot.dir()))
    if (f.is_regular_file()) everything += test::SlurpFile(f.path());
  CHECK(everything.find("13812345678") == std::string::npos);
  CHECK(everything.find("不允许被多人使用") != std::string::npos);  // the control: it was logged
}

}  // namespace
}  // namespace beian
