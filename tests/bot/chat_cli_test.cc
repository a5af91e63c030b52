// `beian-bot chat` through the real binary: a scripted walkthrough split
// over two processes on one database, then a search of every file it wrote
// for the raw ID and phone numbers typed in.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "tests/test_support.h"

namespace beian {
namespace {

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Lines(std::initializer_list<const char*> lines) {
  std::string s;
  for (const char* l : lines) s += std::string(l) + "\n";
  return s;
}

TEST_CASE(
    "chat: a walkthrough split over two processes resumes at the same field and stores nothing "
    "raw") {
  test::TempDir dir;
  const std::string db = (dir.path() / "data" / "bot.db").string();
  const std::string log = (dir.path() / "data" / "turns.log").string();
  const std::string args = "chat --db '" + db + "' --log '" + log + "' --user tester";

  const auto first = test::RunBot(
      args, Lines({"开始备案", "广东省 深圳市 南山区", "企业", "好了", "深圳市某某科技有限公司",
                   "广东省深圳市南山区科技园路1号", "91440300708461136T", "科技园路1号A栋501室",
                   "无", "是", "身份证", "好了", "张三", "11010519491231002X", "20400101",
                   "13800138000", "好了"}));
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("「应急手机号」") != std::string::npos);  // stopped there

  const auto second = test::RunBot(
      args,
      Lines({"继续", "13900139000", "zhangsan@example.com", "网上商城、生活服务", "以上都不涉及",
             "本小程序为本公司门店提供线上点单、会员积分和配送到家服务，不涉及其他业务", "不是",
             "好了", "李四", "440524198001010013", "长期", "13700137000", "好了", "13600136000",
             "lisi@example.com", "好了", "好了"}));
  REQUIRE(second.exit_code == 0);
  CHECK(second.out.find("欢迎回来") != std::string::npos);
  CHECK(second.out.find("第 2 部分 · 主体负责人信息 · 第 9/10 项「应急手机号」") !=
        std::string::npos);
  CHECK(second.out.find("填写汇总") != std::string::npos);
  CHECK(second.out.find("4405**********0013") != std::string::npos);
  CHECK(second.out.find("136****6000") != std::string::npos);

  // Every file in the data folder: the database, its WAL, the secret, the log.
  size_t files = 0;
  for (const auto& f : std::filesystem::recursive_directory_iterator(dir.path() / "data")) {
    if (!f.is_regular_file()) continue;
    ++files;
    const std::string content = Slurp(f.path());
    for (const char* raw :
         {"11010519491231002X", "440524198001010013", "13800138000", "13900139000", "13700137000",
          "13600136000", "zhangsan@example.com", "lisi@example.com"}) {
      CAPTURE(f.path().string());
      CAPTURE(raw);
      CHECK(content.find(raw) == std::string::npos);
    }
  }
  CHECK(files >= 3);  // bot.db, beian-bot.secret, turns.log (and the WAL while open)
  CHECK(Slurp(log).find("turn platform=cli kind=walkthrough") != std::string::npos);
}

TEST_CASE("chat answers questions and pasted errors without a walkthrough") {
  test::TempDir dir;
  const auto r = test::RunBot("chat --db '" + (dir.path() / "bot.db").string() + "'",
                              "【主体负责人应急联系方式】不允许被多人使用\n\n今天天气怎么样\n");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("位置：第 2 部分 · 主体负责人信息 · ⑧ 应急手机号") != std::string::npos);
  CHECK(r.out.find("开始备案") != std::string::npos);
}

}  // namespace
}  // namespace beian
