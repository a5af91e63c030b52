#include "storage/outcome.h"

#include <array>
#include <utility>

namespace beian {
namespace {

constexpr std::array<std::pair<Outcome, std::string_view>, 13> kOutcomes{{
    {Outcome::kWalkthrough, "walkthrough"},
    {Outcome::kAnswer, "answer"},
    {Outcome::kClarify, "clarify"},
    {Outcome::kDeclined, "declined"},
    {Outcome::kGreeting, "greeting"},
    {Outcome::kIgnored, "ignored"},
    {Outcome::kNonText, "non-text"},
    {Outcome::kDuplicate, "duplicate"},
    {Outcome::kRateLimited, "rate-limited"},
    {Outcome::kHandoff, "handoff"},
    {Outcome::kHandoffEnd, "handoff-end"},
    {Outcome::kHuman, "human"},
    {Outcome::kUnhelpful, "unhelpful"},
}};

constexpr std::array<std::pair<TriageReason, std::string_view>, 4> kReasons{{
    {TriageReason::kDeclined, "declined"},
    {TriageReason::kAmbiguous, "ambiguous"},
    {TriageReason::kUnhelpful, "unhelpful"},
    {TriageReason::kHuman, "human"},
}};

template <typename Enum, size_t N>
std::string_view NameIn(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

template <typename Enum, size_t N>
std::optional<Enum> ParseIn(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, n] : table) {
    if (n == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(Outcome outcome) { return NameIn(kOutcomes, outcome); }
std::optional<Outcome> ParseOutcome(std::string_view name) { return ParseIn(kOutcomes, name); }
std::string_view Name(TriageReason reason) { return NameIn(kReasons, reason); }
std::optional<TriageReason> ParseTriageReason(std::string_view name) {
  return ParseIn(kReasons, name);
}

}  // namespace beian
