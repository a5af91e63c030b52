#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

#include "dialogs/check_text.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/normalizer.h"

// Checks of the business: the company name, service types, pre-approval
// items and the mini program remark.

namespace beian {

using namespace check_text;  // NOLINT: the checks' own helpers

CheckResult CheckCompanyName(std::string_view text) {
  const std::string n =
      WithoutFieldLabel(text, {U"企业名称", U"公司名称", U"单位名称", U"主体名称", U"公司全称",
                               U"我们公司叫", U"公司叫", U"全称", U"名称", U"公司名"});
  if (n.empty()) return Invalid(Text::kCheckCompanyEmpty, {}, "error.host.name-empty");
  if (n.find('*') != std::string::npos || n.find("＊") != std::string::npos) {
    return Invalid(Text::kCheckCompanyStar, {}, "error.host.name-empty");
  }
  if (LooksLikeCode(n)) {
    return Invalid(Text::kCheckCompanyCode);
  }
  if (!HasHan(n)) {
    return Warning(n, Text::kCheckCompanyNotChinese, {}, "error.host.name-mismatch");
  }
  return CheckResult::Ok(n);
}

CheckResult CheckServiceTypes(std::string_view text) {
  const std::string s =
      ReplaceAll(ReplaceAll(ReplaceAll(Clean(text), "、", ","), "，", ","), "；", ",");
  static const std::regex kSplit(R"([,;/\s]+)");
  std::vector<std::string> items;
  for (auto it = std::sregex_token_iterator(s.begin(), s.end(), kSplit, -1);
       it != std::sregex_token_iterator(); ++it) {
    if (!it->str().empty()) items.push_back(it->str());
  }
  if (items.empty()) return Invalid(Text::kCheckServiceEmpty);
  if (items.size() > 5) {
    return Invalid(Text::kCheckServiceTooMany, {{"count", std::to_string(items.size())}},
                   "error.app.service-type-over-limit");
  }
  std::string value;
  for (const auto& i : items) value += (value.empty() ? "" : "、") + i;
  return CheckResult::Ok(value);
}

CheckResult CheckPreApproval(std::string_view text, bool& needs_approval) {
  static const std::vector<std::string> kItems = {
      "新闻",           "出版",         "教育",     "医疗保健",
      "药品和医疗器械", "电子公告服务", "文化",     "广播电影电视节目",
      "网络预约车",     "互联网金融",   "校外培训", "宗教"};
  const std::string s = Clean(text);
  needs_approval = false;
  for (std::string_view none :
       {"以上都不涉及", "都不涉及", "不涉及", "没有", "无", "不需要", "都没有"}) {
    if (s == none || s.find("都不涉及") != std::string::npos)
      return CheckResult::Ok("以上都不涉及");
  }
  std::string value;
  for (const auto& item : kItems) {
    if (s.find(item) != std::string::npos) value += (value.empty() ? "" : "、") + item;
  }
  if (value.empty()) {
    std::string list;
    for (const auto& i : kItems) list += (list.empty() ? "" : "、") + i;
    return Invalid(Text::kCheckPreApprovalUnknown, {{"items", list}});
  }
  needs_approval = true;
  return Warning(value, Text::kCheckPreApprovalChosen, {{"items", value}},
                 "error.app.pre-approval-required");
}

CheckResult CheckAppRemark(std::string_view text) {
  const std::string s = Trim(text);
  const size_t n = CharCount(s);
  if (n < 20) {
    return Invalid(Text::kCheckRemarkShort, {{"count", std::to_string(n)}},
                   "error.app.remark-format");
  }
  if (n > 200) {
    return Invalid(Text::kCheckRemarkLong, {{"count", std::to_string(n)}},
                   "error.app.remark-format");
  }
  return CheckResult::Ok(s);
}

}  // namespace beian
