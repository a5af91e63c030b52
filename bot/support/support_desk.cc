#include "bot/support/support_desk.h"

#include <algorithm>
#include <map>

#include "bot/core/knowledge_source.h"
#include "bot/core/staff_push.h"
#include "knowledge/matcher.h"
#include "storage/storage_error.h"
#include "storage/support_stores.h"

namespace beian {

SupportDesk::SupportDesk(SupportStores& stores, LiveKnowledge* knowledge, StaffPush* push)
    : stores_(stores), knowledge_(knowledge), push_(push) {}

SupportDesk::Done SupportDesk::Reread(const std::string& id, bool push) {
  auto item = stores_.triage.Item(id);
  if (!item) throw StorageError("triage item " + id + " vanished");  // deleted by hand meanwhile
  Done done{std::move(*item), 0};
  const TriageItem& t = done.item;
  if (!push || push_ == nullptr || t.status != "answered" || t.answer.empty()) return done;
  for (const Asker& a : stores_.triage.Askers(t.id)) {
    // Marked first: a message of the user racing this push shows it at most once.
    if (push_->CanReach(a) && stores_.triage.MarkNotified(t.id, a)) {
      push_->SendAnswer(a, t.reason, t.text, t.answer);
      ++done.pushed;
    }
  }
  return done;
}

std::vector<std::string> SupportDesk::Wordings(const TriageItem& item) {
  std::vector<std::string> out;
  for (const Phrasing& p : stores_.triage.Phrasings(item.id)) out.push_back(p.text);
  if (out.empty() && !item.text.empty()) out.push_back(item.text);
  return out;
}

std::vector<SupportDesk::Wording> SupportDesk::Plan(const TriageItem& item,
                                                    const std::string& entry_id,
                                                    const Matcher& matcher) {
  std::vector<Wording> out;
  for (std::string& text : Wordings(item)) {
    Wording w{std::move(text), "", 0};
    const MatchResult m = matcher.Match(w.text, 2);
    if (m.answered && !m.ambiguous && !m.matches.empty() && m.matches[0].entry->id != entry_id) {
      w.conflict = m.matches[0].entry->id;
      w.conflict_score = m.matches[0].score;
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<SupportDesk::Suggestion> SupportDesk::Suggest(const TriageItem& item,
                                                          const Matcher& matcher, int n) {
  std::map<std::string, double> best;
  const auto wordings = Wordings(item);
  for (std::size_t i = 0; i < wordings.size() && i < 5; ++i) {
    for (const Match& m : matcher.Match(wordings[i], static_cast<std::size_t>(n)).matches) {
      double& score = best[m.entry->id];
      score = std::max(score, m.score);
    }
  }
  std::vector<Suggestion> out;
  for (const auto& [id, score] : best) out.push_back({id, score});
  std::stable_sort(out.begin(), out.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.score > b.score; });
  if (out.size() > static_cast<std::size_t>(n)) out.resize(static_cast<std::size_t>(n));
  return out;
}

SupportDesk::Done SupportDesk::Teach(const TriageItem& item, const std::string& entry_id,
                                     const std::string& staff, std::int64_t now,
                                     const std::vector<std::string>& phrasings, Teaching* taught) {
  Teaching t{0, item.id, entry_id, staff, now, {}, false};
  stores_.tx.Transaction([&] {
    for (const std::string& p : phrasings) {
      if (stores_.taught.Teach(entry_id, p, staff, now)) t.phrasings.push_back(p);
    }
    if (!t.phrasings.empty()) t.id = stores_.taught.RecordTeaching(t);
    stores_.triage.Resolve(item.id, "answered", item.answer, entry_id, staff);
  });
  if (taught != nullptr) *taught = t;
  if (knowledge_ != nullptr) knowledge_->Refresh();
  return Reread(item.id, false);
}

std::optional<Teaching> SupportDesk::Undo(std::int64_t teaching_id) {
  std::optional<Teaching> t;
  stores_.tx.Transaction([&] {
    t = stores_.taught.FindTeaching(teaching_id);
    if (!t || !stores_.taught.MarkUndone(teaching_id)) {
      t.reset();
      return;
    }
    for (const std::string& p : t->phrasings) stores_.taught.Forget(t->entry_id, p);
    stores_.triage.Resolve(t->item_id, "open", "", "", "");
  });
  if (t && knowledge_ != nullptr) knowledge_->Refresh();
  return t;
}

SupportDesk::Done SupportDesk::Answer(const TriageItem& item, const std::string& text,
                                      const std::string& staff) {
  stores_.tx.Transaction(
      [&] { stores_.triage.Resolve(item.id, "answered", text, item.entry_id, staff); });
  return Reread(item.id, true);
}

SupportDesk::Done SupportDesk::Dismiss(const TriageItem& item, const std::string& staff) {
  stores_.tx.Transaction([&] { stores_.triage.Resolve(item.id, "dismissed", "", "", staff); });
  return Reread(item.id, false);
}

std::optional<SupportDesk::Done> SupportDesk::Write(const TriageItem& item,
                                                    const LearnedEntry& entry,
                                                    const std::string& answer) {
  bool added = false;
  stores_.tx.Transaction([&] {
    added = stores_.taught.AddEntry(entry);
    if (added) stores_.triage.Resolve(item.id, "answered", answer, entry.id, entry.staff);
  });
  if (!added) return std::nullopt;
  if (knowledge_ != nullptr) knowledge_->Refresh();
  return Reread(item.id, true);
}

}  // namespace beian
