#include "knowledge/entry.h"

#include <array>
#include <utility>

namespace beian {
namespace {

constexpr std::array<std::pair<EntryKind, std::string_view>, 4> kKinds{{
    {EntryKind::kField, "field"},
    {EntryKind::kError, "error"},
    {EntryKind::kFaq, "faq"},
    {EntryKind::kNote, "note"},
}};

constexpr std::array<std::pair<Certainty, std::string_view>, 4> kCertainties{{
    {Certainty::kCertain, "certain"},
    {Certainty::kLikely, "likely"},
    {Certainty::kUncertain, "uncertain"},
    {Certainty::kVaries, "varies"},
}};

constexpr std::array<std::pair<SourceKind, std::string_view>, 3> kSources{{
    {SourceKind::kGuide, "guide"},
    {SourceKind::kCommunity, "community"},
    {SourceKind::kFact, "fact"},
}};

template <typename E, size_t N>
std::string_view Name(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(EntryKind kind) { return Name(kKinds, kind); }
std::string_view ToString(Certainty certainty) { return Name(kCertainties, certainty); }
std::string_view ToString(SourceKind kind) { return Name(kSources, kind); }
std::optional<EntryKind> ParseEntryKind(std::string_view s) { return Parse(kKinds, s); }
std::optional<Certainty> ParseCertainty(std::string_view s) { return Parse(kCertainties, s); }
std::optional<SourceKind> ParseSourceKind(std::string_view s) { return Parse(kSources, s); }

std::string_view SectionName(int section) {
  switch (section) {
    case 1:
      return "主办单位信息";
    case 2:
      return "主体负责人信息";
    case 3:
      return "小程序信息";
    case 4:
      return "小程序管理员信息";
    case 5:
      return "上传其他信息材料";
    default:
      return "通用";
  }
}

std::string_view CertaintyLabel(Certainty certainty) {
  switch (certainty) {
    case Certainty::kCertain:
      return "确定（官方说明）";
    case Certainty::kLikely:
      return "较可靠（多个来源一致，非官方原文）";
    case Certainty::kUncertain:
      return "不确定（来源有限或说法不一，请以控制台提示为准）";
    case Certainty::kVaries:
      return "因省份而异（以所在地通信管理局的要求为准）";
  }
  return "";
}

std::string_view SourceKindLabel(SourceKind kind) {
  switch (kind) {
    case SourceKind::kGuide:
      return "官方备案指南";
    case SourceKind::kCommunity:
      return "开发者社区问答";
    case SourceKind::kFact:
      return "公开资料";
  }
  return "";
}

std::string_view EntryKindLabel(EntryKind kind) {
  switch (kind) {
    case EntryKind::kField:
      return "字段说明";
    case EntryKind::kError:
      return "报错";
    case EntryKind::kFaq:
      return "常见问题";
    case EntryKind::kNote:
      return "注意事项";
  }
  return "";
}

}  // namespace beian
