#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/cli/commands.h"
#include "bot/cli/triage_common.h"
#include "bot/core/bot_language.h"
#include "bot/core/staff_entry.h"
#include "bot/support/support_desk.h"
#include "storage/storage.h"
#include "storage/support_stores.h"

namespace beian {
namespace {

using nlohmann::json;

std::string OutcomeLabel(const std::string& kind) {
  static const std::map<std::string, std::string> kLabels = {
      {"answer", "答上了"},
      {"clarify", "请用户选一条"},
      {"declined", "没答上"},
      {"walkthrough", "填表引导"},
      {"greeting", "打招呼"},
      {"handoff", "转人工"},
      {"human", "人工处理中（机器人没说话）"},
      {"unhelpful", "用户说没用"},
      {"handoff-end", "结束人工"}};
  const auto it = kLabels.find(kind);
  return it == kLabels.end() ? kind : it->second;
}

// A 转人工 item has no question of its own.
std::string ItemText(const TriageItem& t) {
  return t.text.empty() && t.reason == TriageReason::kHuman ? "（请求人工客服）" : t.text;
}

std::string ReasonLabel(TriageReason reason) {
  switch (reason) {
    case TriageReason::kDeclined:
      return "没答上";
    case TriageReason::kAmbiguous:
      return "拿不准";
    case TriageReason::kUnhelpful:
      return "用户说没用";
    case TriageReason::kHuman:
      return "要人工";
  }
  return "";
}

void List(const TriageOptions& o) {
  Opened d(o);
  const auto items = d.support.triage.Items(o.status, o.limit);
  if (o.json_out) {
    json list = json::array();
    for (const auto& t : items) list.push_back(TriageItemJson(t));
    std::cout << list.dump(2) << '\n';
    return;
  }
  if (items.empty()) std::cout << "待处理队列是空的。\n";
  for (const auto& t : items) {
    std::cout << t.id << "  [" << t.status << "] " << t.count << " 人问过 · "
              << ReasonLabel(t.reason) << "  " << ItemText(t) << '\n';
  }
}

void Show(const TriageOptions& o) {
  Opened d(o);
  const TriageItem t = RequireItem(d.support, o.item);
  const auto askers = d.support.triage.Askers(t.id);
  const auto wordings = d.support.triage.Phrasings(t.id);
  if (o.json_out) {
    json j = TriageItemJson(t);
    j["wordings"] = WordingsJson(wordings);
    j["askers"] = json::array();
    for (const auto& a : askers)
      j["askers"].push_back({{"platform", a.platform}, {"chat", a.chat}, {"user", a.user}});
    std::cout << j.dump(2) << '\n';
    return;
  }
  std::cout << t.id << "  " << ItemText(t) << "\n状态：" << t.status << "，原因："
            << ReasonLabel(t.reason) << "，" << t.count << " 人问过\n";
  if (!t.answer.empty()) std::cout << "客服回复：" << t.answer << '\n';
  if (!t.entry_id.empty()) std::cout << "已教给：" << t.entry_id << '\n';
  if (!wordings.empty()) std::cout << "说法（" << wordings.size() << " 种）：\n";
  for (const auto& w : wordings) std::cout << "  “" << w.text << "” × " << w.count << '\n';
  if (!askers.empty()) std::cout << "问过的人：\n";
  for (const auto& a : askers) {
    std::cout << "  · " << a.platform << " / " << a.chat << " / " << a.user << '\n';
    for (const auto& m : d.support.log.History(a.platform, a.chat, a.user, 5)) {
      std::cout << "      " << Name(m.outcome) << "  " << m.text << '\n';
    }
  }
}

void Answer(const TriageOptions& o) {
  Opened d(o);
  const TriageItem t = RequireItem(d.support, o.item);
  std::string text;
  for (const auto& w : o.words) text += (text.empty() ? "" : " ") + w;
  d.desk.Answer(t, text, Staff(o));
  std::cout << "已回复 " << o.item << "：提问的人下次发消息时会看到这条回复。\n";
}

// A new faq.* entry written for the item; it also answers the askers.
void Write(const GlobalOptions& g, const TriageOptions& o) {
  Opened d(o);
  const TriageItem t = RequireItem(d.support, o.item);
  std::string text;
  for (const auto& w : o.words) text += (text.empty() ? "" : "\n") + w;
  const StaffAnswer a{o.new_id, t.id,        t.reason == TriageReason::kHuman ? "" : t.text,
                      o.title,  text,        o.certainty,
                      Staff(o), NowSeconds()};
  nlohmann::json entry;
  std::string error;
  if (a.question.empty() && a.title.empty())
    error = "--title is required for a request for a human";
  if (error.empty())
    BuildStaffEntry(a, BotLanguage::Load(DefaultFormPath().parent_path()).texts, entry, error);
  if (!error.empty()) {
    std::cerr << "triage: " << error << '\n';
    throw CLI::RuntimeError(1);
  }
  const std::string id = entry["id"].get<std::string>();
  if (LoadKb(g.KbDir())->Find(id) != nullptr ||
      !d.desk.Write(t, {id, entry.dump(), t.id, Staff(o), a.at}, text)) {
    std::cerr << "triage: an entry " << id << " exists already; choose another with --id\n";
    throw CLI::RuntimeError(1);
  }
  std::cout << "已新建条目 " << id << "（" << entry["title"].get<std::string>()
            << "）。正在运行的机器人会在下一条消息前用上它；提问的人下次发消息时会看到这条回复。\n";
}

void Dismiss(const TriageOptions& o) {
  Opened d(o);
  d.desk.Dismiss(RequireItem(d.support, o.item), Staff(o));
  std::cout << "已忽略 " << o.item << "。\n";
}

void Tickets(const TriageOptions& o) {
  Opened d(o);
  const auto open = d.support.tickets.OpenTickets();
  if (o.json_out) {
    json list = json::array();
    for (const auto& [id, a] : open)
      list.push_back({{"id", id}, {"platform", a.platform}, {"chat", a.chat}, {"user", a.user}});
    std::cout << list.dump(2) << '\n';
    return;
  }
  if (open.empty()) std::cout << "没有等待人工处理的用户。\n";
  for (const auto& [id, a] : open)
    std::cout << id << "  " << a.platform << " / " << a.chat << " / " << a.user << '\n';
}

void Close(const TriageOptions& o) {
  Opened d(o);
  if (!d.support.tickets.CloseTicket(o.ticket, NowSeconds())) {
    std::cerr << "triage: no open ticket " << o.ticket << '\n';
    throw CLI::RuntimeError(1);
  }
  std::cout << "已关闭工单 " << o.ticket << "，机器人会继续回答这位用户。\n";
}

void Stats(const TriageOptions& o) {
  Opened d(o);
  const std::int64_t since = NowSeconds() - static_cast<std::int64_t>(o.days) * 86400;
  const auto outcomes = d.support.log.OutcomeCounts(since);
  const auto entries = d.support.log.TopEntries(since, 10);
  const auto platforms = d.support.log.PlatformCounts(since);
  const auto open = d.support.triage.Items("open", 1000);
  if (o.json_out) {
    json j = {{"days", o.days},
              {"outcomes", json::object()},
              {"top_entries", json::array()},
              {"platforms", json::object()},
              {"open_items", open.size()}};
    for (const auto& [k, v] : outcomes) j["outcomes"][k] = v;
    for (const auto& [k, v] : entries) j["top_entries"].push_back({{"id", k}, {"count", v}});
    for (const auto& [k, v] : platforms) j["platforms"][k] = v;
    std::cout << j.dump(2) << '\n';
    return;
  }
  std::cout << "最近 " << o.days << " 天：\n";
  for (const auto& [k, v] : outcomes) std::cout << "  " << OutcomeLabel(k) << "  " << v << '\n';
  std::cout << "问得最多的条目：\n";
  for (const auto& [k, v] : entries) std::cout << "  " << v << "  " << k << '\n';
  std::cout << "按平台：\n";
  for (const auto& [k, v] : platforms) std::cout << "  " << k << "  " << v << '\n';
  std::cout << "待处理队列：" << open.size() << " 项\n";
}

}  // namespace

void RegisterTriage(CLI::App& app, const GlobalOptions& g) {
  auto o = std::make_shared<TriageOptions>();
  CLI::App* triage = app.add_subcommand(
      "triage", "What the bot could not answer, requests for a human, and teaching");
  triage->require_subcommand(1);
  triage->add_option("--db", o->db, "Database file (default: $BEIAN_DB or ./beian-bot.db)");
  triage->add_flag("--json", o->json_out, "JSON output");
  triage->add_option("--staff", o->staff, "Who is acting (default: $USER)");

  CLI::App* list = triage->add_subcommand("list", "The queue: open items first, most asked first");
  list->add_option("--status", o->status, "Only open, answered or dismissed items");
  list->add_option("--limit", o->limit, "At most this many items");
  list->callback([o] { List(*o); });

  CLI::App* show =
      triage->add_subcommand("show", "One item with who asked and their recent messages");
  show->add_option("item", o->item, "Item id")->required();
  show->callback([o] { Show(*o); });

  CLI::App* answer = triage->add_subcommand(
      "answer", "Reply to everyone who asked (shown with their next message)");
  answer->add_option("item", o->item, "Item id")->required();
  answer->add_option("text", o->words, "The reply")->required();
  answer->callback([o] { Answer(*o); });

  RegisterTriageTeaching(*triage, g, o);

  CLI::App* write = triage->add_subcommand("write",
                                           "Answer the item with a new faq.* entry (its text the "
                                           "first alias); each line after the first is a step");
  write->add_option("item", o->item, "Item id")->required();
  write->add_option("answer", o->words, "The answer: summary, then steps (one argument each)")
      ->required();
  write->add_option("--title", o->title, "Title (default: the item's text)");
  write->add_option("--id", o->new_id, "Entry id (default: faq.staff-<item id>)");
  write->add_option("--certainty", o->certainty, "certain, likely (default), uncertain or varies");
  write->callback([&g, o] { Write(g, *o); });

  CLI::App* dismiss = triage->add_subcommand("dismiss", "Close an item without an answer");
  dismiss->add_option("item", o->item, "Item id")->required();
  dismiss->callback([o] { Dismiss(*o); });

  CLI::App* tickets = triage->add_subcommand("tickets", "Users waiting for a human");
  tickets->callback([o] { Tickets(*o); });

  CLI::App* close =
      triage->add_subcommand("close", "Close a handoff ticket: the bot answers that user again");
  close->add_option("ticket", o->ticket, "Ticket id")->required();
  close->callback([o] { Close(*o); });

  CLI::App* stats = triage->add_subcommand(
      "stats", "Answered / declined / ambiguous counts, top entries, platforms");
  stats->add_option("--days", o->days, "How many days back")->check(CLI::Range(1, 3650));
  stats->callback([o] { Stats(*o); });

  // --db, --json and --staff also after the subcommand ("triage list --db X").
  for (CLI::App* sub : triage->get_subcommands({})) sub->fallthrough();
}

}  // namespace beian
