// Issue #21's kinds of message found by the blind sets realistic34-79
// (sessions 26-29), each through a rule of its own: filler of speech inside a
// hint's words, a part named as an afterthought or in the asking sentence,
// a part and field named in a long story, "hardly", a name@, a question
// close to an error text, and what people say happened. Examples are
// written for these tests, not taken from an evaluation set.
#include <doctest/doctest.h>

#include "knowledge/matcher.h"
#include "tests/test_support.h"

namespace beian {
namespace {

using test::Top;

MatchResult M(std::string_view text) { return test::ShippedMatcher().Match(text); }

TEST_CASE("spoken filler inside a hint's words, a part named last, a part and field in a story") {
  // "没有那个章子": the hint reads the message without the filler of speech.
  CHECK(Top(M("嗯就是那个我们没有那个章子啊承诺书怎么盖")) == "error.other.commitment-no-seal");
  // The part named after the field, as an afterthought.
  const MatchResult last = M("就是那个邮箱填啥呀嗯就是主体那边那个");
  CHECK(Top(last) == "field.principal.email");
  CHECK_FALSE(last.ambiguous);
  // The part and the field named in a long story: a low score answers.
  const MatchResult story =
      M("我在菜场卖水果，摊子小，平时都是现金收款，这次是女儿让我弄个小程序接单。我老花眼看不太清屏"
        "幕。"
        "现在填到主体负责人那一页的证件有效期，身份证背面印的是2016.05.01-2036.05."
        "01，这个要怎么填进去？");
  CHECK(story.answered);
  CHECK(Top(story) == "field.principal.id-validity");
}

TEST_CASE("an English error word, an empty asking sentence, a Traditional 緊急聯絡") {
  CHECK(Top(M("填了统一社会信用代码，系统说 not found")) == "error.host.id-number-not-found");
  // "到底是哪里出了问题" asks nothing of its own: the story decides.
  CHECK(Top(M("工信部短信里的验证码和手机号都输了，提示核验失败。都试了好几遍了。到底是哪里出了问题"
              "？")) == "faq.sms.verify-failed");
  CHECK(Top(M("主體負責人的緊急聯絡電話可以填同事的嗎")) == "field.principal.emergency-phone");
  // A short name against the full one, rejected: the name the mini program
  // was certified under differs.
  CHECK(Top(M("小程序认证时用的是公司简称，备案这边填了全称，被驳回说不是同一家")) ==
        "error.host.name-mismatch");
}

TEST_CASE(
    "'hardly' asks nothing, a category ticked too often, how many per licence, an SMS not here") {
  // "不怎么忙了" tells; the question is the last sentence.
  const MatchResult hardly =
      M("店里最近不怎么忙了，小程序也很少有人打开。我打算把备案注销掉。请问能注销吗，怎么操作？");
  CHECK(hardly.answered);
  CHECK(Top(hardly) == "faq.after.cancel");
  const MatchResult ticked = M("我们健身房服务类别勾了八个，下一步点不动");
  CHECK(ticked.answered);
  CHECK(Top(ticked) == "error.app.service-type-over-limit");
  const MatchResult quota = M("一个执照能给多少个小程序备案");
  CHECK(Top(quota) == "faq.process.quota");
  CHECK_FALSE(quota.ambiguous);
  const MatchResult sms = M("工信部的短信等了半天还没到");
  CHECK(Top(sms) == "faq.sms.not-received");
  CHECK_FALSE(sms.ambiguous);
}

TEST_CASE(
    "the part the question names, an address's admin@, certificate address, a company to found") {
  // The story names the principal first; the asking sentence, the fourth part.
  CHECK(Top(M("主体负责人填的是我们老板，小程序负责人填的我自己。刷脸也弄完了。现在卡在小程序负责人"
              "的证件"
              "有效期这一栏，我的身份证是长期的，截止日期怎么填？")) == "field.admin.id-validity");
  // "admin@" begins a mail address: it names no administrator.
  CHECK(Top(M("主体负责人的邮箱能用 admin@ 开头的公司邮箱吗")) == "field.principal.email");
  CHECK(Top(M("certificate address 要不要带省市区")) == "field.host.id-address");
  const MatchResult found = M("在上海开一家外资公司，公司注册流程是怎样的");
  CHECK_FALSE(found.answered);
  CHECK(found.off_topic == "工商登记");
}

TEST_CASE(
    "應急聯絡, 注所, a box that will not tick, the same person as the administrator, 在哪备案") {
  CHECK(Top(M("主體負責人的應急聯絡電話報不允許被多人使用")) ==
        "error.principal.emergency-phone-shared");
  CHECK(Top(M("证件注所写执照上的还是实际办公的")) == "field.host.id-address");
  CHECK(Top(M("服务内容勾到第六个就勾不动了")) == "error.app.service-type-over-limit");
  CHECK(Top(M("小程序负责人一定要跟管理员是同一个人吗")) == "error.admin.name-mismatch");
  const MatchResult where = M("在哪备案啊");
  CHECK(where.answered);
  CHECK(Top(where) == "faq.process.how-to-start");
}

TEST_CASE("a question close to an error text asks about its rule; the pasted text stays an error") {
  CHECK(Top(M("通讯地址要精确到门牌号吗")) == "field.host.mail-address");
  CHECK(Top(M("承诺书需要盖公章吗")) == "field.other.commitment");
  const MatchResult pasted = M("承诺书需加盖公章 怎么办");
  CHECK(pasted.errors == 1);
  CHECK(Top(pasted) == "error.other.commitment-no-seal");
}

TEST_CASE("幾耐 asks how long; a legal rep overseas is abroad, not a foreigner") {
  CHECK(Top(M("備案審核要等幾耐")) == "faq.process.review-stages");
  const MatchResult abroad = M("legal rep 人在 overseas，能 authorize 别人当主体负责人吗");
  CHECK(Top(abroad) == "faq.principal.must-be-legal-rep");
  CHECK_FALSE(abroad.ambiguous);
}

TEST_CASE("a website filed in another province, a brand name against the certified one, a quota") {
  CHECK(Top(M("以前官网是在江苏备的案，现在小程序选上海就是提交不了")) ==
        "error.host.region-already-filed");
  CHECK(Top(M("我们给客户填的是他们的品牌名，提示跟小程序认证的公司对不上")) ==
        "error.host.name-mismatch");
  const MatchResult quota = M("集团下面已经备了十几个小程序了，会不会到某个数就不让备了");
  CHECK(quota.answered);
  CHECK(Top(quota) == "faq.process.quota");
}

TEST_CASE("Cantonese words, a nationality, 要好久, a remark not written as asked, a parcel code") {
  // 喺边度 / 唔: rewritten before the synonyms, as a sound-alike slip is.
  const MatchResult start = M("我哋間餐廳想整個微信小程式，要唔要備案㗎？喺邊度開始搞？");
  CHECK(start.answered);
  CHECK(Top(start) == "faq.process.how-to-start");
  CHECK(Top(M("我们股东是马来西亚籍，他能当主体负责人吗")) == "faq.process.foreign-subject");
  // Sichuan and Chongqing ask "how long" as 要好久.
  const MatchResult wait = M("喂那个小程序备案那个审和要好久啊");
  CHECK(wait.answered);
  CHECK(Top(wait) == "faq.process.review-stages");
  const MatchResult remark = M("小程序是做什么用的那段介绍被退回来了，说不符合要求");
  CHECK(remark.answered);
  CHECK(Top(remark) == "error.app.remark-format");
  CHECK_FALSE(M("菜鸟驿站取件码短信老是收不到，是被拦截了吗").answered);
}

TEST_CASE(
    "a person offered as the value, a region that will not select, 执照号, a number to call") {
  // The principal is the value offered; the fourth part is asked about.
  CHECK(Top(M("小程序负责人那栏的应急电话可以填主体负责人的吗")) == "field.admin.emergency-phone");
  // "填了第四页" says where the number went: the fourth part stays named.
  CHECK(Top(M("我的身份证号填了第四页，号码那里被打回，其实管理员是我")) ==
        "error.admin.id-number-mismatch");
  CHECK(Top(M("之前在杭州给官网备过案，这次小程序选宁波提示不行")) ==
        "error.host.region-already-filed");
  CHECK(Top(M("执照号填哪个")) == "field.host.id-number");
  CHECK(Top(M("主体负责人联系不上的时候打的那个号码填谁的")) == "field.principal.emergency-phone");
}

TEST_CASE("a call asking for money, a mainland-only worry, a greeting with 所有人") {
  // A caller asking for a fee is about fees, not the reviewers' phone checks.
  CHECK(Top(M("有个代理打电话说备案要交钱，官方收不收费")) == "faq.process.fees");
  const MatchResult mainland = M("香港的公司能给微信小程序备案吗？负责人非得是大陆人吗？");
  CHECK(mainland.answered);
  CHECK(Top(mainland) == "faq.process.foreign-subject");
  CHECK_FALSE(M("微信群怎么@所有人").answered);
}

TEST_CASE("a website's filing told as past, an approval to fetch, 台湾过来的, 顶上去") {
  // The website's filing is the story; the rejection is this filing's.
  const MatchResult past = M("公司以前在杭州给官网做过备案，现在搬到南京了，这回选江苏提交被拒了");
  CHECK(past.answered);
  CHECK(Top(past) == "error.host.region-already-filed");
  CHECK_FALSE(M("网站备案怎么弄").answered);
  CHECK(Top(M("我们是事业单位，小程序发通知用的，要不要先去拿什么审批")) ==
        "field.app.pre-approval");
  const MatchResult taiwan = M("我是从台湾过来的，能自己当备案的负责人吗");
  CHECK(taiwan.answered);
  CHECK(Top(taiwan) == "faq.process.foreign-subject");
  CHECK(Top(M("一把手太忙了，能不能让办公室主任顶上去当主体负责人")) ==
        "faq.principal.must-be-legal-rep");
}

TEST_CASE("a named field with a clear lead, 店话, an English website, a shared phone, no match") {
  // The field is named (扫脸) and its entry leads clearly: a long story
  // around it does not hide what is asked.
  const MatchResult scan =
      M("我在青岛开了家海鲜排档，执照上就我一个人。小程序是找人做的，当时用我外甥的微信注册，他现在"
        "是管理员。备案填到后面要扫脸，可我外甥在外地读书。是不是非得他本人扫才行？");
  CHECK(scan.answered);
  CHECK(Top(scan) == "field.admin.face-verify");
  CHECK(M("那个应急店话能不能填我媳妇的号").answered);
  CHECK(Top(M("We already have an ICP number for our official website. Does the mini program still "
              "need its own filing?")) == "faq.process.existing-icp");
  const MatchResult shared = M("我和老板共用一个手机号，填老板那块用这个号就是过不去");
  CHECK(shared.answered);
  CHECK(Top(shared) == "error.principal.phone-shared");
  const MatchResult pick = M("我们是开驾校的，下拉里找不到跟驾校一样的选项，选个相近的行不行");
  CHECK(pick.answered);
  CHECK(Top(pick) == "field.app.service-type");
}

TEST_CASE(
    "仲可唔可以改 during review, the boss's name, a title for the legal rep, 那个 as a locator") {
  CHECK(Top(M("提交咗之後先發現電郵打錯字，而家係管局審核中，仲可唔可以改？")) ==
        "faq.review.edit-contact-during-review");
  CHECK(Top(M("老板名字识别错了")) == "field.principal.name");
  CHECK(Top(M("学校的法人是校长，校长太忙了，能不能直接写副校长的名字？")) ==
        "faq.principal.must-be-legal-rep");
  const MatchResult resigned = M("Our admin resigned, 小程序负责人要换人，change 流程怎么走？");
  CHECK(resigned.answered);
  CHECK(Top(resigned) == "faq.after.change");
  // The mini program registered just now is no new company.
  CHECK(Top(M("小程序刚注册好，备案入口在哪？需要先准备什么？")) == "faq.process.how-to-start");
  CHECK(Top(M("主体那个应急电话能不能填我老婆的")) == "field.principal.emergency-phone");
}

TEST_CASE("a clinic is no approval question, Sichuan words, owner, a part named by 留的") {
  // A hospital that moves is asked about a change, not about approvals.
  const MatchResult moved = M("我们医院的小程序早就备好案了，现在搬到新院区，地址要咋个改");
  CHECK(Top(moved) == "faq.after.change");
  CHECK_FALSE(moved.ambiguous);
  CHECK(Top(M("口腔诊所做预约小程序，要不要先办啥子许可")) == "field.app.pre-approval");
  CHECK(Top(M("填完提交，说法人和公司跟工商那几项核验不过")) ==
        "error.principal.four-factor-failed");
  CHECK(Top(M("submit 之后显示 four-factor check fail")) == "error.principal.four-factor-failed");
  const MatchResult owner = M("小程序 owner 的手机号可以填公司座机吗");
  CHECK(Top(owner) == "field.admin.phone");
  CHECK_FALSE(owner.ambiguous);
  CHECK(Top(M("主体负责人那个硬急电话到底填谁的")) == "field.principal.emergency-phone");
  const MatchResult shared = M("小程序那边留的应急电话，提示已经有别人在用了");
  CHECK(Top(shared) == "error.admin.emergency-phone-shared");
  CHECK_FALSE(shared.ambiguous);
  CHECK(Top(M("单位名称跟小程序认证时的名字差了一个字，一直被卡")) == "error.host.name-mismatch");
  CHECK(Top(M("手机拍的照片有什么要求，糊一点行不行")) == "note.materials.upload-limits");
  const MatchResult kind = M("选业务分类看得头大，做宠物美容的选哪个");
  CHECK(Top(kind) == "field.app.service-type");
  CHECK_FALSE(kind.ambiguous);
}

TEST_CASE("a caller who wants money, a website filed before, a part with its field, an agency") {
  // The platform calls to check; a caller who asks for money is selling.
  const MatchResult fee = M("有人打电话说能帮我们代办备案，收五百，官方要钱吗");
  CHECK(Top(fee) == "faq.process.fees");
  CHECK(Top(M("审核的时候会有人打电话来核实吗")) == "faq.process.review-stages");
  // "做过网站备案": the website's filing is this filing's history.
  const MatchResult before = M("公司以前做过网站备案，这次选广东提示已经在其他省备过");
  CHECK(before.answered);
  CHECK(Top(before) == "error.host.region-already-filed");
  // "小程序那边的负责人" names a part and its field: the form's vocabulary.
  CHECK(M("小程序那边的负责人邮箱，我们外包开发能填自己的吗").in_domain);
  // Another agency's filing is declined.
  const MatchResult agency = M("化妆品去药监局备案要多久");
  CHECK_FALSE(agency.answered);
  CHECK(agency.other_product);
  CHECK(Top(M("阿拉老板是美国人，可以做负责人伐")) == "faq.process.foreign-subject");
  CHECK(M("ying ji dian hua 填谁的").in_domain);
}

TEST_CASE("a name masked with *, 只照 for 执照, an address against the registry, 搬迁") {
  // "*" is punctuation to the normalizer, but a run of it is a masked name.
  CHECK(Top(M("公司名称全是*号")) == "error.host.name-empty");
  // 只照 is what a pinyin input method makes of zhizhao.
  const MatchResult which = M("只照传哪张");
  CHECK(which.answered);
  CHECK(Top(which) == "field.host.id-upload");
  // The registry disagrees about the address: the address's error, not the
  // four items' check ("unless" 住所).
  CHECK(Top(M("审核说我们填的住的地方跟工商登记的对不上")) == "error.host.id-address-mismatch");
  const MatchResult moved = M("我们单位搬迁了，已备案的小程序如何更新信息");
  CHECK(moved.answered);
  CHECK(Top(moved) == "faq.after.change");
}

TEST_CASE("a change not yet synchronised, 法人是 someone else, a foreigner who came, 不接受委托") {
  // A change just made: the registry has not caught up ("unless" 同步, 才换).
  CHECK(Top(M("法人上周才换成我，工商那边办完了，提交一直说信息对不上，是不是还没同步")) ==
        "note.host.data-delay");
  CHECK(Top(M("提交说法人和公司跟工商那边对不上")) == "error.principal.four-factor-failed");
  const MatchResult son = M("执照上法人是我爸，他不会用手机，备案能不能直接写我的名字");
  CHECK(Top(son) == "faq.principal.must-be-legal-rep");
  CHECK_FALSE(son.ambiguous);
  CHECK(Top(M("有个法国来的同事，可以做小程序负责人吗")) == "faq.process.foreign-subject");
}

TEST_CASE("a code typed wrong several times, which side of an ID, filed elsewhere already") {
  const MatchResult wrong = M("工信部短信的验证码输错了好几次，还能再输吗");
  CHECK(Top(wrong) == "faq.sms.verify-failed");
  CHECK_FALSE(wrong.ambiguous);
  CHECK(Top(M("管理员证件传哪面")) == "field.admin.id-upload");
  CHECK(Top(M("提交说这个主体在别的省已经备过了，让改省份")) == "error.host.region-already-filed");
}

TEST_CASE("the clause that names the field, Hunan 讲 for 说, over five, 应急的手机号") {
  // The question "应该填哪个" names no field; the clause before it does.
  const MatchResult which =
      M("我们是个协会。现在填到主办单位证件号码这一栏，证书上编号有好几个，应该填哪个？");
  CHECK(which.answered);
  CHECK(Top(which) == "field.host.id-number");
  // "讲不对" reports a rejection as "说不对" does.
  CHECK(Top(M("验证码过了半个钟头才输，结果讲不对")) == "error.sms-code-invalid");
  CHECK(Top(M("填的名称与认证时所用的名称相差一个字，被挡回来了")) == "error.host.name-mismatch");
  const MatchResult over = M("服务内容超5个咋办");
  CHECK(Top(over) == "error.app.service-type-over-limit");
  CHECK_FALSE(over.ambiguous);
  CHECK(Top(M("小程序那边应急的手机号可以填我自己的吗")) == "field.admin.emergency-phone");
}

TEST_CASE("a website's filing number the company has is this filing's question") {
  const MatchResult has = M("有网站ICP号了还用办?");
  CHECK(has.answered);
  CHECK(Top(has) == "faq.process.existing-icp");
  // Where a website shows its number is still another product's question.
  const MatchResult link = M("网站底部的备案号应该链接到哪个网址");
  CHECK_FALSE(link.answered);
  CHECK(link.other_product);
}

TEST_CASE("an adjective 'rush', 咋, 合身, a translation, a count past five, 改由…担任") {
  // "rush" as an adjective is hurry, not a request to expedite; "can rush" still is.
  CHECK(Top(M("Boss very rush, 审核一般要几天")) == "faq.process.review-stages");
  CHECK(Top(M("can rush the filing or not")) == "faq.process.expedite");
  const MatchResult translate = M("Can you translate my business license to English?");
  CHECK_FALSE(translate.answered);
  // 咋 alone is 怎么; where the number is seen; a scan that will not respond.
  CHECK(M("邮箱咋填").answered);
  CHECK(M("备案号批下来了在哪能看到").answered);
  CHECK(Top(M("扫脸一直转圈没反应")) == "field.admin.face-verify");
  CHECK(M("扫脸一直转圈没反应").answered);
  CHECK(Top(M("短信核验做完了，接下来还要等什么")) == "faq.process.review-stages");
  // A count past five beside the ticked boxes; a conflict beside a renamed company.
  CHECK(Top(M("服务类型勾上了，一共八个，提交不了")) == "error.app.service-type-over-limit");
  CHECK(Top(M("公司改过名，提交说跟已有的备案冲突")) == "error.host.sponsor-conflict");
  const MatchResult host = M("主办的证件类型选啥");
  CHECK(Top(host) == "field.host.id-type");
  CHECK_FALSE(host.ambiguous);
  CHECK(Top(M("我们公司在澳门，能备案吗")) == "faq.process.foreign-subject");
}

TEST_CASE("a company just founded, 担任主体负责人, before Friday, upper-case X for part two") {
  // A four-factor mismatch right after founding or a change is the registry's delay.
  CHECK(Top(M("公司上周刚成立，验证说企业和法人的信息对不上")) == "note.host.data-delay");
  CHECK(Top(M("公司前几天才成立，提交说工商那边对不上")) == "note.host.data-delay");
  // Someone other than the legal representative as the principal, asked, not rejected.
  const MatchResult other = M("想让财务总监担任主体负责人，可以吗");
  CHECK(other.answered);
  CHECK(Top(other) == "faq.principal.must-be-legal-rep");
  // How long until approval, by a day; a licence number's approval is not this filing's.
  CHECK(M("这周五之前能批下来吗").answered);
  CHECK(Top(M("这周五之前能批下来吗")) == "faq.process.review-stages");
  CHECK_FALSE(M("游戏版号多久能批下来").answered);
  // The part named decides between the two ID-number twins.
  CHECK(Top(M("主体负责人证件号大写X还是小写x")) == "field.principal.id-number");
}

TEST_CASE("a director to stand in as the principal, 联系的地址, 中不中") {
  const MatchResult stand_in = M("老板平时不管事，想让行政总监去当那个负责人，不用老板出面行吗");
  CHECK(stand_in.answered);
  CHECK(Top(stand_in) == "faq.principal.must-be-legal-rep");
  const MatchResult mail = M("表里那个联系的地址写办公室的中不中");
  CHECK(mail.answered);
  CHECK(Top(mail) == "field.host.mail-address");
}

TEST_CASE("a company mailbox, part five's upload, a change of business, 没有刻过章") {
  // A company's shared mailbox is the email field's question (企业邮箱).
  const MatchResult mailbox =
      M("老板那栏的 email 能不能填 company shared mailbox，比如 sales@ 那种");
  CHECK(mailbox.answered);
  CHECK(Top(mailbox) == "field.principal.email");
  // Part five holds one upload: the commitment letter.
  CHECK(Top(M("第五部分上传材料那里到底要传些啥")) == "field.other.commitment");
  // 改成 beside an approved filing is a change.
  const MatchResult change = M("小程序上线后想把主营从卖茶改成卖茶具，备案通过后要走什么流程");
  CHECK(change.answered);
  CHECK(Top(change) == "faq.after.change");
  CHECK(Top(M("我店里没有刻过章，承诺书咋交")) == "error.other.commitment-no-seal");
}

TEST_CASE("a code filled in later, dozens of mini programs, 不填老板, a hospital licence") {
  CHECK(Top(M("手机收到个码，过会儿再填就提示错误了")) == "error.sms-code-invalid");
  const MatchResult many = M("我们要备五六十个门店小程序，同一家公司都能备上吗");
  CHECK(many.answered);
  CHECK(Top(many) == "faq.process.quota");
  const MatchResult me = M("主体负责人能不能不填老板，填我行不行");
  CHECK(Top(me) == "faq.principal.must-be-legal-rep");
  CHECK_FALSE(me.ambiguous);
  // Applying for an industry licence is not the pre-approval field.
  CHECK_FALSE(M("互联网医院牌照怎么申请").answered);
}

TEST_CASE("a long story about the filing whose best entry leads twice over answers") {
  // Five sentences of background dilute the score to 0.15; the SMS entry
  // still scores more than twice the next.
  const MatchResult story =
      M("我在菜市场卖了二十年菜，摊位不大，街坊邻居都认识我，生意还算过得去。今年儿子在外地上班，"
        "给我弄了个小程序好让老顾客下单，说是方便。备案是我外甥帮我弄的，他讲平台那边已经过了。"
        "然后讲要等工信部发条短信来验证，可我手机一直冇收到咩短信。这个要怎么搞，得不得重新发？");
  CHECK(story.answered);
  CHECK(Top(story) == "faq.sms.not-received");
}

TEST_CASE("多大事 is no file size, a legal rep just changed, 不合格 reports a rejection") {
  // "多大事" asks nothing about size: the upload limits stay out.
  CHECK(Top(M("诊所下个月开业，阿要加急？多大事")) != "note.materials.upload-limits");
  CHECK(Top(M("上周刚换了法人，一提交就说企业信息对不上")) == "note.host.data-delay");
  const MatchResult remark = M("提交后说小程序备注写得不合格，要咋改");
  CHECK(remark.answered);
  CHECK(Top(remark) == "error.app.remark-format");
}

TEST_CASE("another service named only to compare with, 因急 and 老伴") {
  // "跟网站的备案号一样吗" compares: the question is about this filing's number.
  const MatchResult compared = M("通过后的备案号在哪看，跟网站的备案号一样吗");
  CHECK(compared.answered);
  CHECK(Top(compared) == "faq.after.number-display");
  CHECK_FALSE(M("网站底部的备案号应该链接到哪个网址").answered);
  // Fuzhou-accented slips and a spouse as the emergency contact.
  CHECK(Top(M("因急电话能填我老伴的吗")) == "field.admin.emergency-phone");
}

TEST_CASE("buying a server is out of scope, 重备 after a rename, 没信儿") {
  // "多大" of a server's configuration is no file size.
  CHECK_FALSE(M("云服务器配置选多大合适").answered);
  CHECK(Top(M("已经备案的小程序改名，要重备吗")) == "faq.after.change");
  CHECK(Top(M("交上去一个礼拜了还没信儿，一般得等多少天")) == "faq.process.review-stages");
}

}  // namespace
}  // namespace beian
