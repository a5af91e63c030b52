#include "bot/core/lookup_answer.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

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
      std::snprintf(buf, sizeof buf,
                    "  %.3f  search      %s  (coverage %.2f, best alias %.2f, evidence %.1f)\n",
                    m.score, m.entry->id.c_str(), m.coverage, m.best_text, m.evidence);
    }
    out += buf;
  }
  return out;
}

nlohmann::json EntryJson(const Entry& e, const KnowledgeBase& kb) {
  nlohmann::json related = nlohmann::json::array();
  for (const auto& id : e.related) {
    if (const Entry* r = kb.Find(id)) related.push_back({{"id", r->id}, {"title", r->title}});
  }
  return {{"id", e.id},
          {"kind", std::string(ToString(e.kind))},
          {"kind_label", std::string(EntryKindLabel(e.kind))},
          {"title", e.title},
          {"position", FormPosition(e)},
          {"error_texts", e.error_texts},
          {"summary", e.summary},
          {"steps", e.steps},
          {"notes", e.notes},
          {"source_label", std::string(SourceKindLabel(e.source.kind))},
          {"source_detail", e.source.detail},
          {"source_url", e.source.url},
          {"certainty", std::string(ToString(e.certainty))},
          {"certainty_label", std::string(CertaintyLabel(e.certainty))},
          {"related", related}};
}

namespace {

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string EntryHtml(const Entry& e, const KnowledgeBase& kb) {
  std::string h =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  h.append(Escape(e.title))
      .append(
          " · 小程序备案</title><style>body{margin:0;font:16px/1.6 -apple-system,\"PingFang "
          "SC\",\"Microsoft "
          "YaHei\",sans-serif;color:#1f2328}main{max-width:760px;margin:0 auto;padding:24px 16px}"
          ".meta{color:#59636e;font-size:14px}.err{background:#f6f8fa;border-radius:6px;padding:"
          "6px 10px}"
          "a{color:#0969da}</style></head><body><main><p><a href=\"/\">← 报错查询</a></p><h1>")
      .append(Escape(e.title))
      .append("</h1><p class=\"meta\">")
      .append(Escape(FormPosition(e)))
      .append(" · ")
      .append(Escape(EntryKindLabel(e.kind)))
      .append("</p>");
  if (!e.error_texts.empty()) {
    h.append("<p class=\"err\">报错原文：");
    for (size_t i = 0; i < e.error_texts.size(); ++i) {
      if (i > 0) h.append(" / ");
      h.append(Escape(e.error_texts[i]));
    }
    h.append("</p>");
  }
  h.append("<p>").append(Escape(e.summary)).append("</p><h2>");
  h.append(e.kind == EntryKind::kField ? "怎么填" : "怎么办").append("</h2><ol>");
  for (const auto& s : e.steps) h.append("<li>").append(Escape(s)).append("</li>");
  h.append("</ol>");
  if (!e.notes.empty()) {
    h.append("<h2>注意</h2><ul>");
    for (const auto& n : e.notes) h.append("<li>").append(Escape(n)).append("</li>");
    h.append("</ul>");
  }
  h.append("<p class=\"meta\">来源：")
      .append(Escape(SourceKindLabel(e.source.kind)))
      .append("（")
      .append(Escape(e.source.detail))
      .append("）<br>可信度：")
      .append(Escape(CertaintyLabel(e.certainty)))
      .append("</p>");
  std::string related;
  for (const auto& id : e.related) {
    if (const Entry* r = kb.Find(id)) {
      related.append("<li><a href=\"/kb/")
          .append(Escape(r->id))
          .append("\">")
          .append(Escape(r->title))
          .append("</a></li>");
    }
  }
  if (!related.empty()) h.append("<h2>相关条目</h2><ul>").append(related).append("</ul>");
  return h.append("</main></body></html>");
}

std::string FormPosition(const Entry& e) {
  if (e.section == 0) return "通用（不属于某一个字段）";
  std::string s =
      "第 " + std::to_string(e.section) + " 部分 · " + std::string(SectionName(e.section));
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

std::vector<const Entry*> ClarifyOptions(const MatchResult& result) {
  std::vector<const Entry*> options;
  if (!result.answered || result.errors > 1 || !result.ambiguous || result.matches.size() < 2)
    return options;
  // Every entry the matcher found close enough to be meant (see kCloseCallRatio).
  const double close = Matcher::kCloseCallRatio * result.matches[0].score;
  for (size_t i = 0; i < result.matches.size() && i < 3 && result.matches[i].score >= close; ++i) {
    options.push_back(result.matches[i].entry);
  }
  return options;
}

std::vector<const Entry*> Suggestions(const MatchResult& result) {
  std::vector<const Entry*> out;
  if (result.answered) return out;
  for (size_t i = 0; i < result.matches.size() && out.size() < 3; ++i) {
    const Match& m = result.matches[i];
    if (m.score >= Matcher::kSuggestThreshold && m.evidence >= Matcher::kMinEvidence)
      out.push_back(m.entry);
  }
  return out;
}

std::string RenderAnswer(const MatchResult& result, const KnowledgeBase& kb) {
  if (!result.answered) {
    const bool other_subject = !result.off_topic.empty();
    std::string out =
        result.other_product
            ? "抱歉，这个问题属于「" + result.off_topic +
                  "」，不在我能解答的范围。我只解答微信小程序备案（ICP 备案）的填写和报错问题。\n"
        : result.in_domain ? "这个问题我的资料里还没有可靠的答案（我熟悉的是微信小程序备案的填写和"
                             "报错），不想乱猜。\n"
                           : "抱歉，没有找到和这个问题直接相关的备案说明。我只解答微信小程序备案（I"
                             "CP 备案）的填写和报错问题。\n";
    out +=
        "可以试试：直接粘贴控制台的报错原文，或者写明是哪一部分、哪个字段，例如“通讯地址怎么填”。"
        "\n";
    // Entries near a question about another subject only confuse.
    const auto suggestions = other_subject ? std::vector<const Entry*>{} : Suggestions(result);
    if (!suggestions.empty()) {
      out += "您可能想问：\n";
      for (const Entry* e : suggestions) out += "  " + Bullet(*e) + "\n";
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
  if (const auto options = ClarifyOptions(result); !options.empty()) {
    std::string out = "您问的可能是下面几条中的一条，请告诉我是哪一个（回复标题或编号即可）：\n";
    for (size_t i = 0; i < options.size(); ++i) {
      out += "  " + std::to_string(i + 1) + ". " + options[i]->title + "（" +
             FormPosition(*options[i]) + "）\n";
    }
    out += "\n先按最可能的一条回答：\n" + RenderEntry(*result.matches[0].entry, kb);
    return out;
  }
  return RenderEntry(*result.matches[0].entry, kb);
}

}  // namespace beian
