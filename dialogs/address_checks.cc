#include <algorithm>
#include <array>
#include <cctype>
#include <regex>
#include <set>

#include "dialogs/check_text.h"
#include "dialogs/masking.h"
#include "dialogs/validators.h"
#include "knowledge/normalizer.h"

// Checks of places: the region, the licence address and the mail address.

namespace beian {

using namespace check_text;  // NOLINT: the checks' own helpers

const std::vector<std::string>& Provinces() {
  static const std::vector<std::string> kProvinces = {
      "北京市",          "天津市",         "河北省", "山西省", "内蒙古自治区", "辽宁省",
      "吉林省",          "黑龙江省",       "上海市", "江苏省", "浙江省",       "安徽省",
      "福建省",          "江西省",         "山东省", "河南省", "湖北省",       "湖南省",
      "广东省",          "广西壮族自治区", "海南省", "重庆市", "四川省",       "贵州省",
      "云南省",          "西藏自治区",     "陕西省", "甘肃省", "青海省",       "宁夏回族自治区",
      "新疆维吾尔自治区"};
  return kProvinces;
}

namespace {

// "广东省" → "广东", "内蒙古自治区" → "内蒙古", "广西壮族自治区" → "广西".
std::string ShortProvince(const std::string& full) {
  static const std::array<std::pair<std::string_view, std::string_view>, 5> kAutonomous{
      {{"内蒙古自治区", "内蒙古"},
       {"广西壮族自治区", "广西"},
       {"西藏自治区", "西藏"},
       {"宁夏回族自治区", "宁夏"},
       {"新疆维吾尔自治区", "新疆"}}};
  for (const auto& [f, s] : kAutonomous) {
    if (full == f) return std::string(s);
  }
  return full.substr(0, full.size() - std::string("省").size());  // 省 and 市 are both 3 bytes
}

// Drops a trailing administrative suffix: "深圳市" → "深圳", "南山区" → "南山".
std::string Stem(const std::string& name) {
  std::u32string u = DecodeUtf8(name);
  if (u.size() > 2 && (u.back() == U'市' || u.back() == U'区' || u.back() == U'县' ||
                       u.back() == U'州' || u.back() == U'旗' || u.back() == U'盟')) {
    u.pop_back();
  }
  return EncodeUtf8(u);
}

}  // namespace

CheckResult CheckIdAddress(std::string_view text) {
  const std::string a =
      WithoutFieldLabel(text, {U"证件住所", U"执照住所", U"注册地址", U"住所", U"地址"});
  if (CharCount(a) < 5) return Invalid(Text::kCheckIdAddressShort);
  if (LooksLikeCode(a)) {
    return Invalid(Text::kCheckIdAddressCode);
  }
  if (!HasHan(a)) {
    return Invalid(Text::kCheckIdAddressNotChinese);
  }
  return CheckResult::Ok(a);
}

namespace {

// A prefecture typed without its suffix ("杭州", "深圳") is almost always a
// 市. The exceptions are the prefectures that are not: autonomous
// prefectures by their short names, 地区 and 盟. Those stay as typed.
const std::set<std::u32string>& NotCities() {
  static const std::set<std::u32string> kNames = {
      U"延边",   U"恩施", U"湘西",     U"阿坝",     U"甘孜",     U"凉山", U"黔东南",   U"黔南",
      U"黔西南", U"楚雄", U"红河",     U"文山",     U"西双版纳", U"大理", U"德宏",     U"怒江",
      U"迪庆",   U"临夏", U"甘南",     U"海北",     U"黄南",     U"海南", U"果洛",     U"玉树",
      U"海西",   U"昌吉", U"博尔塔拉", U"巴音郭楞", U"克孜勒苏", U"伊犁", U"阿克苏",   U"喀什",
      U"和田",   U"塔城", U"阿勒泰",   U"大兴安岭", U"阿里",     U"兴安", U"锡林郭勒", U"阿拉善"};
  return kNames;
}

std::string WithCitySuffix(const std::string& city) {
  const std::u32string c = DecodeUtf8(city);
  if (c.size() < 2 || !std::all_of(c.begin(), c.end(), IsCjk) || NotCities().count(c) != 0)
    return city;
  const char32_t last = c.back();
  if (last == U'市' || last == U'盟' || last == U'区' || last == U'县' || last == U'旗')
    return city;
  if (last == U'州' && c.size() > 2) return city;  // 湘西州: an autonomous prefecture's short form
  return city + "市";
}

}  // namespace

namespace {

bool RegionSeparator(char c) { return c == ' ' || c == '/' || c == '-' || c == ','; }

// The province the text starts with (full or short name), taken off `s`.
std::string TakeProvince(std::string& s) {
  for (const std::string& p : Provinces()) {
    const std::string short_name = ShortProvince(p);
    if (StartsWith(s, p)) {
      s = s.substr(p.size());
      return p;
    }
    if (StartsWith(s, short_name)) {
      s = s.substr(short_name.size());
      return p;
    }
  }
  return "";
}

// Separated by the user ("广东 深圳 福田"): the pieces after the province
// are the city and the district as typed; without suffixes they cannot be
// cut apart by 市 / 区. Fills `region` and returns true when the pieces fit.
bool FromPieces(std::string_view text, bool municipality, Region& region) {
  std::vector<std::string> pieces;
  std::string piece;
  for (char c : Clean(text) + " ") {
    if (RegionSeparator(c)) {
      if (!piece.empty()) pieces.push_back(std::move(piece));
      piece.clear();
    } else {
      piece.push_back(c);
    }
  }
  const auto is_province = [&](const std::string& p) {
    return p == region.province || p == ShortProvince(region.province);
  };
  if (pieces.empty() || !is_province(pieces[0])) return false;
  pieces.erase(pieces.begin());
  if (municipality && !pieces.empty() && is_province(pieces[0])) pieces.erase(pieces.begin());
  if (pieces.size() != (municipality ? 1u : 2u)) return false;
  region.city = municipality ? region.province : WithCitySuffix(pieces[0]);
  region.district = pieces.back();
  return true;
}

}  // namespace

CheckResult CheckRegion(std::string_view text, Region& region) {
  std::string s = Only(Clean(text), [&](char c) { return !RegionSeparator(c); });
  region = {};
  region.province = TakeProvince(s);
  if (region.province.empty()) return Invalid(Text::kCheckRegionNoProvince);
  // For 北京市 etc. the city repeats the province: "北京市朝阳区" or "北京市北京市朝阳区".
  if (StartsWith(s, region.province)) s = s.substr(region.province.size());
  const bool municipality = region.province.size() == std::string("北京市").size() &&
                            DecodeUtf8(region.province).back() == U'市';
  if (FromPieces(text, municipality, region)) {
    std::string value = region.province;
    if (!municipality) value += " " + region.city;
    return CheckResult::Ok(value + " " + region.district);
  }
  std::u32string rest = DecodeUtf8(s);
  size_t cut = std::u32string::npos;
  for (size_t i = 1; i < rest.size(); ++i) {
    // 州 ends a prefecture (杭州, 湘西州) unless 市 follows it (广州市).
    const bool zhou = rest[i] == U'州' && (i + 1 == rest.size() || rest[i + 1] != U'市');
    if (rest[i] == U'市' || zhou || rest[i] == U'盟' ||
        (rest[i] == U'区' && i + 1 < rest.size() && rest.substr(i - 1, 2) == U"地区")) {
      cut = i + 1;
      break;
    }
  }
  if (municipality || cut == std::u32string::npos) {
    region.city = municipality ? region.province : "";
    region.district = EncodeUtf8(rest);
  } else {
    region.city = WithCitySuffix(EncodeUtf8(rest.substr(0, cut)));
    region.district = EncodeUtf8(rest.substr(cut));
  }
  std::string value = region.province;
  if (!region.city.empty() && region.city != region.province) value += " " + region.city;
  if (!region.district.empty()) value += " " + region.district;
  if (region.district.empty()) return Warning(value, Text::kCheckRegionNoDistrict);
  return CheckResult::Ok(value);
}

CheckResult CheckMailAddress(std::string_view text, const Region& region) {
  const std::string a = Only(Clean(text), [](char c) { return c != ' '; });
  if (CharCount(a) < 4) return Invalid(Text::kCheckMailShort);
  std::vector<std::string> repeated;
  for (const std::string& name : {region.province, region.city, region.district}) {
    if (CharCount(name) >= 2 && StartsWith(a, name)) repeated.push_back(name);
  }
  // A short name ("天河", "南山", "广东") repeats the region unless a road or
  // place is named after it: 天河路 in 天河区, 南山大道 in 南山区.
  static const std::u32string kPlaceAfterName = U"路街道巷弄胡村镇乡里桥湾港门";
  for (const std::string& name :
       {ShortProvince(region.province), Stem(region.city), Stem(region.district)}) {
    if (CharCount(name) < 2 || !StartsWith(a, name)) continue;
    const std::u32string after = DecodeUtf8(std::string_view(a).substr(name.size()));
    if (!after.empty() && (kPlaceAfterName.find(after.front()) != std::u32string::npos ||
                           after.rfind(U"大道", 0) == 0 || after.rfind(U"大街", 0) == 0)) {
      continue;
    }
    repeated.push_back(name);
  }
  if (!region.province.empty() && a.find(region.province) != std::string::npos) {
    repeated.push_back(region.province);
  }
  if (!repeated.empty()) {
    return Invalid(Text::kCheckMailRepeated, {{"name", repeated.front()}},
                   "faq.host.reused-subject-address");
  }
  // Talk about the address rather than the address: "我们没有门牌号".
  if (a.find("门牌") != std::string::npos &&
      (a.find("没") != std::string::npos || a.find("无") != std::string::npos ||
       a.find("不知道") != std::string::npos)) {
    return Invalid(Text::kCheckMailNoHouseNumberSaid);
  }
  // A house number is a unit after a number: "1号", "A栋", "五楼", "3#",
  // "2单元" — not the 号 of "门牌号", the 楼 of "电信大楼" or the 元 of "三元里".
  static const std::u32string kUnits = U"号栋幢座室楼层单#铺弄";
  static const std::u32string kNumerals = U"〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾";
  const std::u32string u = DecodeUtf8(a);
  bool numbered = false;
  for (size_t i = 1; i < u.size() && !numbered; ++i) {
    const char32_t before = u[i - 1];
    numbered =
        kUnits.find(u[i]) != std::u32string::npos &&
        ((before >= U'0' && before <= U'9') || (before >= U'A' && before <= U'Z') ||
         (before >= U'a' && before <= U'z') || kNumerals.find(before) != std::u32string::npos);
  }
  if (!numbered) {
    return Invalid(Text::kCheckMailNoHouseNumber, {}, "error.host.mail-address-no-house-number");
  }
  return CheckResult::Ok(a);
}

}  // namespace beian
