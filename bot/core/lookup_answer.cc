#include "bot/core/lookup_answer.h"

#include <cmath>
#include <cstdio>

namespace beian {
namespace {

std::string CircledNumber(int n) {
  static const char* kCircled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
                                   "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
  if (n >= 1 && n <= 20) return kCircled[n - 1];
  return std::to_string(n) + ".";
}

double Round3(double x) { return std::round(x * 1000.0) / 1000.0; }

std::string Bullet(const Entry& e) { return "· " + e.title + "（" + e.id + "）"; }

}  // namespace

nlohmann::json LookupJson(std::string_view query, const MatchResult& result) {
  nlohmann::json matches = nlohmann::json::array();
  for (const Match& m : result.matches) {
    matches.push_back({{"id", m.entry->id},
                       {"kind", std::string(ToString(m.entry->kind))},
                       {"title", m.entry->title},
                       {"score", Round3(m.score)}});
  }
  return {{"query", std::string(query)},
          {"answered", result.answered},
          {"ambiguous", result.ambiguous},
          {"matches", std::move(matches)}};
}

std::string ExplainMatch(const MatchResult& result) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "answered=%s ambiguous=%s errors=%zu\n",
                result.answered ? "true" : "false", result.ambiguous ? "true" : "false",
                result.errors);
  std::string out = buf;
  if (!result.off_topic.empty()) out += "  off-topic: " + result.off_topic + "\n";
  for (const Match& m : result.matches) {
    if (m.via == MatchVia::kErrorText) {
      std::snprintf(buf, sizeof buf, "  %.3f  error-text  %s\n", m.score, m.entry->id.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "  %.3f  search      %s  (coverage %.2f, best alias %.2f, evidence %.1f)\n",
                    m.score, m.entry->id.c_str(), m.coverage, m.best_text, m.evidence);
    }
    out += buf;
  }
  return out;
}

std::string FormPosition(const Entry& e) {
  if (e.section == 0) return "通用（不属于某一个字段）";
  std::string s = "第 " + std::to_string(e.section) + " 部分 · " + std::string(SectionName(e.section));
  if (!e.field_name.empty()) {
    s += " · ";
    if (e.field_no) s += CircledNumber(*e.field_no) + " ";
    s += e.field_name;
  }
  return s;
}

std::string RenderEntry(const Entry& e, const KnowledgeBase& kb) {
  std::string out = "【" + e.title + "】\n";
  out += "类型：" + std::string(EntryKindLabel(e.kind)) + "\n";
  out += "位置：" + FormPosition(e) + "\n";
  if (!e.error_texts.empty()) {
    out += "报错原文：";
    for (size_t i = 0; i < e.error_texts.size(); ++i) {
      if (i > 0) out += " / ";
      out += e.error_texts[i];
    }
    out += "\n";
  }
  out += (e.kind == EntryKind::kError ? "原因：" : "说明：") + e.summary + "\n";
  out += e.kind == EntryKind::kField ? "怎么填：\n" : "怎么办：\n";
  for (size_t i = 0; i < e.steps.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + e.steps[i] + "\n";
  }
  if (!e.notes.empty()) {
    out += "注意：\n";
    for (const auto& n : e.notes) out += "  - " + n + "\n";
  }
  out += "来源：" + std::string(SourceKindLabel(e.source.kind)) + "（" + e.source.detail + "）";
  if (!e.source.url.empty()) out += " " + e.source.url;
  out += "\n可信度：" + std::string(CertaintyLabel(e.certainty)) + "\n";
  std::string related;
  for (const auto& id : e.related) {
    if (const Entry* r = kb.Find(id)) related += "  " + Bullet(*r) + "\n";
  }
  if (!related.empty()) out += "相关条目：\n" + related;
  return out;
}

std::string RenderAnswer(const MatchResult& result, const KnowledgeBase& kb) {
  if (!result.answered) {
    std::string out =
        "抱歉，没有找到和这个问题直接相关的备案说明。我只解答微信小程序备案（ICP 备案）的填写和报错问题。\n"
        "可以试试：直接粘贴控制台的报错原文，或者写明是哪一部分、哪个字段，例如“通讯地址怎么填”。\n";
    if (!result.matches.empty()) {
      out += "您可能想问：\n";
      for (size_t i = 0; i < result.matches.size() && i < 3; ++i) {
        out += "  " + Bullet(*result.matches[i].entry) + "\n";
      }
    }
    return out;
  }
  if (result.errors > 1) {
    std::string out = "您的消息里有 " + std::to_string(result.errors) + " 条报错，逐条说明：\n";
    for (size_t i = 0; i < result.errors && i < result.matches.size(); ++i) {
      out += "\n（" + std::to_string(i + 1) + "）" + RenderEntry(*result.matches[i].entry, kb);
    }
    return out;
  }
  if (result.ambiguous && result.matches.size() > 1) {
    std::string out = "您问的可能是下面几条中的一条，请告诉我是哪一个（回复标题或编号即可）：\n";
    const double close = Matcher::kAmbiguityRatio * result.matches[0].score;
    for (size_t i = 0; i < result.matches.size() && i < 3 && result.matches[i].score >= close; ++i) {
      out += "  " + std::to_string(i + 1) + ". " + result.matches[i].entry->title + "（" +
             FormPosition(*result.matches[i].entry) + "）\n";
    }
    out += "\n先按最可能的一条回答：\n" + RenderEntry(*result.matches[0].entry, kb);
    return out;
  }
  return RenderEntry(*result.matches[0].entry, kb);
}

}  // namespace beian
