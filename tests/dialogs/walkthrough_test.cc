#include "dialogs/walkthrough.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tests/dialogs/walk_conversation.h"

namespace beian {
namespace {

using test::Conversation;
using test::Form;
using test::kToday;

// Answers for every step of a company in Shenzhen whose principal is also
// the administrator.
const std::vector<std::string> kHappyPath = {
    "开始备案",
    "广东省 深圳市 南山区",
    "企业",
    "好了",
    "深圳市某某科技有限公司",
    "广东省深圳市南山区科技园路1号",
    "91440300708461136T",
    "科技园路1号A栋501室",
    "无",
    "是",
    "身份证",
    "好了",
    "张三",
    "11010519491231002X",
    "20400101",
    "13800138000",
    "好了",
    "13900139000",
    "zhangsan@example.com",
    "网上商城、生活服务",
    "以上都不涉及",
    "本小程序为本公司门店提供线上点单、会员积分和配送到家服务，不涉及其他业务",
    "是",
    "好了",
    "张三",
    "11010519491231002X",
    "长期",
    "13800138000",
    "好了",
    "13900139000",
    "zhangsan@example.com",
    "好了",
    "好了"};

TEST_CASE("a whole walkthrough through all five parts ends with a masked summary") {
  Conversation c;
  for (const auto& line : kHappyPath) {
    CAPTURE(line);
    CAPTURE(c.StepKey());
    c.Say(line);
    CHECK_FALSE(c.Said("这个值有问题"));
  }
  CHECK(c.state.finished);
  CHECK_FALSE(c.state.active);
  CHECK(c.Said("填写汇总"));
  CHECK(c.Said("1101**********002X"));
  CHECK(c.Said("138****8000"));
  CHECK(c.Said("z***@example.com"));
  CHECK_FALSE(c.Said("11010519491231002X"));
  CHECK_FALSE(c.Said("13800138000"));
  CHECK(c.Said("广东地区需下载模板"));
  // The fields the platform fills in are said to be, not "未填写".
  CHECK(c.Said("主办者性质：自动带出"));
  CHECK_FALSE(c.Said("未填写"));
  // Nothing sensitive is kept raw in the state either.
  const std::string stored = nlohmann::json(c.state).dump();
  CHECK(stored.find("11010519491231002X") == std::string::npos);
  CHECK(stored.find("13800138000") == std::string::npos);
  CHECK(stored.find("zhangsan@example.com") == std::string::npos);
}

TEST_CASE("the administrator who is the principal answers '同上' instead of typing it all again") {
  Conversation c;
  for (size_t i = 0; i <= 23; ++i)
    c.Say(kHappyPath[i]);  // up to the administrator's upload, same person
  REQUIRE(c.StepKey() == "admin.name");
  for (const char* field : {"name", "id-number", "id-validity", "phone"}) {
    CAPTURE(field);
    REQUIRE(c.StepKey() == std::string("admin.") + field);
    c.Say("同上");
    CHECK(c.state.answers.at(std::string("admin.") + field).display ==
          c.state.answers.at(std::string("principal.") + field).display);
  }
  CHECK(c.state.answers.at("admin.id-number").hash ==
        c.state.answers.at("principal.id-number").hash);
  CHECK(c.state.answers.at("admin.id-number").display == "1101**********002X");
  c.Say("好了");  // the SMS code
  c.Say("一样");
  c.Say("跟主体负责人一样");
  CHECK(c.StepKey() == "admin.face-verify");
  CHECK(c.state.answers.at("admin.email").display == c.state.answers.at("principal.email").display);

  // Two different people: nothing is copied.
  Conversation d;
  for (size_t i = 0; i <= 21; ++i) d.Say(kHappyPath[i]);
  d.Say("不是");
  d.Say("好了");
  REQUIRE(d.StepKey() == "admin.name");
  d.Say("同上");
  CHECK(d.Said("没法直接沿用"));
  CHECK(d.StepKey() == "admin.name");
  CHECK_FALSE(d.state.answers.count("admin.name"));
}

TEST_CASE("the state is saved as the same JSON text nlohmann writes, at every step") {
  Conversation c;
  for (const auto& line : kHappyPath) {
    c.Say(line);
    CAPTURE(c.StepKey());
    REQUIRE(StateJson(c.state) == nlohmann::json(c.state).dump());
  }
  WalkState odd = c.state;
  odd.paused = true;
  odd.facts["note"] = "引号\"、反斜杠\\、换行\n和\t制表";
  odd.pending.emplace("host.remark", FieldAnswer{"值", "h", "warning", "说明\n第二行", "E-1"});
  odd.offered = {"error.principal.phone-shared", "error.admin.phone-shared"};
  CHECK(StateJson(odd) == nlohmann::json(odd).dump());
  CHECK(nlohmann::json::parse(StateJson(odd)).get<WalkState>().offered == odd.offered);
  CHECK(StateJson(WalkState{}) == nlohmann::json(WalkState{}).dump());
}

TEST_CASE("the state survives a JSON round trip mid-way") {
  Conversation c;
  for (size_t i = 0; i < 12; ++i) c.Say(kHappyPath[i]);
  const std::string key = c.StepKey();
  Conversation d;
  d.state = nlohmann::json::parse(nlohmann::json(c.state).dump()).get<WalkState>();
  CHECK(d.StepKey() == key);
  CHECK(d.state.facts == c.state.facts);
}

TEST_CASE("wrong values are refused with the platform error they prevent, then asked again") {
  Conversation c;
  c.Say("开始备案");
  c.Say("广东省深圳市南山区");
  c.Say("企业");
  c.Say("好了");
  c.Say("深圳市某某科技有限公司");
  c.Say("广东省深圳市南山区科技园路1号");
  REQUIRE(c.StepKey() == "host.id-number");
  c.Say("440301103456789");
  CHECK(c.Said("未查询到企业信息"));
  CHECK(c.StepKey() == "host.id-number");
  c.Say("91440300708461136T");
  REQUIRE(c.StepKey() == "host.mail-address");
  c.Say("深圳市南山区科技园路1号");
  CHECK(c.Said("通讯地址无需重复填写省市区"));
  c.Say("科技园路1号");
  REQUIRE(c.StepKey() == "host.remark");
  c.Say("无");
  c.Say("是");
  REQUIRE(c.StepKey() == "principal.id-type");
  c.Say("好了");  // out of step: names no certificate
  CHECK(c.Said("这一项要把「证件类型」发给我"));
  CHECK(c.StepKey() == "principal.id-type");
  c.Say("随便");
  CHECK(c.Said("没看出这是哪种证件"));
  c.Say("营业执照");
  CHECK(c.Said("只能选个人类证件"));
  CHECK(c.StepKey() == "principal.id-type");
  c.Say("香港身份证");  // kept with a warning; then its number is not checked as a mainland ID's
  CHECK(c.Said("以控制台证件类型下拉框里的选项为准"));
  CHECK(c.state.facts.at("principal_id_type") == "香港身份证");
  c.Say("上一步");
  REQUIRE(c.StepKey() == "principal.id-type");
  c.Say("居民身份证");
  c.Say("好了");
  c.Say("张三");
  REQUIRE(c.StepKey() == "principal.id-number");
  c.Say("110105199001011234");
  CHECK(c.Said("校验码对不上"));
  c.Say("11010519491231002X");
  c.Say("20200101");
  CHECK(c.Said("过期"));
  c.Say("20261231");
  CHECK(c.Said("不到 3 个月"));  // kept with a warning
  REQUIRE(c.StepKey() == "principal.phone");
  c.Say("0755-86013388");
  CHECK(c.Said("不能填座机"));
  c.Say("138 0013 8000");
  c.Say("好了");
  REQUIRE(c.StepKey() == "principal.emergency-phone");
  c.Say("13800138000");
  CHECK(c.Said("应急手机号不能和手机号填同一个号码"));
  c.Say("13900139000");
  CHECK(c.StepKey() == "principal.email");
}

TEST_CASE("two different people cannot share a phone number") {
  Conversation c;
  for (size_t i = 0; i < 22; ++i) c.Say(kHappyPath[i]);  // through part 3
  REQUIRE(c.StepKey() == "admin.same-person");
  c.Say("不是");
  c.Say("好了");
  c.Say("李四");
  c.Say("11010519491231002X");  // the principal's ID number, for "another" person
  CHECK(c.Said("这个证件号和主体负责人的一样"));
  CHECK_FALSE(c.Said("手机号码"));
  CHECK(c.StepKey() == "admin.id-number");
  c.Say("440524198001010013");  // another valid ID number
  REQUIRE(c.StepKey() == "admin.id-validity");
  c.Say("长期");
  c.Say("13800138000");  // the principal's phone
  CHECK(c.Said("【小程序负责人手机号码】不允许被多人使用"));
  CHECK(c.StepKey() == "admin.phone");
  c.Say("13700137000");
  c.Say("好了");
  c.Say("13900139000");  // the principal's emergency number
  CHECK(c.Said("【小程序负责人应急联系方式】不允许被多人使用"));
}

TEST_CASE("a choice step explains the choice, not the field its entry describes") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到第4部分");
  REQUIRE(c.StepKey() == "admin.same-person");
  CHECK(c.Said("说明：小程序负责人必须是当前的小程序管理员本人"));
  CHECK_FALSE(c.Said("说明：填写小程序负责人的姓名"));  // field.admin.name's summary
}

TEST_CASE("'好了' at a step that wants a value asks for the value") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到主体负责人手机号");
  REQUIRE(c.StepKey() == "principal.phone");
  c.Say("好了");
  CHECK(c.Said("这一项要把「手机号」发给我"));
  CHECK_FALSE(c.Said("只能包含数字"));
  CHECK(c.StepKey() == "principal.phone");
}

TEST_CASE("'暂无' at a required field says it is required and how to come back, records nothing") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到应急手机号");
  REQUIRE(c.StepKey() == "principal.emergency-phone");
  c.Say("暂无");
  CHECK(c.Said("「应急手机号」是必填项"));
  CHECK(c.Said("跳到主体负责人应急手机号"));
  CHECK(c.StepKey() == "principal.emergency-phone");
  CHECK_FALSE(c.state.answers.count("principal.emergency-phone"));
  // At an optional field the same word is the answer.
  c.Say("跳到主办单位备注");
  REQUIRE(c.StepKey() == "host.remark");
  c.Say("无");
  CHECK(c.state.answers.count("host.remark"));
}

TEST_CASE("a value typed one step early is named, not recorded") {
  Conversation c;
  c.Say("开始备案");
  c.Say("跳到企业名称");
  REQUIRE(c.StepKey() == "host.name");
  c.Say("91440300708461136T");
  CHECK(c.Said("不是企业名称"));
  CHECK(c.StepKey() == "host.name");
  CHECK_FALSE(c.state.answers.count("host.name"));
  c.Say("深圳市某某科技有限公司");
  REQUIRE(c.StepKey() == "host.id-address");
  c.Say("91440300708461136T");
  CHECK(c.Said("不是住所"));
  CHECK(c.StepKey() == "host.id-address");
  c.Say("广东省深圳市南山区科技园路1号");
  REQUIRE(c.StepKey() == "host.id-number");
  c.Say("广东省深圳市南山区科技中一路腾讯大厦");
  CHECK(c.Said("有汉字"));
  CHECK(c.StepKey() == "host.id-number");
}

TEST_CASE("saying there is no house number is not taken as the address") {
  Conversation c;
  c.Say("开始备案");
  c.Say("浙江省杭州市西湖区");
  c.Say("跳到通讯地址");
  c.Say("我们没有门牌号");
  CHECK(c.StepKey() == "host.mail-address");
  CHECK(c.Said("请把地址本身发给我"));
  c.Say("就用这个");
  CHECK(c.StepKey() == "host.mail-address");
  CHECK_FALSE(c.state.answers.count("host.mail-address"));
}

TEST_CASE(
    "branches: 个体工商户 in Jiangsu must carve a seal; authorisation when not the legal rep") {
  Conversation c;
  c.Say("开始备案");
  c.Say("江苏省 南京市 鼓楼区");
  c.Say("个体户");
  CHECK(c.Said("江苏、宁夏、福建的个体工商户必须先刻章"));
  CHECK_FALSE(c.Said("按手印"));  // not offered where it is refused
  Conversation elsewhere;
  elsewhere.Say("开始备案");
  elsewhere.Say("浙江省 杭州市 西湖区");
  elsewhere.Say("个体户");
  CHECK(elsewhere.Said("按手印"));
  CHECK_FALSE(elsewhere.Said("江苏"));
  Conversation unknown;  // the region skipped: both rules are told
  unknown.Say("开始备案");
  unknown.Say("跳过");
  unknown.Say("个体户");
  CHECK(unknown.Said("按手印"));
  CHECK(unknown.Said("江苏、宁夏、福建不接受手印"));
  c.Say("跳到第2部分");
  c.Say("不是");
  CHECK(c.Said("主体负责人授权书"));
  CHECK(c.Said("不支持法定代表人授权"));
  c.Say("跳到第5部分");
  CHECK(c.Said("江苏、宁夏、福建的个体工商户必须先刻章"));
  CHECK(c.Said("阅读承诺书并确认"));
  c.Say("好了");
  CHECK(c.Said("授权书"));  // in the checklist
  CHECK(c.Said("须刻章"));
}

TEST_CASE(
    "Ningxia wants 6 months of validity; a HK/Macau/Taiwan administrator cannot pass face "
    "verification") {
  Conversation c;
  c.Say("开始备案");
  c.Say("宁夏 银川市 兴庆区");
  c.Say("跳到主体负责人证件有效期");
  REQUIRE(c.StepKey() == "principal.id-validity");
  c.Say("20270401");
  CHECK(c.Said("宁夏要求 6 个月"));
  c.Say("跳到小程序负责人证件号");
  REQUIRE(c.StepKey() == "admin.id-number");
  c.Say("810000199001010019");
  CHECK(c.Said("当前场景仅支持居民身份证"));
}

}  // namespace
}  // namespace beian
