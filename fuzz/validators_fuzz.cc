// The field checks and masks on arbitrary user input. Privacy properties: a
// value that passes as an ID number, mobile number or email never survives
// MaskSensitive, on its own or inside a sentence.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "fuzz/fuzz_check.h"

namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

void NoRaw(const std::string& value) {
  if (value.empty()) return;
  for (const std::string& around : {value, "我的是" + value + "，谢谢", "a " + value + " b"}) {
    FUZZ_CHECK(beian::MaskSensitive(around).find(value) == std::string::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return -1;  // a chat message is at most 4000 bytes
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::chrono::year_month_day today{year{2026}, month{11}, day{26}};

  (void)beian::CheckCreditCode(text);
  const auto id = beian::CheckIdNumber(text, today);
  if (id.status != beian::CheckStatus::kInvalid) {
    FUZZ_CHECK(id.value.size() == 18);
    FUZZ_CHECK(beian::MaskIdNumber(id.value) != id.value);
    (void)beian::IsNonMainlandResidencePermit(id.value);
    NoRaw(id.value);
  }
  const auto mobile = beian::CheckMobile(text);
  if (mobile.status != beian::CheckStatus::kInvalid) {
    FUZZ_CHECK(mobile.value.size() == 11);
    FUZZ_CHECK(beian::MaskMobile(mobile.value) != mobile.value);
    NoRaw(mobile.value);
  }
  const auto email = beian::CheckEmail(text);
  if (email.status != beian::CheckStatus::kInvalid) {
    FUZZ_CHECK(beian::MaskEmail(email.value) != email.value);
    NoRaw(email.value);
  }
  (void)beian::CheckValidity(text, today, 3);
  (void)beian::CheckValidity(text, today, 6);
  (void)beian::CheckCompanyName(text);
  (void)beian::CheckPersonName(text);
  beian::Region region;
  (void)beian::CheckRegion(text, region);
  beian::Region shenzhen{"广东省", "深圳市", "南山区"};
  (void)beian::CheckMailAddress(text, shenzhen);
  (void)beian::CheckMailAddress(text, region);
  (void)beian::CheckServiceTypes(text);
  bool needs = false;
  (void)beian::CheckPreApproval(text, needs);
  (void)beian::CheckAppRemark(text);
  (void)beian::MaskIdNumber(text);
  (void)beian::MaskMobile(text);
  (void)beian::MaskEmail(text);
  (void)beian::MaskSensitive(text);
  return 0;
}
