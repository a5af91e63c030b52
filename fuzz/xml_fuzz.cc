// WeChat-style XML: ParseXmlFields on arbitrary bytes, the CDATA writer's
// round trip on every value it yields, and the same bytes as a signed
// WeChat push (plain and safe mode) and a signed WeCom callback, so the
// bytes reach the XML parsers behind the signature checks.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/channels/crypto.h"
#include "bot/channels/wechat.h"
#include "bot/channels/wecom.h"
#include "bot/channels/wx_crypto.h"
#include "bot/channels/xml_fields.h"
#include "fuzz/fuzz_check.h"

namespace {

constexpr char kKey[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

void CheckReply(const beian::ChannelResponse& out) {
  FUZZ_CHECK(out.status >= 200 && out.status < 500);
  if (out.body.rfind("<xml>", 0) == 0) FUZZ_CHECK(beian::ParseXmlFields(out.body).has_value());
}

// Any value survives the CDATA writer (]]> split, no injection), up to XML's
// end-of-line handling: a lone \r (only reachable through a character
// reference such as &#13;) reads back as \n.
void CheckRoundTrip(const std::string& body) {
  const auto fields = beian::ParseXmlFields(body);
  if (!fields) return;
  for (const auto& [name, value] : *fields) {
    std::string expected = value;
    for (size_t i = 0; i < expected.size(); ++i) {
      if (expected[i] == '\r') {
        if (i + 1 < expected.size() && expected[i + 1] == '\n') {
          expected.erase(i, 1);
        } else {
          expected[i] = '\n';
        }
      }
    }
    const auto again =
        beian::ParseXmlFields(beian::XmlFields({{"Content", value}, {"MsgId", "1"}}, {"MsgId"}));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->size() == 2);
    FUZZ_CHECK(again->at("Content") == expected);
  }
}

// Parses, and renders a reply to what parsed, through `channel`.
template <typename Channel>
void CheckChannel(const Channel& channel, const beian::ChannelRequest& req) {
  const beian::Parsed p = channel.Parse(req);
  if (!p.message) {
    CheckReply(p.response);
    return;
  }
  const beian::Reply reply{{p.message->text}, beian::Outcome::kAnswer, true};
  CheckReply(channel.Render(p, reply));
}

// The body as a plain push and as the decrypted inner message of a
// safe-mode push.
void CheckWechat(const std::string& body, std::int64_t now_ms) {
  static const beian::WechatChannel wechat("tok", "wxappid0000000001", kKey);
  static const beian::WxCrypt crypt("tok", kKey, "wxappid0000000001");
  const std::string ts = std::to_string(now_ms / 1000);
  beian::ChannelRequest req;
  req.method = "POST";
  req.now_ms = now_ms;
  req.query = {
      {"timestamp", ts}, {"nonce", "n"}, {"signature", beian::SortedSha1({"tok", ts, "n"})}};
  req.body = body;
  CheckChannel(wechat, req);

  const std::string enc = crypt.Encrypt(body, "0123456789abcdef");
  req.query["encrypt_type"] = "aes";
  req.query["msg_signature"] = crypt.Signature(ts, "n", enc);
  req.body = beian::XmlFields({{"ToUserName", "gh_bot"}, {"Encrypt", enc}});
  const beian::Parsed p = wechat.Parse(req);
  if (!p.message) {
    CheckReply(p.response);
    return;
  }
  const beian::Reply reply{{p.message->text}, beian::Outcome::kAnswer, true};
  const auto out = wechat.Render(p, reply);
  FUZZ_CHECK(out.status == 200);
  if (out.body != "success") {
    const auto outer = beian::ParseXmlFields(out.body);
    FUZZ_CHECK(outer.has_value());
    FUZZ_CHECK(crypt.Decrypt(outer->at("Encrypt")).has_value());
  }
}

// WeCom: always encrypted.
void CheckWecom(const std::string& body, std::int64_t now_ms) {
  static const beian::WecomChannel wecom("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                                         "wx5823bf96d3bd56c7");
  static const beian::WxCrypt crypt("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
                                    "wx5823bf96d3bd56c7");
  const std::string ts = std::to_string(now_ms / 1000);
  const std::string enc = crypt.Encrypt(body, "abcdefghijklmnop");
  beian::ChannelRequest w;
  w.method = "POST";
  w.now_ms = now_ms;
  w.query = {{"timestamp", ts}, {"nonce", "7"}, {"msg_signature", crypt.Signature(ts, "7", enc)}};
  w.body =
      beian::XmlFields({{"ToUserName", "wx5823bf96d3bd56c7"}, {"Encrypt", enc}, {"AgentID", "1"}});
  CheckChannel(wecom, w);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return -1;  // the server's body limit
  const std::string body(reinterpret_cast<const char*>(data), size);
  const std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count();
  CheckRoundTrip(body);
  CheckWechat(body, now_ms);
  CheckWecom(body, now_ms);
  return 0;
}
