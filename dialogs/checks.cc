#include "dialogs/checks.h"

#include <algorithm>
#include <iterator>

#include "dialogs/walk_words.h"

namespace beian {
namespace {

std::string Fact(const CheckInput& in, const char* key) {
  const auto it = in.facts.find(key);
  return it == in.facts.end() ? std::string() : it->second;
}

CheckOutput Region_(std::string_view text, const CheckInput&) {
  Region region;
  CheckResult r = CheckRegion(text, region);
  return {std::move(r),
          {{"province", region.province}, {"city", region.city}, {"district", region.district}}};
}

CheckOutput MailAddress(std::string_view text, const CheckInput& in) {
  return {
      CheckMailAddress(text, Region{Fact(in, "province"), Fact(in, "city"), Fact(in, "district")}),
      {}};
}

CheckOutput Validity(std::string_view text, const CheckInput& in) {
  const ValidityRule& rule = in.form.rules.ValidityFor(Fact(in, "province"));
  return {CheckValidity(text, in.today, rule.months, rule.note), {}};
}

CheckOutput PreApproval(std::string_view text, const CheckInput&) {
  bool needs = false;
  CheckResult r = CheckPreApproval(text, needs);
  return {std::move(r), {{"needs_approval", needs ? "是" : "否"}}};
}

CheckOutput OptionalText(std::string_view text, const CheckInput& in) {
  return {OneOf(Bare(text), in.form.words.none)
              ? CheckResult::Ok(in.form.texts(Text::kCheckOptionalNone))
              : CheckResult::Ok(std::string(text)),
          {}};
}

CheckOutput IdType(std::string_view text, const CheckInput& in) {
  // A kept warning ("香港身份证") is the type too: its number is not a mainland ID's.
  CheckResult r = CheckPersonIdType(text);
  std::map<std::string, std::string> facts;
  if (!in.step.fact.empty()) facts[in.step.fact] = r.value;
  return {std::move(r), std::move(facts)};
}

// The principal's number is checked as a 居民身份证 unless part 2 named
// another certificate; the administrator's always is.
CheckOutput IdNumber(std::string_view text, const CheckInput& in) {
  const std::string type =
      in.step.person == "principal" ? Fact(in, "principal_id_type") : "居民身份证";
  if (type.empty() || type == "居民身份证") return {CheckIdNumber(text, in.today), {}};
  const std::string v = Bare(text);
  if (v.size() < 5) return {{CheckStatus::kInvalid, Text::kCheckOtherIdTooShort, {}, "", ""}, {}};
  return {CheckResult::Ok(v), {}};
}

CheckOutput FreeText(std::string_view text, const CheckInput&) {
  if (Bare(text).size() < 6)
    return {{CheckStatus::kInvalid, Text::kCheckTextEmpty, {}, "", ""}, {}};
  return {CheckResult::Ok(std::string(text)), {}};
}

template <CheckResult (*F)(std::string_view)>
CheckOutput Plain(std::string_view text, const CheckInput&) {
  return {F(text), {}};
}

// The registry: a data table.
constexpr CheckSpec kChecks[] = {
    {"region", Region_, true, KeepRefused::kNever, "", "province, city, district"},
    {"company_name", Plain<CheckCompanyName>, true, KeepRefused::kNever, "", ""},
    {"id_address", Plain<CheckIdAddress>, true, KeepRefused::kNever, "", ""},
    {"credit_code", Plain<CheckCreditCode>, true, KeepRefused::kAlways, "", ""},
    {"mail_address", MailAddress, true, KeepRefused::kWhenErrorNamed, "province, city, district",
     ""},
    {"optional_text", OptionalText, false, KeepRefused::kNever, "", ""},
    {"id_type", IdType, true, KeepRefused::kNever, "", "step.fact"},
    {"person_name", Plain<CheckPersonName>, true, KeepRefused::kNever, "", ""},
    {"id_number", IdNumber, true, KeepRefused::kNever, "principal_id_type", ""},
    {"validity", Validity, false, KeepRefused::kNever, "province", ""},
    {"mobile", Plain<CheckMobile>, true, KeepRefused::kNever, "", ""},
    {"email", Plain<CheckEmail>, true, KeepRefused::kNever, "", ""},
    {"service_types", Plain<CheckServiceTypes>, false, KeepRefused::kNever, "", ""},
    {"pre_approval", PreApproval, false, KeepRefused::kNever, "", "needs_approval"},
    {"app_remark", Plain<CheckAppRemark>, false, KeepRefused::kNever, "", ""},
    {"text", FreeText, true, KeepRefused::kNever, "", ""},
};

}  // namespace

std::span<const CheckSpec> Checks() { return kChecks; }

const CheckSpec* FindCheck(std::string_view name) {
  const auto it = std::find_if(std::begin(kChecks), std::end(kChecks),
                               [&](const CheckSpec& c) { return c.name == name; });
  return it == std::end(kChecks) ? nullptr : &*it;
}

}  // namespace beian
