#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialogs/texts.h"

namespace beian {

// The outcome of checking one typed value before the user submits it.
//   kOk       fine
//   kWarning  accepted, but worth a second look (shown, kept as an open warning)
//   kInvalid  the platform would reject it: ask again (the user may still skip)
enum class CheckStatus { kOk, kWarning, kInvalid };

struct CheckResult {
  CheckStatus status = CheckStatus::kOk;
  // What to tell the user: a sentence of texts.json and its placeholders'
  // values (render with FormSpec::texts). None when kOk.
  std::optional<Text> message;
  TextArgs args;
  std::string error_id;  // the knowledge-base entry of the platform error it prevents; may be empty
  std::string value;     // the value as it should be stored / submitted (normalised)

  static CheckResult Ok(std::string value) {
    return {CheckStatus::kOk, std::nullopt, {}, "", std::move(value)};
  }
};

// Every check is a pure function: no I/O, no clock (dates take `today`), no
// wording (a result names its sentence by Text id).
// Codes, ID numbers, phone numbers and e-mail addresses may come after a
// label ("我的手机13800138000", "身份证号是 1101…", "邮箱：a@b.cn"), and so
// may names and the licence address ("公司名称：……", "住所是……", "姓名 张三").

// 统一社会信用代码 (GB 32100-2015): 18 characters of 0-9 A-H J-N P-R T U W-Y,
// region digits, check character. A failing check character only warns
// (some early pilot codes are legal and fail it); a 15-digit 注册号 is invalid.
CheckResult CheckCreditCode(std::string_view text);

// 居民身份证号 (GB 11643-1999): 18 characters, a real province code, a real
// birth date not in the future, the check digit; lower-case x accepted and
// returned as X.
CheckResult CheckIdNumber(std::string_view text, std::chrono::year_month_day today);

// True when an ID number (already checked) belongs to a Hong Kong, Macau or
// Taiwan resident's residence permit (81/82/83): such a person cannot pass
// 人脸核身 as mini program administrator.
bool IsNonMainlandResidencePermit(std::string_view id_number);

// Mobile number: spaces, dashes and a leading +86 / 0086 / 86 stripped; 11
// digits starting 13–19.
CheckResult CheckMobile(std::string_view text);

CheckResult CheckEmail(std::string_view text);

// 证件有效期: the end date as YYYYMMDD (also YYYY-MM-DD, YYYY.MM.DD, or a range
// whose second date is the end), or 长期 (also said 永久, 无期限). Invalid
// when already expired; warns when no more than `min_months` months remain
// (the province's rule, FormRules::ValidityFor), its warning saying
// `rule_note` after the months.
CheckResult CheckValidity(std::string_view text, std::chrono::year_month_day today, int min_months,
                          std::string_view rule_note = {});

// 企业名称: not empty, no '*', not a code typed one step early (invalid);
// without any Chinese character a warning (a registered name is Chinese).
// Kept as typed, only trimmed: a registered name's full-width （） must reach
// the form unchanged.
CheckResult CheckCompanyName(std::string_view text);

// 证件住所: the licence's 住所 as typed (only trimmed); invalid when shorter
// than 5 characters, when it is a code, or when it has no Chinese character.
CheckResult CheckIdAddress(std::string_view text);

// A person's name: 2–30 characters, no digits (full-width ones included);
// kept as typed, only trimmed.
CheckResult CheckPersonName(std::string_view text);

// 主体负责人证件类型: a personal certificate. Common names are normalised
// (身份证 → 居民身份证, 台胞证 → 台湾居民来往大陆通行证, 绿卡 → 外国人永久居留身份证
// …); an organisation's certificate (营业执照, 组织机构代码证 …) is invalid —
// "此处只能填入单位性质属于个人的证件类型" —, and so is text that names no
// certificate at all ("好了"). Another certificate's name is kept as typed.
CheckResult CheckPersonIdType(std::string_view text);

// The chosen region, e.g. "广东省深圳市南山区" or "北京 朝阳区".
struct Region {
  std::string province;  // "广东省"
  std::string city;      // "深圳市"; may be empty
  std::string district;  // "南山区"; may be empty
};

// Parses a region the user typed. Invalid when no province is recognised.
CheckResult CheckRegion(std::string_view text, Region& region);

// 通讯地址: must not repeat the chosen province / city / district (the form
// has them already) and should name a house number (号, 栋, 幢, 室 …).
CheckResult CheckMailAddress(std::string_view text, const Region& region);

// 服务内容标识: items separated by 、，, ; or spaces; at most 5.
CheckResult CheckServiceTypes(std::string_view text);

// 前置审批项: "以上都不涉及" (or 无 / 不涉及 / 没有), or items from the list.
// `needs_approval` is set when a real item is chosen.
CheckResult CheckPreApproval(std::string_view text, bool& needs_approval);

// 小程序备注: 20–200 characters describing the real business; kept as typed,
// only trimmed (its ，。 stay full-width).
CheckResult CheckAppRemark(std::string_view text);

// Province names as the form lists them ("广东省", "北京市", "内蒙古自治区" …).
const std::vector<std::string>& Provinces();

}  // namespace beian
