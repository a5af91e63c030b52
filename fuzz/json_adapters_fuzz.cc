// The JSON adapters' body parsing: the same bytes as the body of the generic
// API, a signed OneBot report, a Feishu event (plain, and encrypted with the
// Encrypt Key), a signed DingTalk message and a signed WeChat JSON push.
// Parsed messages are rendered back with their own text as the reply.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "bot/channels/crypto.h"
#include "bot/channels/dingtalk.h"
#include "bot/channels/feishu.h"
#include "bot/channels/generic_api.h"
#include "bot/channels/onebot.h"
#include "bot/channels/wechat.h"
#include "fuzz/fuzz_check.h"

namespace {

void Check(const beian::Channel& channel, const beian::ChannelRequest& req) {
  const beian::Parsed p = channel.Parse(req);
  if (!p.message) {
    // Refusals are 4xx with a JSON error body; other answers are 2xx.
    FUZZ_CHECK(p.response.status >= 200 && p.response.status < 500);
    if (p.response.status >= 400) {
      const auto j = nlohmann::json::parse(p.response.body, nullptr, false);
      FUZZ_CHECK(j.is_object() && j.contains("error"));
    }
    return;
  }
  FUZZ_CHECK(!p.message->platform.empty());
  const beian::Reply reply{{p.message->text, "第二条"}, beian::Outcome::kAnswer, true};
  const beian::ChannelResponse out = channel.Render(p, reply);
  FUZZ_CHECK(out.status >= 200 && out.status < 300);
  if (out.content_type.rfind("application/json", 0) == 0 && !out.body.empty()) {
    FUZZ_CHECK(!nlohmann::json::parse(out.body, nullptr, false).is_discarded());
  }
  for (const auto& [sender, payload] : channel.Deferred(p, reply)) {
    FUZZ_CHECK(!sender.empty());
    FUZZ_CHECK(nlohmann::json::parse(payload, nullptr, false).is_object());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const beian::GenericApiChannel api("");
  static const beian::OnebotChannel onebot("onebot-secret");
  static const beian::FeishuChannel feishu_plain("v", "");
  static const beian::FeishuChannel feishu_enc("v", "test key");
  static const beian::DingtalkChannel dingtalk("SEC-test-secret");
  static const beian::WechatChannel wechat("tok", "wxappid0000000001", "", true);
  if (size > 64 * 1024) return -1;  // the server's body limit
  const std::string body(reinterpret_cast<const char*>(data), size);
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();

  beian::ChannelRequest req;
  req.method = "POST";
  req.now_ms = now_ms;
  req.body = body;
  Check(api, req);

  req.headers = {{"x-signature", "sha1=" + beian::HmacSha1Hex("onebot-secret", body)}};
  Check(onebot, req);

  req.headers = {};
  Check(feishu_plain, req);

  // Encrypted Feishu event: the bytes are the plaintext inside "encrypt".
  {
    std::string key(32, '\0');
    const std::string digest = beian::Sha256Hex("test key");
    for (size_t i = 0; i < 32; ++i)
      key[i] = static_cast<char>(std::stoi(digest.substr(2 * i, 2), nullptr, 16));
    const std::string iv = "0123456789abcdef";
    std::string plain = body;
    const size_t pad = 16 - plain.size() % 16;
    plain.append(pad, static_cast<char>(pad));
    const std::string enc = beian::Base64Encode(iv + *beian::Aes256CbcEncrypt(key, iv, plain));
    beian::ChannelRequest f = req;
    f.body = nlohmann::json{{"encrypt", enc}}.dump();
    f.headers = {{"x-lark-request-timestamp", "1608725989"}, {"x-lark-request-nonce", "nonce123"}};
    f.headers["x-lark-signature"] = beian::Sha256Hex("1608725989nonce123test key" + f.body);
    Check(feishu_enc, f);
  }

  const std::string ts = std::to_string(now_ms);
  req.headers = {{"timestamp", ts},
                 {"sign", beian::Base64Encode(
                              beian::HmacSha256("SEC-test-secret", ts + "\nSEC-test-secret"))}};
  Check(dingtalk, req);

  const std::string secs = std::to_string(now_ms / 1000);
  req.headers = {};
  req.query = {
      {"timestamp", secs}, {"nonce", "n"}, {"signature", beian::SortedSha1({"tok", secs, "n"})}};
  Check(wechat, req);
  return 0;
}
