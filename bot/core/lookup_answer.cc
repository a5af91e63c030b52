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

std::string Bullet(const Entry& e, const BotTexts& say) {
  return say(BotText::kEntryBullet, {{"title", e.title}, {"id", e.id}});
}

// Every error text of the entry, one after another.
std::string ErrorTexts(const Entry& e) {
  std::string out;
  for (size_t i = 0; i < e.error_texts.size(); ++i) {
    if (i > 0) out += " / ";
    out += e.error_texts[i];
  }
  return out;
}

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
  std::snprintf(buf, sizeof buf, "answered=%s ambiguous=%s errors=%zu in-domain=%s\n",
                result.answered ? "true" : "false", result.ambiguous ? "true" : "false",
                result.errors, result.in_domain ? "true" : "false");
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

nlohmann::json EntryJson(const Entry& e, const KnowledgeBase& kb, const BotTexts& say) {
  nlohmann::json related = nlohmann::json::array();
  for (const auto& id : e.related) {
    if (const Entry* r = kb.Find(id)) related.push_back({{"id", r->id}, {"title", r->title}});
  }
  return {{"id", e.id},
          {"kind", std::string(ToString(e.kind))},
          {"kind_label", std::string(kb.labels().Kind(e.kind))},
          {"title", e.title},
          {"position", FormPosition(e, kb.labels(), say)},
          {"error_texts", e.error_texts},
          {"summary", e.summary},
          {"steps", e.steps},
          {"notes", e.notes},
          {"source_label", std::string(kb.labels().Source(e.source.kind))},
          {"source_detail", e.source.detail},
          {"source_url", e.source.url},
          {"certainty", std::string(ToString(e.certainty))},
          {"certainty_label", std::string(kb.labels().Certainty(e.certainty))},
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

// A sentence for an HTML page: the pattern and the values escaped.
std::string Html(const BotTexts& say, BotText text, TextArgs args = {}) {
  for (auto& [name, value] : args) value = Escape(value);
  return RenderText(Escape(say(text)), args);
}

constexpr std::string_view kPageStyle =
    "<style>body{margin:0;font:16px/1.6 -apple-system,\"PingFang SC\",\"Microsoft "
    "YaHei\",sans-serif;color:#1f2328}main{max-width:760px;margin:0 auto;padding:24px 16px}"
    ".meta{color:#59636e;font-size:14px}.err{background:#f6f8fa;border-radius:6px;padding:"
    "6px 10px}"
    "a{color:#0969da}</style>";

}  // namespace

std::string EntryHtml(const Entry& e, const KnowledgeBase& kb, const BotTexts& say) {
  std::string h =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
  h.append(Html(say, BotText::kPageTitle, {{"title", e.title}}))
      .append("</title>")
      .append(kPageStyle)
      .append("</head><body><main><p><a href=\"/\">")
      .append(Html(say, BotText::kPageBack))
      .append("</a></p><h1>")
      .append(Escape(e.title))
      .append("</h1><p class=\"meta\">")
      .append(Escape(FormPosition(e, kb.labels(), say)))
      .append(" · ")
      .append(Escape(kb.labels().Kind(e.kind)))
      .append("</p>");
  if (!e.error_texts.empty())
    h.append("<p class=\"err\">")
        .append(Html(say, BotText::kEntryErrorTexts, {{"texts", ErrorTexts(e)}}))
        .append("</p>");
  h.append("<p>").append(Escape(e.summary)).append("</p><h2>");
  h.append(Html(say, e.kind == EntryKind::kField ? BotText::kPageFieldSteps : BotText::kPageSteps))
      .append("</h2><ol>");
  for (const auto& s : e.steps) h.append("<li>").append(Escape(s)).append("</li>");
  h.append("</ol>");
  if (!e.notes.empty()) {
    h.append("<h2>").append(Html(say, BotText::kPageNotes)).append("</h2><ul>");
    for (const auto& n : e.notes) h.append("<li>").append(Escape(n)).append("</li>");
    h.append("</ul>");
  }
  h.append("<p class=\"meta\">")
      .append(Html(say, BotText::kEntrySource,
                   {{"source", std::string(kb.labels().Source(e.source.kind))},
                    {"detail", e.source.detail}}))
      .append("<br>")
      .append(Html(say, BotText::kEntryCertainty,
                   {{"certainty", std::string(kb.labels().Certainty(e.certainty))}}))
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
  if (!related.empty())
    h.append("<h2>")
        .append(Html(say, BotText::kPageRelated))
        .append("</h2><ul>")
        .append(related)
        .append("</ul>");
  return h.append("</main></body></html>");
}

std::string EntryNotFoundHtml(const BotTexts& say) {
  return "<!doctype html><meta charset=\"utf-8\"><p>" + Html(say, BotText::kPageNotFound) +
         "<a href=\"/\">" + Html(say, BotText::kPageHome) + "</a></p>";
}

std::string FormPosition(const Entry& e, const Labels& labels, const BotTexts& say) {
  if (e.section == 0) return say(BotText::kEntryGeneral);
  std::string s = say(BotText::kEntryPart, {{"part", std::to_string(e.section)},
                                            {"name", std::string(labels.Section(e.section))}});
  if (!e.field_name.empty()) {
    s += " · ";
    if (e.field_no) s += CircledNumber(*e.field_no) + " ";
    s += e.field_name;
  }
  return s;
}

std::string RenderEntry(const Entry& e, const KnowledgeBase& kb, const BotTexts& say) {
  std::string out = say(BotText::kEntryTitle, {{"title", e.title}}) + "\n";
  out += say(BotText::kEntryKind, {{"kind", std::string(kb.labels().Kind(e.kind))}}) + "\n";
  out += say(BotText::kEntryPosition, {{"position", FormPosition(e, kb.labels(), say)}}) + "\n";
  if (!e.error_texts.empty())
    out += say(BotText::kEntryErrorTexts, {{"texts", ErrorTexts(e)}}) + "\n";
  out += say(e.kind == EntryKind::kError ? BotText::kEntryCause : BotText::kEntryExplain,
             {{"summary", e.summary}}) +
         "\n";
  out += say(e.kind == EntryKind::kField ? BotText::kEntryFieldSteps : BotText::kEntrySteps) + "\n";
  for (size_t i = 0; i < e.steps.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + e.steps[i] + "\n";
  }
  if (!e.notes.empty()) {
    out += say(BotText::kEntryNotes) + "\n";
    for (const auto& n : e.notes) out += "  - " + n + "\n";
  }
  out += say(BotText::kEntrySource, {{"source", std::string(kb.labels().Source(e.source.kind))},
                                     {"detail", e.source.detail}});
  if (!e.source.url.empty()) out += " " + e.source.url;
  out += '\n';
  out += say(BotText::kEntryCertainty,
             {{"certainty", std::string(kb.labels().Certainty(e.certainty))}});
  out += '\n';
  std::string related;
  for (const auto& id : e.related) {
    if (const Entry* r = kb.Find(id)) related += "  " + Bullet(*r, say) + "\n";
  }
  if (!related.empty()) out += say(BotText::kEntryRelated) + "\n" + related;
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

namespace {

// The answer when nothing was recognised: why, what to try, what was close.
std::string Declined(const MatchResult& result, const BotTexts& say) {
  std::string out = result.other_product
                        ? say(BotText::kAnswerOtherProduct, {{"subject", result.off_topic}})
                    : result.in_domain ? say(BotText::kAnswerNotKnown)
                                       : say(BotText::kAnswerNotFound);
  out.append("\n").append(say(BotText::kAnswerTry)).append("\n");
  // Entries near a question about another subject only confuse.
  const auto suggestions =
      result.off_topic.empty() ? Suggestions(result) : std::vector<const Entry*>{};
  if (!suggestions.empty()) {
    out += say(BotText::kAnswerSuggestions) + "\n";
    for (const Entry* e : suggestions) out += "  " + Bullet(*e, say) + "\n";
  }
  return out;
}

}  // namespace

std::string RenderAnswer(const MatchResult& result, const KnowledgeBase& kb, const BotTexts& say) {
  if (!result.answered) return Declined(result, say);
  if (result.errors > 1) {
    std::string out =
        say(BotText::kAnswerErrors, {{"count", std::to_string(result.errors)}}) + "\n";
    for (size_t i = 0; i < result.errors && i < result.matches.size(); ++i) {
      out.append("\n")
          .append(say(BotText::kAnswerErrorNumber, {{"n", std::to_string(i + 1)}}))
          .append(RenderEntry(*result.matches[i].entry, kb, say));
    }
    return out;
  }
  if (const auto options = ClarifyOptions(result); !options.empty()) {
    std::string out = say(BotText::kAnswerClarify) + "\n";
    for (size_t i = 0; i < options.size(); ++i) {
      out.append("  ")
          .append(say(BotText::kAnswerClarifyOption,
                      {{"n", std::to_string(i + 1)},
                       {"title", options[i]->title},
                       {"position", FormPosition(*options[i], kb.labels(), say)}}))
          .append("\n");
    }
    out.append("\n")
        .append(say(BotText::kAnswerClarifyFirst))
        .append("\n")
        .append(RenderEntry(*result.matches[0].entry, kb, say));
    return out;
  }
  return RenderEntry(*result.matches[0].entry, kb, say);
}

}  // namespace beian
