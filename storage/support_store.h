#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/support_stores.h"

namespace beian {

// TRANSITIONAL — delete once the engine calls bot/support/support_turn.h.
// The engine (bot/core/engine.{h,cc}, restructured separately) still takes a
// SupportStore* and calls the stores' methods on it: this is SupportStores
// plus forwarders for exactly those calls (and engine_test's), nothing else.
// Everything new uses SupportStores; a SupportStore passes as one.
struct SupportStore : SupportStores {
  using SupportStores::SupportStores;

  bool MayHavePending(const Asker& a) const { return triage.MayHavePending(a); }
  std::vector<StaffAnswerFor> TakeAnswersFor(const Asker& a) { return triage.TakeAnswersFor(a); }
  std::string Triage(const std::string& key, const std::string& text, TriageReason reason,
                     const Asker& a, std::int64_t now) {
    return triage.Triage(key, text, reason, a, now);
  }
  std::vector<TriageItem> Items(const std::string& status, int limit) {
    return triage.Items(status, limit);
  }
  std::int64_t OpenTicket(const Asker& a, std::int64_t now, std::int64_t since) {
    return tickets.OpenTicket(a, now, since);
  }
  std::optional<std::int64_t> OpenTicketFor(const Asker& a, std::int64_t since) {
    return tickets.OpenTicketFor(a, since);
  }
  bool CloseTicket(std::int64_t id, std::int64_t now) { return tickets.CloseTicket(id, now); }
  void Log(const LoggedMessage& m) { log.Log(m); }
  std::vector<LoggedMessage> History(const std::string& platform, const std::string& chat,
                                     const std::string& user, int limit, std::int64_t since = 0) {
    return log.History(platform, chat, user, limit, since);
  }
  std::vector<std::pair<std::string, std::int64_t>> OutcomeCounts(std::int64_t since) {
    return log.OutcomeCounts(since);
  }
};

}  // namespace beian
