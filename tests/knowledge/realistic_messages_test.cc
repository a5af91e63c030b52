// Issue #21's kinds of message, each through a rule of its own: the
// glossary (English, pinyin, abbreviations), sound-alike slips, the part a
// message names, situations that hint at a concept, and the near-domain
// subjects that are declined. Examples are written for these tests, not taken
// from an evaluation set.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Top;

MatchResult M(std::string_view text) { return test::ShippedMatcher().Match(text); }

TEST_CASE("glossary phrases of several words are read as the Chinese term") {
  // "mail address" was in the glossary before but never matched: its space
  // was dropped from the variant and kept in the message.
  const MatchResult r = M("host 的 mail address 要写到门牌号吗");
  CHECK(r.answered);
  CHECK(Top(r) == "field.host.mail-address");
  CHECK(test::ShippedMatcher().SearchForm("face verify") ==
        test::ShippedMatcher().SearchForm("人脸核身"));
  CHECK(test::ShippedMatcher().SearchForm("yyzz") == test::ShippedMatcher().SearchForm("营业执照"));
}

TEST_CASE("English words the knowledge base never uses do not decline a message") {
  const MatchResult r = M("pls help，admin 的 emergency phone 能填同事的吗 thx");
  CHECK(r.answered);
  CHECK(Top(r) == "field.admin.emergency-phone");
}

TEST_CASE("sound-alike slips read as the word meant") {
  CHECK(test::ShippedMatcher().SearchForm("付责人") == test::ShippedMatcher().SearchForm("负责人"));
  const MatchResult r = M("嗯那个主体付责人的应及电话就是那个可以填家里人的吗");
  CHECK(r.answered);
  CHECK(Top(r) == "field.principal.emergency-phone");
}

TEST_CASE("a subject with locator words before a person's field names its part") {
  CHECK(Top(M("小程序那一栏的负责人邮箱填什么")) == "field.admin.email");
  CHECK(Top(M("主体这边的应急电话填谁")) == "field.principal.emergency-phone");
  CHECK(Top(M("第四部分的手机号填谁的")) == "field.admin.phone");
  CHECK(Top(M("第2部分手机号填谁的")) == "field.principal.phone");
  // 主体证件 is the organisation's licence, not a person's ID.
  CHECK(Top(M("主体证件号码填信用代码吗")) == "field.host.id-number");
}

TEST_CASE("situations hint at the concept they describe") {
  CHECK(Top(M("公司在写字楼里只写到了楼层，审核不给过")) ==
        "error.host.mail-address-no-house-number");
  const MatchResult licence = M("我们是互联网医院，备案被退回说要先有卫健委的批文");
  CHECK(licence.answered);
  CHECK(Top(licence) == "error.app.pre-approval-required");
}

TEST_CASE("another platform's mini program, another product's filing and chores are declined") {
  for (const char* text :
       {"抖音上的小程序怎么备案", "百度智能小程序备案入口", "快手小游戏要备案吗",
        "安卓 App 备案要准备什么", "官网备案在哪个云服务商做", "帮我写个脚本自动填备案表",
        "把备案须知翻译成英文", "公安备案怎么做", "算法备案怎么做"}) {
    CAPTURE(text);
    const MatchResult r = M(text);
    CHECK_FALSE(r.answered);
    CHECK_FALSE(r.off_topic.empty());
  }
  // Naming WeChat or the mini program keeps it ours; WeChat named only to
  // compare with does not.
  CHECK(M("抖音小程序备过案了，微信小程序还要再备吗").answered);
  for (const char* text :
       {"快手小程序备案要准备哪些材料，和微信那边有区别吗",
        "百度小程序的负责人也要刷脸吗？跟微信的流程一样不", "快手小程序备案跟微信这边通用吗"}) {
    CAPTURE(text);
    CHECK(M(text).other_product);
  }
  CHECK(M("我们同一天在微信和支付宝都提交了小程序备案，微信这边说主办者冲突").answered);
  // The service may stand a few words before 备案; an ASCII one counts whole.
  CHECK(M("网站在腾讯云做的备案，还要拍幕布照吗").other_product);
  CHECK(M("我们这个 appid 已经 beian 成功了，后来加了新的 category，需要 re-file 吗").answered);
  CHECK(M("官网已经备案了，小程序还要单独备案吗").answered);
  // "百度" as a verb is no platform.
  CHECK(M("我百度了一下说小程序备案主体负责人必须是法人，是真的吗").answered);
}

TEST_CASE("the new entries answer the common questions beyond the form") {
  CHECK(Top(M("一个主体能备几个小程序")) == "faq.process.quota");
  CHECK(Top(M("备案能不能加急")) == "faq.process.expedite");
  CHECK(Top(M("备案下来以后备案号在哪看")) == "faq.after.number-display");
  CHECK(Top(M("不做了，小程序备案怎么注销")) == "faq.after.cancel");
  CHECK(Top(M("已经备案了，负责人换人要怎么变更")) == "faq.after.change");
  CHECK(Top(M("小程序备案收费吗")) == "faq.process.fees");
}

TEST_CASE("the plainest question is how to start, not how to change") {
  const MatchResult how = M("小程序备案怎么做");
  CHECK(how.answered);
  CHECK(Top(how) == "faq.process.how-to-start");
  CHECK(Top(M("变更备案怎么做")) == "faq.after.change");
  CHECK(Top(M("注销备案怎么做")) == "faq.after.cancel");
}

TEST_CASE("what users call a thing, and what they say happened, find its entry") {
  // 类目 for the service marks, with a count over five.
  CHECK(Top(M("类目我们一共勾了八个，页面就是不让往下走")) == "error.app.service-type-over-limit");
  // How many one licence may file.
  const MatchResult quota = M("二十家店一家一个小程序，一个执照能备这么多个吗");
  CHECK(quota.answered);
  CHECK(Top(quota) == "faq.process.quota");
  // A filing that is already through, then changed, is a filing change, even
  // when the change is a company matter (换了法人).
  const MatchResult change = M("公司法人换了，以前备案好的信息要去哪里改");
  CHECK(change.answered);
  CHECK(Top(change) == "faq.after.change");
  // Cancelling the filing is not closing the company.
  const MatchResult cancel = M("店不开了，小程序的备案想注销掉，走什么流程");
  CHECK(cancel.off_topic.empty());
  CHECK(Top(cancel) == "faq.after.cancel");
  // Withdrawing a submission in review.
  CHECK(Top(M("刚提交了就发现有错，想取消掉重新填可以吗")) == "faq.after.cancel");
  // An expired code is the code being refused.
  CHECK(Top(M("验证码过期了")) == "error.sms-code-invalid");
  // Getting a business licence is company registration, not the filing.
  CHECK_FALSE(M("新注册一家公司拿营业执照要多久").answered);
}

TEST_CASE("a rejection or a field described without its name finds its entry") {
  // One number on several companies' filings is the shared-number rejection.
  const MatchResult shared = M("我把自己的手机号在好几家公司的备案里都填了，现在法人那栏被拦");
  CHECK(shared.answered);
  CHECK_FALSE(shared.ambiguous);
  CHECK(Top(shared) == "error.principal.phone-shared");
  // "The company and its representative don't match": the four-factor check.
  CHECK(Top(M("企业和法人的信息一直核对不上，名字身份证都没错")) ==
        "error.principal.four-factor-failed");
  // Sent back and told to pick the last option: none of the pre-approvals.
  const MatchResult none = M("审批那栏我乱勾了一个，被退回说让选最后那一项");
  CHECK_FALSE(none.ambiguous);
  CHECK(Top(none) == "error.app.pre-approval-none");
  // A limit on the count is the quota, not company registration.
  const MatchResult quota = M("一家公司底下五六个小程序，备案有没有个数限制");
  CHECK(quota.answered);
  CHECK(Top(quota) == "faq.process.quota");
}

TEST_CASE("a review's progress, a filing 备过 and English error words find their entries") {
  // Asking where the review stands is the review stages' question.
  for (const char* text : {"备案进度怎么查", "提交半个月了没消息，卡在哪一步了"}) {
    const MatchResult r = M(text);
    CHECK(r.answered);
    CHECK(Top(r) == "faq.process.review-stages");
  }
  // "备过了" is an existing filing: a later change is a filing change.
  const MatchResult change = M("去年就备过了，现在公司要换法人，要做啥");
  CHECK(change.answered);
  CHECK(Top(change) == "faq.after.change");
  // The platform's words in English: "company not found", "follow the format".
  CHECK(Top(M("填了 credit code 显示 company not found")) == "error.host.id-number-not-found");
  CHECK(Top(M("小程序 remark 一直报 follow the format")) == "error.app.remark-format");
}

TEST_CASE("a long story with a question of few words is about the rejection it reports") {
  // The story is about who registered the mini program (the name check's
  // words); the rejection it reports is the ID number's; "现在该怎么弄？"
  // asks about that rejection.
  const MatchResult r =
      M("小程序是之前的运营用她自己微信注册的，管理员一直是她，她已经离职了。这次备案小程序负责人"
        "填的是新来的主管，提交后报负责人证件号码跟管理员不一致。人也找不到了。现在该怎么弄？");
  CHECK(r.answered);
  CHECK_FALSE(r.ambiguous);
  CHECK(Top(r) == "error.admin.id-number-mismatch");
}

TEST_CASE(
    "what people say happened names the rejection; WeChat Work and moving a company are declined") {
  // "被别人占了": the number is used on someone else's filing.
  CHECK(Top(M("主体负责人手机号提交说被别人占了")) == "error.principal.phone-shared");
  // The company's registration does not match the person: the four-factor check.
  const MatchResult four = M("法人姓名身份证都没错，系统说跟公司登记的信息核对不上");
  CHECK_FALSE(four.ambiguous);
  CHECK(Top(four) == "error.principal.four-factor-failed");
  // "That number" after approval is the filing number.
  CHECK(Top(M("备案通过以后那个号码在哪里看")) == "faq.after.number-display");
  for (const char* text : {"企业微信认证要交钱吗", "公司注册地址迁到别的区要什么材料"}) {
    CAPTURE(text);
    CHECK_FALSE(M(text).answered);
  }
}

TEST_CASE("a box ticked at random, a filing in another province, 'company info' not found") {
  // A pre-approval ticked at random and sent back: pick none of them.
  const MatchResult ticked = M("审批那栏我随便勾了个娱乐，被打回来了");
  CHECK_FALSE(ticked.ambiguous);
  CHECK(Top(ticked) == "error.app.pre-approval-none");
  // "The place that asks whether we need approval" is the pre-approval field.
  const MatchResult asks = M("有个问要不要审批的地方，我们卖奶茶的该怎么选");
  CHECK(asks.answered);
  CHECK(Top(asks) == "field.app.pre-approval");
  // Filed before under one province, now refused under another.
  const MatchResult region = M("我们公司之前备过，当时选的上海，现在搬去苏州了，选江苏就提交不了");
  CHECK(region.answered);
  CHECK(Top(region) == "error.host.region-already-filed");
  // "说查不到 company info" reports the lookup's rejection.
  const MatchResult lookup = M("信用代码没填错，一提交就说查不到 company info");
  CHECK_FALSE(lookup.ambiguous);
  CHECK(Top(lookup) == "error.host.id-number-not-found");
  // "不沾边" alone is not "none of the above".
  CHECK(Top(M("小程序介绍写得太简单了，被退回来说不沾边")) != "error.app.pre-approval-none");
}

TEST_CASE("an address pasted as an example, other regimes and chores, what a situation names") {
  // "admin@…" is an e-mail address, not the administrator.
  CHECK(test::ShippedMatcher().SearchForm("admin@xxx.com") ==
        test::ShippedMatcher().SearchForm("邮箱"));
  for (const char* text : {"等保测评小程序要做吗", "流量主怎么开通", "单位社保开户在哪办"}) {
    CAPTURE(text);
    CHECK_FALSE(M(text).answered);
  }
  // Selling health products needs a licence first: the pre-approval.
  CHECK(Top(M("我们卖保健品的，备案前要先办什么许可证吗")) == "field.app.pre-approval");
  // Waiting for the MIIT message and nothing came.
  const MatchResult waiting = M("工信部那条短信一直在等，老板手机里啥也没有");
  CHECK_FALSE(waiting.ambiguous);
  CHECK(Top(waiting) == "faq.sms.not-received");
  // "What trade the mini program is in" is the service marks.
  const MatchResult trade = M("有一步要选小程序属于什么行业，怎么选");
  CHECK(trade.answered);
  CHECK(Top(trade) == "field.app.service-type");
  // "From submitting to approval, how many steps" is the review stages.
  const MatchResult steps = M("从提交到下来要走几步");
  CHECK(steps.answered);
  CHECK(Top(steps) == "faq.process.review-stages");
}

TEST_CASE("someone else standing in, which licence, a renamed company, fields carried over") {
  // Another manager standing in for the boss: must it be the legal representative?
  const MatchResult stand_in = M("老板不想挂名，主体负责人能让副总来当吗");
  CHECK(stand_in.answered);
  CHECK(Top(stand_in) == "faq.principal.must-be-legal-rep");
  // Which of two licences to upload.
  CHECK(Top(M("执照有老版和新版两张，传哪张")) == "field.host.id-upload");
  // Renamed, the mini program still under the old name, stopped.
  const MatchResult renamed = M("公司改名了，小程序后台还是老名字，备案填新名字被拦下来");
  CHECK(renamed.answered);
  CHECK(Top(renamed) == "error.host.name-mismatch");
  // Fields carried over from an earlier filing, greyed out, the address refused.
  const MatchResult reused =
      M("第二个小程序了，公司资料是自动带出来的全是灰的，地址又说多写了省市");
  CHECK(reused.answered);
  CHECK(Top(reused) == "faq.host.reused-subject-address");
  // "身份证那串数字" is the ID number.
  const MatchResult digits = M("小程序管理员是我本人，名字没问题，就是身份证那串数字说不对");
  CHECK_FALSE(digits.ambiguous);
  CHECK(Top(digits) == "error.admin.id-number-mismatch");
  // Which kind of taxpayer to be is a tax question.
  CHECK_FALSE(M("一般纳税人和小规模选哪个").answered);
}

TEST_CASE("stars in the description, its template, a company not found, code review, the X") {
  // The description's template stars are not the licence's starred name.
  CHECK(Top(M("小程序介绍那栏原来有几个带星星的空，我删了自己写，结果不给过")) ==
        "error.app.remark-format");
  const MatchResult model = M("小程序介绍被退回来让照模板写，模板在哪");
  CHECK(model.answered);
  CHECK(Top(model) == "error.app.remark-format");
  const MatchResult missing = M("系统说找不到我们这家公司，信用代码没错啊");
  CHECK_FALSE(missing.ambiguous);
  CHECK(Top(missing) == "error.host.id-number-not-found");
  // Expediting the mini program's code review is not the filing's.
  CHECK_FALSE(M("小程序代码审核能加急吗").answered);
  // The X at the end of the filing number.
  CHECK(Top(M("备案号最后带个X是啥意思")) == "faq.after.number-display");
}

TEST_CASE("a message that names a field is about that field, not its neighbour") {
  // Whose ID number: the ID number's entry, though the name's entry words
  // "管理员的还是法人的" more closely.
  const MatchResult r = M("小程序负责人身份证号填管理员的还是法人的");
  CHECK(r.answered);
  CHECK(Top(r) == "field.admin.id-number");
  // Naming two fields keeps both entries in the running.
  const MatchResult two = M("主体负责人的手机号和邮箱能填同一个人的吗");
  CHECK(two.answered);
  CHECK((Top(two) == "field.principal.phone" || Top(two) == "field.principal.email"));
}

TEST_CASE("a stutter, a reported rejection, withdrawing a slip, whose WeChat registered it") {
  // Voice-to-text says a word twice; the matcher reads it once.
  CHECK(test::ShippedMatcher().SearchForm("失败失败") == test::ShippedMatcher().SearchForm("失败"));
  const MatchResult stutter = M("工信部那个核验啊核验我弄了三遍都提示失败失败怎么回事");
  CHECK(stutter.answered);
  CHECK(Top(stutter) == "faq.sms.verify-failed");
  // A rejection reported in the user's words goes to the error's entry, not
  // to the field's that words the rest as closely.
  CHECK(Top(M("帮客户提交的，认证的名字和执照上少了一个括号，结果被退回")) ==
        "error.host.name-mismatch");
  const MatchResult conflict =
      M("以前在别的服务商备过网站，这次提交提示主办者冲突，公司名一直没变过");
  CHECK(Top(conflict) == "error.host.sponsor-conflict");
  CHECK_FALSE(conflict.ambiguous);
  CHECK(Top(M("提交时有一项填错了，可以先撤回来重新填吗")) == "faq.after.cancel");
  CHECK(Top(M("当时注册用的是外包的微信，现在备案填老板，说不一致")) ==
        "error.admin.name-mismatch");
  const std::string shared = Top(M("这个号码以前帮别的公司备过案，这次填上去被拒了"));
  CHECK(shared.ends_with(".phone-shared"));
}

TEST_CASE("the field the question asks about, who may be 负责人, a report with a small lead") {
  // The story names the licence's address; the question, the mailing one.
  CHECK(Top(M("营业执照上的住所是挂靠的园区地址，我们实际在别的区办公。通讯地址填哪个？")) ==
        "field.host.mail-address");
  const MatchResult who = M("台湾居民可以当小程序负责人吗");
  CHECK(who.answered);
  CHECK(Top(who) == "faq.process.foreign-subject");
  CHECK(Top(M("主办单位的 certificate type 选哪个")) == "field.host.id-type");
  CHECK(Top(M("小程序是财务注册的，后台也是她管，我填了自己当负责人，说跟后台的不是一个人")) ==
        "error.admin.name-mismatch");
  // A reported rejection whose error entry leads by little is still answered
  // with it, and does not ask which one is meant.
  const MatchResult report = M("系统说跟工商登记的那几项对不上，老板身份证号我都核对过了");
  CHECK(report.answered);
  CHECK_FALSE(report.ambiguous);
  CHECK(Top(report) == "error.principal.four-factor-failed");
}

TEST_CASE("a slip inside a hint's words, someone else's licence, a box not to tick, 备案那个") {
  // Hints see the message with its sound-alike slips corrected (注消 → 注销).
  const MatchResult slip = M("备案通过后不想要了 想注消");
  CHECK(slip.answered);
  CHECK(Top(slip) == "faq.after.cancel");
  CHECK(Top(M("小程序是代理公司用他们的执照注册的，我们用自己公司备案就被拦了")) ==
        "error.host.name-mismatch");
  const MatchResult ticked = M("审核说我们不该勾那个文化类的审批，让我改掉");
  CHECK(ticked.answered);
  CHECK(Top(ticked) == "error.app.pre-approval-none");
  // "小程序备案那个负责人" names the mini program's 负责人.
  CHECK(Top(M("嗯小程序备案那个负责人的邮箱填谁的")) == "field.admin.email");
}

TEST_CASE("a branch's name, a move to another province, a shared number, not the legal rep") {
  const MatchResult branch = M("认证用的是分公司，备案填的总公司名称，被退回了");
  CHECK(Top(branch) == "error.host.name-mismatch");
  CHECK_FALSE(branch.ambiguous);
  CHECK(Top(M("以前在广州备过网站，公司搬到成都了，小程序选四川提交不了")) ==
        "error.host.region-already-filed");
  const MatchResult shared = M("老板想用一个号给三个公司当负责人，会不会被判多人共用");
  CHECK(shared.answered);
  CHECK(Top(shared).ends_with(".phone-shared"));
  CHECK(Top(M("我们老板不是法定代表人，他能当主体负责人吗")) == "faq.principal.must-be-legal-rep");
}

TEST_CASE("the old name still shown, a website filed in another province, no SMS at all") {
  CHECK(Top(M("公司刚改名，备案系统里还显示旧名字，对不上")) == "note.host.data-delay");
  CHECK(Top(M("之前在北京给官网备过案，这次小程序选了天津，提交不了")) ==
        "error.host.region-already-filed");
  CHECK(Top(M("审核中好几天了，老板手机上一条短信都没有")) == "faq.sms.not-received");
}

TEST_CASE(
    "a slip in 前置审批, several clients on one number, a stand-in, the field a clause asks") {
  const MatchResult voice = M("嗯 那个前知审批 我们是卖水果的 要弄吗");
  CHECK(voice.answered);
  CHECK(Top(voice) == "field.app.pre-approval");
  const MatchResult clients = M("我帮多家客户做备案，手机都填在他们老板那栏，结果被拒了");
  CHECK(clients.answered);
  CHECK(Top(clients) == "error.principal.phone-shared");
  CHECK(Top(M("我是台湾人，可以自己当主体负责人吗")) == "faq.process.foreign-subject");
  const MatchResult stand_in = M("让副总代替老板当公司负责人行吗");
  CHECK(stand_in.answered);
  CHECK(Top(stand_in) == "faq.principal.must-be-legal-rep");
  // The open question's clause names the field it asks about.
  CHECK(Top(M("住所是孵化器，通讯地址写哪个")) == "field.host.mail-address");
}

TEST_CASE("a shared backup number, no delegation here, a province chosen before, 退件") {
  CHECK(Top(M("主体那边备用联系号码填了我的，提示这号不能好几个人用")) ==
        "error.principal.emergency-phone-shared");
  const MatchResult delegation = M("系统说我们这个省不能委托，负责人填的不是法人，怎么办");
  CHECK(Top(delegation) == "error.principal.not-legal-rep");
  CHECK_FALSE(delegation.ambiguous);
  const MatchResult province = M("官网当时选的江苏，现在小程序选了上海，提交不了");
  CHECK(province.answered);
  CHECK(Top(province) == "error.host.region-already-filed");
  const MatchResult returned = M("前置審批選了以上都不涉及，還是被退件");
  CHECK(Top(returned) == "error.app.pre-approval-none");
  CHECK_FALSE(returned.ambiguous);
}

TEST_CASE("a message about the filing whose best entry stands far ahead answers from a low score") {
  const MatchResult moved = M("公司从朝阳搬到了顺义，小程序早就有备案号了，现在要办什么手续");
  CHECK(moved.answered);
  CHECK(Top(moved) == "faq.after.change");
}

TEST_CASE("a part named only to compare with, every box ticked, a renamed company not found") {
  const MatchResult compared = M("小程序负责人那栏的应急电话可以和主体负责人填一样的吗");
  CHECK(Top(compared) == "field.admin.emergency-phone");
  CHECK_FALSE(compared.ambiguous);
  CHECK(Top(M("怕漏了把医疗、新闻都勾上了，结果被打回说不能选")) == "error.app.pre-approval-none");
  CHECK(Top(M("刚去工商改了名，备案系统里查不到公司")) == "note.host.data-delay");
}

}  // namespace
}  // namespace beian
