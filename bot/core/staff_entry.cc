#include "bot/core/staff_entry.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "knowledge/knowledge_base.h"

namespace beian {

namespace {

constexpr const char* kStaffFile = "faq-staff.json";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find('\n', i);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(i, end - i);
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    if (first != std::string::npos) out.push_back(line.substr(first, last - first + 1));
    i = end + 1;
  }
  return out;
}

}  // namespace

bool BuildStaffEntry(const StaffAnswer& a, const BotTexts& say, nlohmann::json& entry,
                     std::string& error) {
  const std::string id = a.id.empty() ? "faq.staff-" + a.item_id : a.id;
  static const std::regex kId(R"(faq\.[a-z0-9][a-z0-9.\-]{0,63})");
  if (!std::regex_match(id, kId)) {
    error = "id must look like faq.some-name (lower-case letters, digits, '.', '-')";
    return false;
  }
  const auto lines = Lines(a.answer);
  if (lines.empty()) {
    error = "'answer' is required";
    return false;
  }
  if (a.answer.size() > 8000 || a.title.size() > 300) {
    error = "answer or title too long";
    return false;
  }
  const std::string certainty = a.certainty.empty() ? "likely" : a.certainty;
  if (!ParseCertainty(certainty)) {
    error = "certainty must be certain, likely, uncertain or varies";
    return false;
  }
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds(std::chrono::seconds(a.at)) + std::chrono::hours(8))};
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  std::vector<std::string> steps(lines.begin() + 1, lines.end());
  if (steps.empty()) steps.push_back(say(BotText::kStaffEntryStep));  // an entry needs a step
  entry = {{"id", id},
           {"kind", "faq"},
           {"section", 0},
           {"title", a.title.empty() ? a.question : a.title},
           {"summary", lines.front()},
           {"steps", steps},
           {"source",
            {{"kind", "community"},
             {"detail", say(BotText::kStaffEntrySource, {{"staff", a.staff}, {"date", date}})}}},
           {"certainty", certainty},
           {"aliases", a.question.empty() ? std::vector<std::string>{}
                                          : std::vector<std::string>{a.question}}};
  std::vector<LoadProblem> problems;
  ParseEntry(entry, kStaffFile, problems, false);
  if (!problems.empty()) {
    error = problems.front().ToString();
    return false;
  }
  return true;
}

std::vector<Entry> ParseLearnedEntries(const std::vector<LearnedEntry>& rows) {
  std::vector<Entry> out;
  for (const LearnedEntry& row : rows) {
    const auto j = nlohmann::json::parse(row.json, nullptr, false);
    std::vector<LoadProblem> problems;
    auto e = ParseEntry(j, kStaffFile, problems, false);
    if (e && problems.empty()) out.push_back(std::move(*e));
  }
  return out;
}

nlohmann::json TriageItemJson(const TriageItem& t) {
  return {{"id", t.id},
          {"text", t.text},
          {"count", t.count},
          {"status", t.status},
          {"reason", Name(t.reason)},
          {"answer", t.answer},
          {"entry_id", t.entry_id},
          {"staff", t.staff},
          {"first_at", t.first_at},
          {"last_at", t.last_at}};
}

nlohmann::json TeachingJson(const Teaching& t) {
  return {{"id", t.id}, {"item_id", t.item_id},     {"entry_id", t.entry_id}, {"staff", t.staff},
          {"at", t.at}, {"phrasings", t.phrasings}, {"undone", t.undone}};
}

nlohmann::json WordingsJson(const std::vector<Phrasing>& wordings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Phrasing& w : wordings) out.push_back({{"text", w.text}, {"count", w.count}});
  return out;
}

}  // namespace beian
