// Every published vector of ../shared/platforms.md §8.
#include "bot/channels/crypto.h"

#include <doctest/doctest.h>

#include <stdexcept>

#include "bot/channels/wx_crypto.h"

namespace beian {
namespace {

std::string Nl(std::string_view s) {  // the vectors write "\n" literally
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

TEST_CASE("TV-W1/W2/W3: WeChat plain signatures") {
  CHECK(SortedSha1({"test", "1410685589", "test"}) == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff");
  CHECK_FALSE(ConstantTimeEquals(SortedSha1({"test", "1410685589", "test"}),
                                 "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe"));
  CHECK(SortedSha1({"789", "456", "123"}) == "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
  CHECK(SortedSha1({"AAAAA", "1714036504", "1514711492"}) ==
        "f464b24fc39322e44b38aa78f5edd27bd1441696");
  CHECK(SortedSha1({"AAAAA", "1714037059", "486452656"}) ==
        "899cf89e464efb63f54ddac96b0a0a235f53aa78");
}

const char* kW4Encrypt =
    "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+"
    "LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9Fr"
    "XpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+"
    "h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WG"
    "zjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/"
    "HTnifJpXgCSUdUue1v6h0EIBY"
    "YI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+"
    "q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";

TEST_CASE("TV-W4: decrypt the official compat-mode sample") {
  const WxCrypt c("spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2");
  CHECK(c.Signature("1409735669", "1320562132", kW4Encrypt) ==
        "5d197aaffba7e9b25a30732f161a50dee96bd5fa");
  const auto plain = c.Decrypt(kW4Encrypt);
  REQUIRE(plain.has_value());
  CHECK(*plain ==
        Nl("<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></"
           "ToUserName>\\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></"
           "FromUserName>\\n<CreateTime>1409735668</CreateTime>\\n<MsgType><![CDATA[text]]></"
           "MsgType>\\n<Content><![CDATA[abcdteT]]></Content>\\n<MsgId>6054768590064713728</"
           "MsgId>\\n</xml>"));
  // The wrong receive id is refused.
  const WxCrypt other("spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxOTHER");
  CHECK_FALSE(other.Decrypt(kW4Encrypt).has_value());
}

TEST_CASE("TV-W5: deterministic encryption reproduces the published ciphertext") {
  const WxCrypt c("spamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx2c2769f8efd9abc2");
  const std::string msg =
      " <xml><ToUserName><![CDATA[oia2TjjewbmiOUlr6X-1crbLOvLw]]></"
      "ToUserName><FromUserName><![CDATA[gh_7f083739789a]]>"
      "</FromUserName><CreateTime>1407743423</CreateTime><MsgType>  "
      "<![CDATA[video]]></MsgType><Video><MediaId><![CDATA"
      "[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></"
      "MediaId><Title><![CDATA[testCallBackReplyV"
      "ideo中文]]></Title><Descript  "
      "ion><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>";
  const std::string expected =
      "QCTqNwyPmqRu4xuyqVsja3pIr0TeNW/"
      "5tIi3Ul+15UnsdXcZoLmTZJtCxJn7e5lKBp7A5lykhD8Hsejz9M+OBTXLrkuqRD0Ky0fkfk4ZCIZhHc+"
      "pWuNZjalZGDQ3tzz2rCfn2pzEHGE3jnSWP4EdLdailWTo/"
      "Hz7gxBnLf2xI3xsS9kxyErmv14LhdccB7hVqa224efcb5lT85XKfrku7b4W5L7MA6"
      "g8/TYBFrkHCZz9l9sjMgEzNkErAHdayzM6eKCOUm51PQv0Sp3jPjq7NEUi9DZa8nnrz/"
      "w3P5clO+Hmf6yqwJZAE26+nGYtltcZmOu8UCZrqZDkAD"
      "+MwPeYSGo4C1j6R71zsBwI3sk/"
      "Bea52AAGqjvGVPGK3oTvku775T93MwTzjJMZTxX3xF2QrPbbU5pFIBZWF8KW0Giuqui500qRz9Ix5oVK3TK4ZC"
      "CZpHJelUvy5gcP4ldbDStZhQaM21pdlitL6Kt/GucIpIWHkxiObKu1pBfU94cR0ZCgoja8E6xtx+cGMIgCN33/"
      "QHkwM+xeb6rCF0HhDZwd9Twdet"
      "xpRbqRDkfzc+LaeoF8HHbFhK+3tKP9qZBAdZm1v4YUFK2db1juaoyXHAXFDn3I8PZ5zSP8vddBDSfoLgv+";
  CHECK(c.Encrypt(msg, "1234567890123456") == expected);
  CHECK(c.Signature("1409735669", "1320562132", expected) ==
        "ea7a2ac5580e3c67d663b42c63b976b7e2bf26b9");
  CHECK(c.Decrypt(expected) == msg);
}

TEST_CASE("TV-W6: WxJava deterministic AES with UTF-8 lengths") {
  const WxCrypt c("pamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6");
  CHECK(c.Encrypt("我是中文abcd123", "aaaabbbbccccdddd") ==
        "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
}

TEST_CASE("TV-W7: all-zero key, both directions") {
  const WxCrypt c("AAAAA", std::string(43, 'A'), "wx134c8103faa5a59e");
  const std::string body =
      "D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//"
      "1vr7oAbqjDv8KenVp+ajK"
      "YpJnyQ4zMRhIC+a31fCVOMC03FfzV/"
      "QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5"
      "yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/"
      "rU8YOywma6G7aTb7KZKOq"
      "CxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/"
      "Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6"
      "kIaR9P4xQrWXbsTFHTYe0Mg==";
  CHECK(c.Signature("1715943329", "1590219412", body) ==
        "6c12a4205838198b8fa631b3220723bb07f1015c");
  CHECK(c.Decrypt(body) ==
        Nl("<xml><ToUserName><![CDATA[gh_97417a04a28d]]></"
           "ToUserName>\\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></"
           "FromUserName>\\n<CreateTime>1715943329</CreateTime>\\n<MsgType><![CDATA[event]]></"
           "MsgType>\\n<Event><![CDATA[debug_demo]]></Event>\\n<debug_str><![CDATA[hello "
           "world]]></debug_str>\\n</xml>"));
  const std::string reply =
      c.Encrypt("<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>", "999951349e8ee746");
  CHECK(reply ==
        "hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+"
        "3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7");
  CHECK(c.Signature("1713424427", "415670741", reply) ==
        "03e0812039325c2712ef5f0f980fd14c70d6e307");
}

TEST_CASE("TV-C1/C2/C3: WeCom URL check and message decryption") {
  const WxCrypt c("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7");
  const std::string echostr =
      "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
  CHECK(c.Signature("1409659589", "263014780", echostr) ==
        "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
  CHECK(c.Decrypt(echostr) == "1616140317555161061");
  const std::string enc =
      "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/"
      "0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs"
      "3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+"
      "HMZfJYuR+LtwGc2hgf5g"
      "sijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+"
      "BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQU"
      "ax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/"
      "T8Z1ptDAVe0lXdQ2YoyyH2uyPI"
      "GHBZZIs2pDBS8R07+qN+E7Q==";
  CHECK(c.Signature("1409659813", "1372623149", enc) == "477715d11cdb4164915debcba66cb864d751f3e6");
  const auto plain = c.Decrypt(enc);
  REQUIRE(plain.has_value());
  CHECK(plain->find("<Content><![CDATA[hello]]></Content>") != std::string::npos);

  const WxCrypt c3("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo",
                   "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", "ww1436e0e65a779aee");
  const std::string e3 =
      "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==";
  CHECK(c3.Signature("1476416373", "47744683", e3) == "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb");
  CHECK(c3.Decrypt(e3) == "1288432023552776189");
}

TEST_CASE("TV-C4: the JSON callback sample decrypts (its plaintext is not valid JSON)") {
  const WxCrypt c("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
                  "ww1436e0e65a779aee");
  const std::string enc =
      "cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv"
      "3EjVQ68C0cjw9frBoUE2Hj"
      "0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/"
      "eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG"
      "+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=";
  CHECK(c.Signature("1409659813", "1372623149", enc) == "e3647471e395139e2308c1fa963f2d648a00b90e");
  const auto plain = c.Decrypt(enc);
  REQUIRE(plain.has_value());
  CHECK(plain->size() == 176);
  CHECK(plain->find(R"("FromUserName": :mycreate")") != std::string::npos);
}

TEST_CASE("TV-C5: wechatpy WeCom check and deterministic encrypt") {
  const WxCrypt c("123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a");
  const std::string echo =
      "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
  CHECK(c.Signature("1411443780", "437374425", echo) == "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96");
  CHECK(c.Signature("1411443780", "437374424", echo) != "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96");
  CHECK(c.Decrypt(echo) == "5927782489442352469");
  const std::string reply =
      "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></"
      "Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]>"
      "</FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</"
      "AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
  const std::string enc = c.Encrypt(reply, "1234567890123456");
  CHECK(
      enc ==
      "9s4gMv99m88kKTh/"
      "H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+"
      "j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl"
      "5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/"
      "WIXrx0oyKQmpB6o8NRrrNrsDf"
      "03oxI1p9FxUgMnwKKZeOA/"
      "uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYj"
      "xxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3");
  CHECK(c.Signature("1411525903", "461056294", enc) == "407518b7649e86ef23978113f92d27afa9296533");
}

TEST_CASE("TV-F1/F2/F3: Feishu decryption and request signature") {
  CHECK(FeishuDecrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=") == "hello world");
  const std::string f2 =
      "bZ3L7yh6m3Fkuffl4g+3uGjIHnhOm5fVZbKVuyT8t7tcd5ABMYm8l28/X900ZL3knZ7n+sCREu/"
      "H2WnIzft0amC7+xWqNH8o25IU63N4BnZWfHh+4h"
      "yG76QPd19vkw2bPJCx9aqxK8Nz+xqFNbk0RdgyWhmgd30jSxHtcQXAllkI7FMpGpOCteJad3bLXPDBQIV/"
      "xkCtKICCS7Z63gakpxZCLaRZ3qCXP1fap"
      "Hh+LBIupxenrU6ysc7I3nHmjmKie41IiWwS5puG4zQHhVbq6KWLcgWm/"
      "3NBZOPQy53ucMu75SXA55I7jarVLZXWUcqBGrcgE3vouWbtwgZuzmoTQl0G"
      "Sh5VYSVvpW992BuGxUWj0XjPYdICJm6Cr7xouNXwMcdb7N8caVdkdSZeEnswG19qSyDoQhklwzNGW0yiaayulBqJNjfg"
      "e/G5V3401c2XaIuAeEIo+QQ"
      "4RSNpRGfnHkbu/j55FGQAGWjpuBNaIwZbaUoVP3NkGP+vM5rpEDe3sL2GN+Xsd+g9yBs7FqdMV8mXTGgLjCqjrPrke5/"
      "km76Q3Pe6KPs2YexMRG4MkS"
      "x3xUTzZnNn7zIzShPcjeSwBd2pxk6ht5N+fzueZdxl6Oo=";
  const auto plain = FeishuDecrypt("1212121212", f2);
  REQUIRE(plain.has_value());
  CHECK(plain->find(R"("challenge":"1212","type":"url_verification")") != std::string::npos);
  CHECK(Sha256Hex("timestamp"
                  "nonce"
                  "1212121212" +
                  *plain) == "4dca085198cb3216defc5b65b0668c1328b038a22dbadf2bc6c4fdc3d32bbc45");
  CHECK(Sha256Hex(std::string("1608725989nonce123test key") +
                  R"({"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="})") ==
        "7bd5318b0e30fe805225d54bdb3e5c8f1e260e236f51918716f5e2b55957bc0a");
  CHECK_FALSE(
      FeishuDecrypt("wrong key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=").has_value());
}

TEST_CASE("TV-D1: DingTalk robot signatures") {
  auto sign = [](const std::string& ts, const std::string& secret) {
    return Base64Encode(HmacSha256(secret, ts + "\n" + secret));
  };
  CHECK(sign("1577262236757", "this is secret") == "hmPWwU+7lVdm3ZZz0r9tSfx0L4Q26jWOZr9+Gs6EZQM=");
  CHECK(sign("1700000000000", "SEC0123456789abcdef") ==
        "TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=");
  CHECK(sign("1609073151345", "testAppSecret") == "1kdac4/vIC4kl95DW4ncxAo3wNGlFWAsKx1ZmyOc7f4=");
}

TEST_CASE("malformed input never crashes the crypto") {
  const WxCrypt c("t", std::string(43, 'A'), "id");
  CHECK_FALSE(c.Decrypt("").has_value());
  CHECK_FALSE(c.Decrypt("!!!notbase64").has_value());
  CHECK_FALSE(c.Decrypt("AAAA").has_value());
  CHECK_FALSE(c.Decrypt(std::string(64, 'A')).has_value());  // decrypts to garbage padding
  CHECK_THROWS_AS(WxCrypt("t", "short", "id"), std::invalid_argument);
  CHECK_FALSE(Base64Decode("ab*d").has_value());
}

}  // namespace
}  // namespace beian
