// The walkthrough's cross-field rules: the same phone number, ID number or
// e-mail address given for two people, or for one person twice.

#include "dialogs/walkthrough.h"

namespace beian {

bool Walkthrough::SamePerson(const WalkState& state) const {
  const auto p = state.answers.find("principal.id-number");
  const auto a = state.answers.find("admin.id-number");
  if (p != state.answers.end() && a != state.answers.end() && !p->second.hash.empty() &&
      !a->second.hash.empty()) {
    return p->second.hash == a->second.hash;
  }
  const auto f = state.facts.find("same_person");
  return f != state.facts.end() && f->second == "是";
}

std::optional<FieldAnswer> Walkthrough::CrossCheck(const WalkState& state, const Step& step,
                                                   const std::string& hash) const {
  for (const Step& other : form_.steps) {
    if (other.key == step.key || other.sensitive != step.sensitive || other.person.empty())
      continue;
    const auto it = state.answers.find(other.key);
    if (it == state.answers.end() || it->second.hash != hash) continue;
    const std::string who = PersonName(step.person);
    if (other.person == step.person) {
      if (step.sensitive == "mobile") {
        return FieldAnswer{"", "", "invalid", Say(Text::kWalkCrossEmergencySame, {{"who", who}}),
                           "error." + step.person + ".emergency-phone-shared"};
      }
      continue;
    }
    if (SamePerson(state)) continue;  // one person in both roles may reuse numbers
    const TextArgs args = {{"who", who}, {"other", PersonName(other.person)}};
    if (step.sensitive == "id")
      return FieldAnswer{"", "", "invalid", Say(Text::kWalkCrossIdShared, args), ""};
    if (step.sensitive == "email")
      return FieldAnswer{"", "", "warning", Say(Text::kWalkCrossEmailShared, args), ""};
    const bool emergency = step.role == "emergency";
    return FieldAnswer{
        "", "", "invalid",
        Say(Text::kWalkCrossPhoneShared, {{"who", who},
                                          {"other", PersonName(other.person)},
                                          {"label", other.label},
                                          {"field", Say(emergency ? Text::kWalkCrossFieldEmergency
                                                                  : Text::kWalkCrossFieldPhone)}}),
        "error." + step.person + (emergency ? ".emergency-phone-shared" : ".phone-shared")};
  }
  return std::nullopt;
}

void Walkthrough::CheckAdminId(const WalkState& state, const std::string& id,
                               FieldAnswer& answer) const {
  if (IsNonMainlandResidencePermit(id)) {
    answer.status = "warning";
    answer.message = Say(Text::kWalkAdminResidencePermit);
    answer.error_id = "error.admin.face-verify-id-only";
    return;
  }
  const auto said = state.facts.find("same_person");
  const auto principal = state.answers.find("principal.id-number");
  if (said == state.facts.end() || principal == state.answers.end()) return;
  const bool same = principal->second.hash == answer.hash;
  if (same != (said->second == "是")) {
    answer.status = "warning";
    answer.message = Say(same ? Text::kWalkAdminSameId : Text::kWalkAdminOtherId);
  }
}

}  // namespace beian
