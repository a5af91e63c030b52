#include "dialogs/validators.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "dialogs/masking.h"

namespace beian {
namespace {

// What the user reads for a result: its sentence from the shipped texts.json.
std::string Say(const CheckResult& r) {
  static const Texts texts =
      Texts::Load(std::filesystem::path(BEIAN_TEST_FORM).parent_path() / "texts.json");
  return r.message ? texts(*r.message, r.args) : std::string();
}

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

const year_month_day kToday{year{2026}, month{11}, day{26}};

TEST_CASE("credit codes: check character, 15-digit registration numbers, character set") {
  SUBCASE("published valid codes pass and are upper-cased") {
    CHECK(CheckCreditCode("91440300708461136T").status == CheckStatus::kOk);
    CHECK(CheckCreditCode("91110000802100433b").value == "91110000802100433B");
    CHECK(CheckCreditCode("９１４４０３００７０８４６１１３６Ｔ").status == CheckStatus::kOk);
  }
  SUBCASE("a failing check character warns but keeps the value (early pilot codes)") {
    const auto r = CheckCreditCode("91350100M0001TGQXM");
    CHECK(r.status == CheckStatus::kWarning);
    CHECK(r.value == "91350100M0001TGQXM");
    CHECK(Say(r).find("请核对营业执照原件") != std::string::npos);
  }
  SUBCASE("a 15-digit 注册号 is refused with the error it causes") {
    const auto r = CheckCreditCode("440301103456789");
    CHECK(r.status == CheckStatus::kInvalid);
    CHECK(r.error_id == "error.host.id-number-not-found");
    CHECK(Say(r).find("未查询到企业信息") != std::string::npos);
  }
  SUBCASE("wrong length or forbidden letters") {
    CHECK(CheckCreditCode("9144030070846113").status == CheckStatus::kInvalid);
    CHECK(CheckCreditCode("91440300708461136O").status == CheckStatus::kInvalid);
    CHECK(CheckCreditCode("").status == CheckStatus::kInvalid);
  }
}

TEST_CASE("ID numbers: region, birth date, check digit, lower-case x") {
  CHECK(CheckIdNumber("11010519491231002X", kToday).status == CheckStatus::kOk);
  CHECK(CheckIdNumber("11010519491231002x", kToday).value == "11010519491231002X");
  CHECK(CheckIdNumber("440524188001010014", kToday).status == CheckStatus::kInvalid);  // born 1880
  CHECK(CheckIdNumber("110105199001011234", kToday).status ==
        CheckStatus::kInvalid);  // doc sample, bad check
  CHECK(CheckIdNumber("110105199001011234", kToday).error_id ==
        "error.principal.four-factor-failed");
  CHECK(CheckIdNumber("991105194912310021", kToday).status == CheckStatus::kInvalid);  // region 99
  CHECK(CheckIdNumber("110105194902300020", kToday).status == CheckStatus::kInvalid);  // 30 Feb
  CHECK(CheckIdNumber("110105203001010020", kToday).status == CheckStatus::kInvalid);  // future
  CHECK(CheckIdNumber("110105491231002", kToday).status == CheckStatus::kInvalid);     // 15 digits
  CHECK(CheckIdNumber("1101 0519 4912 3100 2X", kToday).status == CheckStatus::kOk);
}

TEST_CASE("HK, Macau and Taiwan residence permits are recognised") {
  CHECK(IsNonMainlandResidencePermit("810000199001010012"));
  CHECK_FALSE(IsNonMainlandResidencePermit("11010519491231002X"));
}

TEST_CASE("mobile numbers lose spaces, dashes and +86") {
  CHECK(CheckMobile("138 0013 8000").value == "13800138000");
  CHECK(CheckMobile("+86 138-0013-8000").value == "13800138000");
  CHECK(CheckMobile("8613800138000").value == "13800138000");
  CHECK(CheckMobile("0755-86013388").status == CheckStatus::kInvalid);
  CHECK(CheckMobile("1380013800").status == CheckStatus::kInvalid);
  CHECK(CheckMobile("12800138000").status == CheckStatus::kInvalid);
  CHECK(CheckMobile("手机").status == CheckStatus::kInvalid);
}

TEST_CASE("emails") {
  CHECK(CheckEmail("zhang.san@example.com").status == CheckStatus::kOk);
  CHECK(CheckEmail("zhang.san＠example.com").status == CheckStatus::kOk);  // full-width @ folded
  CHECK(CheckEmail("zhang san@example.com").status == CheckStatus::kInvalid);
  CHECK(CheckEmail("zhang@example").status == CheckStatus::kInvalid);
}

TEST_CASE(
    "validity: YYYYMMDD or 长期, expired refused, short remainder warns (6 months in Ningxia)") {
  CHECK(CheckValidity("长期", kToday, 3).value == "长期");
  CHECK(CheckValidity("20350101", kToday, 3).value == "20350101");
  CHECK(CheckValidity("2015.01.01-2035.01.01", kToday, 3).value == "20350101");
  CHECK(CheckValidity("2035年1月1日", kToday, 3).value == "20350101");
  CHECK(CheckValidity("20251231", kToday, 3).status == CheckStatus::kInvalid);
  CHECK(CheckValidity("20270131", kToday, 3).status == CheckStatus::kWarning);
  CHECK(CheckValidity("20270401", kToday, 3).status == CheckStatus::kOk);
  CHECK(CheckValidity("20270401", kToday, 6, "（宁夏要求 6 个月）").status ==
        CheckStatus::kWarning);
  CHECK(CheckValidity("20270231", kToday, 3).status == CheckStatus::kInvalid);
  CHECK(CheckValidity("下个月", kToday, 3).status == CheckStatus::kInvalid);
  CHECK(CheckValidity("永久", kToday, 3).value == "长期");
  CHECK(CheckValidity("2016.03.01-长期", kToday, 3).value == "长期");
}

TEST_CASE("licence address: the 住所 in Chinese, not a code") {
  CHECK(CheckIdAddress("深圳市南山区粤海街道科技园社区科苑路15号").status == CheckStatus::kOk);
  CHECK(CheckIdAddress("　深圳市南山区科苑路15号（A栋）").value == "深圳市南山区科苑路15号（A栋）");
  CHECK(CheckIdAddress("91440300MA5G8XQY2K").status == CheckStatus::kInvalid);
  CHECK(CheckIdAddress("No.15 Keyuan Road").status == CheckStatus::kInvalid);
  CHECK(CheckIdAddress(" ").status == CheckStatus::kInvalid);
}

TEST_CASE("a value after a label is the value") {
  CHECK(CheckMobile("我的手机13800138000").value == "13800138000");
  CHECK(CheckMobile("手机号是：138 0013 8000。").value == "13800138000");
  CHECK(CheckIdNumber("身份证号 11010519491231002x", kToday).value == "11010519491231002X");
  CHECK(CheckCreditCode("统一社会信用代码：91440300708461136T").value == "91440300708461136T");
  CHECK(CheckEmail("邮箱是zhangsan@example.com。").value == "zhangsan@example.com");
  CHECK(CheckCompanyName("公司名称：深圳市某某科技有限公司。").value == "深圳市某某科技有限公司");
  CHECK(CheckCompanyName("我们公司叫深圳市某某科技有限公司").value == "深圳市某某科技有限公司");
  CHECK(CheckIdAddress("住所是 深圳市南山区科苑路15号").value == "深圳市南山区科苑路15号");
  CHECK(CheckPersonName("姓名：张三").value == "张三");
  // A name that merely starts like a label keeps it: no 是 or colon after it.
  CHECK(CheckCompanyName("名称科技有限公司").value == "名称科技有限公司");
  CHECK(CheckIdAddress("地址").status == CheckStatus::kInvalid);
  // Words that are no label, or words after the number, are not dropped.
  CHECK(CheckMobile("不用13800138000").status == CheckStatus::kInvalid);
  CHECK(CheckMobile("不是13800138000").status == CheckStatus::kInvalid);
  CHECK(CheckMobile("13800138000是同事的").status == CheckStatus::kInvalid);
}

TEST_CASE("codes and ID numbers: Chinese text is named as such") {
  const auto code = CheckCreditCode("广东省深圳市南山区科技中一路腾讯大厦");  // 18 characters
  CHECK(code.status == CheckStatus::kInvalid);
  CHECK(Say(code).find("汉字") != std::string::npos);
  CHECK(Say(code).find("18 位") != std::string::npos);
  CHECK(Say(code).find("你输入的是") == std::string::npos);
  CHECK(Say(CheckIdNumber("张三的身份证号码是这个", kToday)).find("汉字") != std::string::npos);
}

TEST_CASE("a phone number, an ID number or a validity at the wrong step is named") {
  const auto phone = CheckIdNumber("138 0013 8000", kToday);
  CHECK(phone.status == CheckStatus::kInvalid);
  CHECK(Say(phone).find("手机号") != std::string::npos);
  const auto validity = CheckIdNumber("2015.03.01-2035.03.01", kToday);
  CHECK(validity.status == CheckStatus::kInvalid);
  CHECK(Say(validity).find("有效期") != std::string::npos);
  for (const char* id : {"11010519491231002X", "110105194912310021"}) {
    CAPTURE(id);
    const auto r = CheckMobile(id);
    CHECK(r.status == CheckStatus::kInvalid);
    CHECK(Say(r).find("身份证号") != std::string::npos);
  }
  CHECK(Say(CheckMobile("1380013800")).find("你输入的是 10 位") != std::string::npos);
}

TEST_CASE("company and person names") {
  CHECK(CheckCompanyName("深圳市某某科技有限公司").status == CheckStatus::kOk);
  CHECK(CheckCompanyName("***").error_id == "error.host.name-empty");
  CHECK(CheckCompanyName("  ").status == CheckStatus::kInvalid);
  // A value typed one step early, or not the registered Chinese name.
  CHECK(CheckCompanyName("91440300MA5FXXXX12").status == CheckStatus::kInvalid);
  CHECK(CheckCompanyName("91440300 MA5F 1234 5X").status == CheckStatus::kInvalid);
  CHECK(CheckCompanyName("Tencent").status == CheckStatus::kWarning);
  CHECK(CheckCompanyName("深圳市ABC科技有限公司").status == CheckStatus::kOk);
  CHECK(CheckCompanyName("深圳市3D打印科技有限公司").status == CheckStatus::kOk);
  CHECK(CheckPersonName("张三").status == CheckStatus::kOk);
  CHECK(CheckPersonName("张").status == CheckStatus::kInvalid);
  CHECK(CheckPersonName("张三 11010519491231002X").status == CheckStatus::kInvalid);
  CHECK(CheckPersonName("张三１２").status == CheckStatus::kInvalid);
  CHECK(CheckPersonName("　买买提·艾力 ").value == "买买提·艾力");
  // Values copied into the form keep their characters: a registered name its
  // full-width parentheses, a Chinese sentence its full-width commas.
  CHECK(CheckCompanyName("　深圳市某某科技（集团）有限公司 ").value ==
        "深圳市某某科技（集团）有限公司");
  CHECK(
      CheckAppRemark("本小程序为本公司水果门店提供线上下单和同城配送服务，不涉及其他业务").value ==
      "本小程序为本公司水果门店提供线上下单和同城配送服务，不涉及其他业务");
}

TEST_CASE("the principal's certificate type: personal certificates only, common names normalised") {
  const auto type = [](const char* text) { return CheckPersonIdType(text); };
  CHECK(type("身份证").value == "居民身份证");
  CHECK(type(" 居民身份证 ").value == "居民身份证");
  CHECK(type("护照").value == "护照");
  CHECK(type("回乡证").value == "港澳居民来往内地通行证");
  CHECK(type("港澳通行证").value == "港澳居民来往内地通行证");
  CHECK(type("台胞证").value == "台湾居民来往大陆通行证");
  CHECK(type("港澳居民居住证").value == "港澳居民居住证");
  CHECK(type("台湾居民居住证").value == "台湾居民居住证");
  CHECK(type("绿卡").value == "外国人永久居留身份证");
  CHECK(type("外国人永久居留身份证").value == "外国人永久居留身份证");
  // Not refused, but not silently turned into another certificate either.
  CHECK(type("香港身份证").status == CheckStatus::kWarning);
  CHECK(type("香港身份证").value == "香港身份证");
  CHECK(type("港澳身份证").status == CheckStatus::kWarning);  // not the mainland 居民身份证
  // An organisation's certificate, or no certificate at all.
  CHECK(type("营业执照").status == CheckStatus::kInvalid);
  CHECK(type("统一社会信用代码证书").status == CheckStatus::kInvalid);
  CHECK(type("好了").status == CheckStatus::kInvalid);
  CHECK(type("是").status == CheckStatus::kInvalid);
  CHECK(type("居住证").status == CheckStatus::kInvalid);
  CHECK(type("").status == CheckStatus::kInvalid);
  // A certificate we do not know by name is kept as typed.
  CHECK(type("军官证").value == "军官证");
}

TEST_CASE("regions parse province, city and district") {
  Region r;
  CHECK(CheckRegion("广东省深圳市南山区", r).status == CheckStatus::kOk);
  CHECK(r.province == "广东省");
  CHECK(r.city == "深圳市");
  CHECK(r.district == "南山区");
  CHECK(CheckRegion("北京 朝阳区", r).value == "北京市 朝阳区");
  CHECK(r.city == "北京市");
  CHECK(CheckRegion("宁夏 银川市 兴庆区", r).status == CheckStatus::kOk);
  CHECK(r.province == "宁夏回族自治区");
  CHECK(CheckRegion("火星", r).status == CheckStatus::kInvalid);
  CHECK(CheckRegion("江苏省", r).status == CheckStatus::kWarning);
  // Pieces the user separated stay apart, even without 市 / 区; a city
  // named without its suffix gets 市, a prefecture that is no 市 does not.
  CHECK(CheckRegion("广东 深圳 福田", r).value == "广东省 深圳市 福田");
  CHECK(r.city == "深圳市");
  CHECK(r.district == "福田");
  CHECK(CheckRegion("吉林 延边 延吉市", r).value == "吉林省 延边 延吉市");
  CHECK(CheckRegion("新疆 喀什地区 喀什市", r).value == "新疆维吾尔自治区 喀什地区 喀什市");
  // 州 ends a city unless 市 follows it.
  CHECK(CheckRegion("广东广州市天河区", r).value == "广东省 广州市 天河区");
  CHECK(r.district == "天河区");
  CHECK(CheckRegion("浙江杭州西湖区", r).value == "浙江省 杭州市 西湖区");
  CHECK(CheckRegion("湖南湘西州吉首市", r).value == "湖南省 湘西州 吉首市");
  CHECK(CheckRegion("上海 上海 浦东", r).value == "上海市 浦东");
  CHECK(r.city == "上海市");
  CHECK(CheckRegion("吉林省 延边朝鲜族自治州 延吉市", r).value == "吉林省 延边朝鲜族自治州 延吉市");
  CHECK(CheckRegion("广东省深圳市 南山区", r).value == "广东省 深圳市 南山区");
}

TEST_CASE("mail address: no province/city/district again, needs a house number") {
  Region r;
  REQUIRE(CheckRegion("广东省 深圳市 南山区", r).status == CheckStatus::kOk);
  CHECK(CheckMailAddress("科技园路1号A栋501室", r).status == CheckStatus::kOk);
  for (const char* bad : {"广东省深圳市南山区科技园路1号", "深圳市南山区科技园路1号",
                          "南山区科技园路1号", "深圳南山科技园路1号"}) {
    CAPTURE(bad);
    const auto res = CheckMailAddress(bad, r);
    CHECK(res.status == CheckStatus::kInvalid);
    CHECK(Say(res).find("通讯地址无需重复填写省市区") != std::string::npos);
  }
  // A road named after the district is no repeat of it.
  for (const char* road : {"南山大道1001号", "南山路3号", "深圳湾1号"}) {
    CAPTURE(road);
    CHECK(CheckMailAddress(road, r).status == CheckStatus::kOk);
  }
  for (const char* numbered : {"科技园路创业大厦5楼", "工业园A栋", "高新区三号厂房", "科技园3#",
                               "南海大道3001号", "幸福小区2单元"}) {
    CAPTURE(numbered);
    CHECK(CheckMailAddress(numbered, r).status == CheckStatus::kOk);
  }
  // 号 and 楼 without a number before them are no house number.
  for (const char* unnumbered : {"电信大楼", "科技园路创业大厦门牌号待定", "广园路三元里大街"}) {
    CAPTURE(unnumbered);
    CHECK(CheckMailAddress(unnumbered, r).error_id == "error.host.mail-address-no-house-number");
  }
  // A sentence about the address is not an address.
  const auto about = CheckMailAddress("我们没有门牌号", r);
  CHECK(about.status == CheckStatus::kInvalid);
  CHECK(about.error_id.empty());
  CHECK(Say(about).find("备注") != std::string::npos);
  const auto no_number = CheckMailAddress("科技园路创业大厦", r);
  CHECK(no_number.status == CheckStatus::kInvalid);
  CHECK(no_number.error_id == "error.host.mail-address-no-house-number");
  CHECK(Say(no_number).find("备注") != std::string::npos);
}

TEST_CASE("service types at most 5, pre-approval choices, remark 20–200 characters") {
  CHECK(CheckServiceTypes("网上商城、生活服务").value == "网上商城、生活服务");
  CHECK(CheckServiceTypes("a、b、c、d、e、f").error_id == "error.app.service-type-over-limit");
  bool needs = true;
  CHECK(CheckPreApproval("以上都不涉及", needs).value == "以上都不涉及");
  CHECK_FALSE(needs);
  CHECK(CheckPreApproval("涉及教育和文化", needs).status == CheckStatus::kWarning);
  CHECK(needs);
  CHECK(CheckPreApproval("卖水果", needs).status == CheckStatus::kInvalid);
  CHECK(CheckAppRemark("卖水果").error_id == "error.app.remark-format");
  CHECK(CheckAppRemark("本小程序为本公司水果门店提供线上下单、配送到家和会员积分服务").status ==
        CheckStatus::kOk);
  CHECK(CheckAppRemark(std::string(201 * 3, 'a')).status == CheckStatus::kInvalid);
}

TEST_CASE("masks keep only the ends") {
  CHECK(MaskIdNumber("44030419900101123X") == "4403**********123X");
  CHECK(MaskMobile("13800138000") == "138****8000");
  CHECK(MaskEmail("zhangsan@example.com") == "z***@example.com");
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

TEST_CASE("a personal ID number typed as the credit code is named as one, masked, and not kept") {
  const CheckResult r = CheckCreditCode("1101 0519 4912 3100 2X");
  CHECK(r.status == CheckStatus::kInvalid);
  CHECK(Say(r).find("身份证号（1101**********002X）") != std::string::npos);
  CHECK(Say(r).find("11010519491231002X") == std::string::npos);
  // A real credit code, and one whose check character is off, stay credit codes.
  CHECK(CheckCreditCode("91440300708461136T").status == CheckStatus::kOk);
  CHECK(CheckCreditCode("91440300708461136X").status == CheckStatus::kWarning);
}

}  // namespace
}  // namespace beian
