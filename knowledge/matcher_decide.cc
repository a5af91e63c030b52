// How the matcher decides from its ranked matches: answer, ask which one
// is meant, or decline (Matcher::DecideByErrors, DecideByScores and the
// leads they weigh). Matching is in matcher.cc.
#include <algorithm>
#include <cmath>

#include "knowledge/matcher.h"

namespace beian {
namespace {

// The score a long message must reach under the kLong rule (see matcher.h).
double LongThreshold(double evidence) {
  return std::max(Matcher::kLongMinThreshold,
                  Matcher::kLongThreshold * std::sqrt(Matcher::kStrongEvidence / evidence));
}

}  // namespace

void Matcher::DecideByErrors(const std::vector<ErrorMatcher::Hit>& error_hits,
                             const ErrorMatcher::Hit& best, MatchResult& result) const {
  result.answered = true;
  if (result.errors > 1) result.ambiguous = false;  // several errors: answer them all
  if (!result.ambiguous) return;
  // The tied error goes second, right after the best one.
  const auto& entries = kb_->entries();
  for (const auto& hit : error_hits) {
    if (hit.owner == best.owner) continue;
    auto it = std::find_if(result.matches.begin(), result.matches.end(),
                           [&](const beian::Match& m) { return m.entry == &entries[hit.owner]; });
    if (it != result.matches.end() && it != result.matches.begin() + 1) {
      beian::Match tied = *it;
      tied.score = 1.0 + hit.similarity;
      result.matches.erase(it);
      result.matches.insert(result.matches.begin() + 1, tied);
    } else if (it == result.matches.end()) {
      result.matches.insert(result.matches.begin() + 1,
                            {&entries[hit.owner], 1.0 + hit.similarity, MatchVia::kErrorText});
    }
    break;
  }
}

bool Matcher::HintLed(std::u32string_view hinted, std::size_t best, bool error_cue,
                      const MatchResult& result) const {
  if (hinted.empty()) return false;
  const double score = result.matches[0].score;
  const double second = result.matches.size() > 1 ? result.matches[1].score : 0;
  if (score < kHintLedThreshold || score < kHintLedRatio * second) return false;
  const auto own = index_.Search(hinted, 1, {});
  if (own.empty()) return false;
  if (own[0].doc == best) return true;
  // A reported rejection of the field the hints name ("介绍小程序是干啥的那段
  // …被退回了"): the hints find the field, the report its error.
  const auto& entries = kb_->entries();
  return error_cue && entries[best].kind == EntryKind::kError &&
         entries[best].section == entries[own[0].doc].section &&
         (entry_fields_[best] & entry_fields_[own[0].doc]) != 0;
}

void Matcher::RelatedNoteFirst(std::u32string_view hinted, MatchResult& result) const {
  if (hinted.empty() || result.matches.empty()) return;
  const Entry& error = *result.matches[0].entry;
  if (error.kind != EntryKind::kError) return;
  const auto own = index_.Search(hinted, 2, {});
  const auto explains = [&](const auto& hit) {
    const Entry& e = kb_->entries()[hit.doc];
    return e.kind == EntryKind::kNote &&
           std::find(error.related.begin(), error.related.end(), e.id) != error.related.end();
  };
  const auto found = std::find_if(own.begin(), own.end(), explains);
  if (found == own.end()) return;
  const Entry& note = kb_->entries()[found->doc];
  const auto it = std::find_if(result.matches.begin(), result.matches.end(),
                               [&](const beian::Match& m) { return m.entry == &note; });
  if (it != result.matches.end() && it->score >= kRelatedNoteShare * result.matches[0].score)
    std::rotate(result.matches.begin(), it, it + 1);
}

bool Matcher::SlimLead(const beian::Match& best, double second) {
  return best.evidence >= kAnchoredSlimEvidence && best.score >= kAnchoredSlimThreshold &&
         best.score >= kAnchoredSlimRatio * second && best.coverage >= kAnchoredSlimCoverage &&
         best.best_text >= kAnchoredSlimText;
}

double Matcher::RunnerUpInPart(const std::vector<beian::Match>& matches, int section) const {
  for (size_t i = 1; i < matches.size(); ++i) {
    const int own = matches[i].entry->section;
    if (own == section || !IsNamedSection(own)) return matches[i].score;
  }
  return 0;
}

void Matcher::DecideByScores(std::u32string_view canonical, std::optional<int> named,
                             bool names_field, double evidence, bool off_topic, bool error_cue,
                             MatchResult& result) const {
  const double best = result.matches[0].score;
  const double second = result.matches.size() > 1 ? result.matches[1].score : 0;
  // A clear lead also answers: long messages dilute the score with chatter
  // while one entry still stands far ahead of the rest.
  const bool named_top = named && result.matches[0].entry->section == *named;
  // The anchored lead: the message names the entry's part, or it names the
  // filing or reports the rejection its best entry (an error) explains.
  const bool reported_error = error_cue && result.matches[0].entry->kind == EntryKind::kError;
  const bool anchored_lead =
      best >= (reported_error ? kReportedErrorLead : kAnchoredLeadRatio) * second &&
      ((named_top && best >= kAnchoredLeadThreshold) ||
       ((result.in_domain || reported_error) && evidence >= kAnchoredLeadEvidence &&
        best >= (reported_error ? kReportedErrorThreshold : kAnchoredLeadThreshold)));
  const bool confident = best >= kAnswerThreshold || (named_top && best >= kNamedThreshold) ||
                         anchored_lead || (best >= kLeadThreshold && best >= kLeadRatio * second) ||
                         (named_top && names_field && best >= kNamedFieldThreshold &&
                          best >= kAnchoredLeadRatio * RunnerUpInPart(result.matches, *named)) ||
                         (result.in_domain && SlimLead(result.matches[0], second)) ||
                         (result.in_domain && best >= kAnchoredClearRatio * second &&
                          best >= (names_field ? kNamedFieldThreshold : kAnchoredClearThreshold)) ||
                         (evidence >= kStrongEvidence && best >= kStrongEvidenceThreshold &&
                          best >= kStrongEvidenceLead * second) ||
                         (evidence >= kClearLeadEvidence && best >= kClearLeadThreshold &&
                          best >= kClearLeadRatio * second) ||
                         (evidence > kStrongEvidence && best >= LongThreshold(evidence) &&
                          best >= kLongLeadRatio * second) ||
                         (result.in_domain && evidence > kStrongEvidence &&
                          best >= kLongMinThreshold && best >= kLongClearRatio * second);
  const bool close_second = result.matches.size() > 1 && second >= kAmbiguityRatio * best;
  // A word, not a stray letter ("x") or digit.
  const bool word = std::count_if(canonical.begin(), canonical.end(), IsCjk) >= 2;
  const bool thin = word && evidence < kMinEvidence && evidence >= kThinEvidence &&
                    best >= kThinThreshold && result.matches.size() > 1 &&
                    second >= kThinRatio * best;
  const bool close_call = evidence >= kCloseCallEvidence &&
                          best >= std::min(kCloseCallThreshold, LongThreshold(evidence)) &&
                          second >= kCloseCallRatio * best;  // second is 0 without a runner-up
  result.answered = !off_topic && ((confident && (evidence >= kMinEvidence || thin)) || close_call);
  result.ambiguous = result.answered && (close_second || thin || (close_call && !confident));
}

}  // namespace beian
