#include <doctest/doctest.h>

#include "dialogs/walkthrough.h"
#include "tests/dialogs/walk_conversation.h"

namespace beian {
namespace {

using test::Conversation;
using test::Form;
using test::kToday;

TEST_CASE("skip, back, jump, progress, pause and resume") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳过");
  CHECK(c.Said("先跳过"));
  CHECK(c.StepKey() == "host.entity");
  c.Say("上一步");
  CHECK(c.StepKey() == "host.region");
  c.Say("跳到第3部分");
  CHECK(c.StepKey() == "app.service-type");
  c.Say("跳到通讯地址");
  CHECK(c.StepKey() == "host.mail-address");
  c.Say("跳到小程序负责人手机号");
  CHECK(c.StepKey() == "admin.phone");
  c.Say("进度");
  CHECK(c.Said("第 4 部分 · 小程序管理员信息"));
  CHECK(c.Said("1 项跳过"));
  // The overview's "（10 项）" is 8 to fill plus the 2 the platform fills in.
  CHECK(c.Said("/8 项已填"));
  CHECK(c.Said("（另有 2 项由平台自动带出）"));
  c.Say("暂停");
  CHECK(c.state.paused);
  c.Say("继续");
  CHECK_FALSE(c.state.paused);
  CHECK(c.Said("欢迎回来"));
  CHECK(c.StepKey() == "admin.phone");
  // Coming back with "开始备案" keeps what was filed; "重新开始" clears it.
  const size_t filed = c.state.answers.size();
  REQUIRE(filed > 0);
  c.Say("开始备案");
  CHECK(c.Said("发“继续”接着填"));
  CHECK(c.StepKey() == "admin.phone");
  CHECK(c.state.answers.size() == filed);
  c.Say("重新开始");
  CHECK(c.StepKey() == "host.region");
  CHECK(c.state.answers.size() == 0);
}

TEST_CASE("a jump names the field in everyday words, and the part it names decides") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到上传证件");  // an upload step: the jump is still a jump
  REQUIRE(c.StepKey() == "host.id-upload");
  const std::pair<const char*, const char*> jumps[] = {
      {"跳到主体负责人邮箱", "principal.email"},
      {"跳到公司名称", "host.name"},
      {"跳到管理员的手机", "admin.phone"},
      {"跳到小程序备注", "app.remark"},
      {"跳到主办单位备注", "host.remark"},
      {"跳到法人身份证号", "principal.id-number"},
      {"去应急电话", "principal.emergency-phone"},
      {"跳到承诺书", "other.commitment"},
      {"跳到主体负责人证件号码", "principal.id-number"},
      {"跳到小程序负责人证件号码", "admin.id-number"},
      {"跳到证件号码", "host.id-number"}};
  for (const auto& [words, key] : jumps) {
    CAPTURE(words);
    c.Say(words);
    CHECK(c.StepKey() == key);
  }
}

TEST_CASE("the words a skipped step names for coming back jump to that very step") {
  Conversation c;
  c.Say("开始备案");
  size_t checked = 0;
  for (int guard = 0; guard < 40 && !c.StepKey().empty(); ++guard) {
    const std::string key = c.StepKey();
    c.Say("跳过");
    const auto from = c.last.find("之后可以发“");
    if (from == std::string::npos) break;
    const auto start = from + std::string("之后可以发“").size();
    const std::string words = c.last.substr(start, c.last.find("”", start) - start);
    const std::string next = c.StepKey();
    c.Say(words);
    CAPTURE(words);
    CHECK(c.StepKey() == key);
    ++checked;
    c.Say("跳到第1部分");  // then on from where the skip had led
    if (next.empty()) break;
    while (c.StepKey() != next && !c.StepKey().empty()) c.Say("跳过");
  }
  CHECK(checked >= 25);
  // After the summary, a jump it suggests reopens the form at that step.
  for (int guard = 0; guard < 40 && !c.StepKey().empty(); ++guard) c.Say("跳过");
  REQUIRE(c.StepKey().empty());
  REQUIRE(c.Said("还没填的项"));
  CHECK(c.Said("小程序负责人手机号"));
  c.Say("跳到小程序负责人手机号");
  CHECK(c.StepKey() == "admin.phone");
}

TEST_CASE("an address without a house number can be kept, as an open warning") {
  Conversation c;
  c.Say("开始备案");
  c.Say("浙江省杭州市西湖区");
  c.Say("跳到通讯地址");
  c.Say("文三路创业大厦");
  CHECK(c.Said("通讯地址未能精确到门牌号"));
  c.Say("就用这个");
  CHECK(c.StepKey() == "host.remark");
  CHECK(c.state.answers.at("host.mail-address").status == "warning");
  c.Say("进度");
  CHECK(c.Said("待处理的提醒（1 条）"));
}

TEST_CASE("a summary after jumping ahead shows the platform's fields as filled in by it") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到第5部分");
  c.Say("好了");
  REQUIRE(c.Said("填写汇总"));
  CHECK(c.Said("主办者性质：自动带出"));
  CHECK(c.Said("企业名称：未填写"));
}

TEST_CASE("commands are whole messages, so answers that contain their words stay answers") {
  Conversation c;
  CHECK(c.walk.ParseCommand("下一步")->command == WalkCommand::kNext);
  CHECK(c.walk.ParseCommand("  继续。 ")->command == WalkCommand::kResume);
  CHECK(c.walk.ParseCommand("/start")->command == WalkCommand::kStart);
  CHECK_FALSE(c.walk.ParseCommand("下一步怎么填").has_value());
  CHECK_FALSE(c.walk.ParseCommand("科技园路1号").has_value());
  // Asking to file starts the walkthrough; asking how to file is a question.
  for (const char* ask :
       {"我要备案小程序", "帮我备案", "我想给小程序备案。", "我们要做小程序备案了", "备案"}) {
    CAPTURE(ask);
    REQUIRE(c.walk.ParseCommand(ask).has_value());
    CHECK(c.walk.ParseCommand(ask)->command == WalkCommand::kStart);
  }
  for (const char* question :
       {"小程序怎么备案", "我要备案吗", "备案要多久", "我要备案小程序需要什么材料"}) {
    CAPTURE(question);
    CHECK_FALSE(c.walk.ParseCommand(question).has_value());
  }
}

}  // namespace
}  // namespace beian
