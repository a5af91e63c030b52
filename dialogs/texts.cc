#include "dialogs/texts.h"

#include <iterator>

#include "dialogs/id_table.h"

namespace beian {
namespace {

// The data table of text ids, in the order of the Text enum.
constexpr std::pair<Text, std::string_view> kTextIds[] = {
    {Text::kWalkHelp, "walk.help"},
    {Text::kWalkWhere, "walk.where"},
    {Text::kWalkPartHeader, "walk.part-header"},
    {Text::kWalkStartHead, "walk.start.head"},
    {Text::kWalkStartPart, "walk.start.part"},
    {Text::kWalkStartPrepare, "walk.start.prepare"},
    {Text::kWalkStartUploadLimits, "walk.start.upload-limits"},
    {Text::kWalkStartPrivacy, "walk.start.privacy"},
    {Text::kWalkIntroExplain, "walk.intro.explain"},
    {Text::kWalkIntroErrors, "walk.intro.errors"},
    {Text::kWalkIntroError, "walk.intro.error"},
    {Text::kWalkIntroErrorFix, "walk.intro.error-fix"},
    {Text::kWalkIntroNote, "walk.intro.note"},
    {Text::kWalkReprompt, "walk.reprompt"},
    {Text::kWalkAuto, "walk.auto"},
    {Text::kWalkConfirmDone, "walk.confirm.done"},
    {Text::kWalkConfirmAsk, "walk.confirm.ask"},
    {Text::kWalkChoiceUnknown, "walk.choice.unknown"},
    {Text::kWalkChoiceOption, "walk.choice.option"},
    {Text::kWalkChoiceSeparator, "walk.choice.separator"},
    {Text::kWalkSameRefused, "walk.same.refused"},
    {Text::kWalkInputNotAValue, "walk.input.not-a-value"},
    {Text::kWalkInputRequired, "walk.input.required"},
    {Text::kWalkRefused, "walk.refused"},
    {Text::kWalkRefusedKeep, "walk.refused.keep"},
    {Text::kWalkRecordOk, "walk.record.ok"},
    {Text::kWalkRecordWarning, "walk.record.warning"},
    {Text::kWalkRecordConfirmed, "walk.record.confirmed"},
    {Text::kWalkPersonPrincipal, "walk.person.principal"},
    {Text::kWalkPersonAdmin, "walk.person.admin"},
    {Text::kWalkCrossEmergencySame, "walk.cross.emergency-same"},
    {Text::kWalkCrossIdShared, "walk.cross.id-shared"},
    {Text::kWalkCrossEmailShared, "walk.cross.email-shared"},
    {Text::kWalkCrossPhoneShared, "walk.cross.phone-shared"},
    {Text::kWalkCrossFieldPhone, "walk.cross.field.phone"},
    {Text::kWalkCrossFieldEmergency, "walk.cross.field.emergency"},
    {Text::kWalkAdminResidencePermit, "walk.admin.residence-permit"},
    {Text::kWalkAdminSameId, "walk.admin.same-id"},
    {Text::kWalkAdminOtherId, "walk.admin.other-id"},
    {Text::kWalkStartInProgress, "walk.start.in-progress"},
    {Text::kWalkStartFinished, "walk.start.finished"},
    {Text::kWalkNoneActive, "walk.none-active"},
    {Text::kWalkPaused, "walk.paused"},
    {Text::kWalkResumeFinished, "walk.resume.finished"},
    {Text::kWalkResumeWelcome, "walk.resume.welcome"},
    {Text::kWalkSkipped, "walk.skipped"},
    {Text::kWalkBackFirst, "walk.back.first"},
    {Text::kWalkKeepNone, "walk.keep.none"},
    {Text::kWalkKeepKept, "walk.keep.kept"},
    {Text::kWalkKeepUnknownError, "walk.keep.unknown-error"},
    {Text::kWalkKeepFix, "walk.keep.fix"},
    {Text::kWalkProgressHead, "walk.progress.head"},
    {Text::kWalkProgressWhere, "walk.progress.where"},
    {Text::kWalkProgressPaused, "walk.progress.paused"},
    {Text::kWalkProgressPart, "walk.progress.part"},
    {Text::kWalkProgressSkipped, "walk.progress.skipped"},
    {Text::kWalkProgressAuto, "walk.progress.auto"},
    {Text::kWalkProgressNoWarnings, "walk.progress.no-warnings"},
    {Text::kWalkProgressWarnings, "walk.progress.warnings"},
    {Text::kWalkProgressWarning, "walk.progress.warning"},
    {Text::kWalkSummaryComplete, "walk.summary.complete"},
    {Text::kWalkSummaryPartial, "walk.summary.partial"},
    {Text::kWalkSummaryUnfilled, "walk.summary.unfilled"},
    {Text::kWalkSummarySkippedValue, "walk.summary.skipped-value"},
    {Text::kWalkSummaryHasWarning, "walk.summary.has-warning"},
    {Text::kWalkSummaryLine, "walk.summary.line"},
    {Text::kWalkSummaryWarnings, "walk.summary.warnings"},
    {Text::kWalkSummaryWarning, "walk.summary.warning"},
    {Text::kWalkSummaryWarningFix, "walk.summary.warning-fix"},
    {Text::kWalkSummarySkipped, "walk.summary.skipped"},
    {Text::kWalkSummarySkippedPart, "walk.summary.skipped-part"},
    {Text::kWalkSummarySkippedMore, "walk.summary.skipped-more"},
    {Text::kWalkSummaryMaterials, "walk.summary.materials"},
    {Text::kWalkSummaryMaterial, "walk.summary.material"},
    {Text::kWalkSummaryEnd, "walk.summary.end"},
    {Text::kCheckOptionalNone, "check.optional.none"},
    {Text::kCheckOtherIdTooShort, "check.other-id.too-short"},
    {Text::kCheckTextEmpty, "check.text.empty"},
    {Text::kCheckCreditHan, "check.credit.han"},
    {Text::kCheckCreditRegistrationNumber, "check.credit.registration-number"},
    {Text::kCheckCreditLength, "check.credit.length"},
    {Text::kCheckCreditCharacter, "check.credit.character"},
    {Text::kCheckCreditRegion, "check.credit.region"},
    {Text::kCheckCreditPersonalId, "check.credit.personal-id"},
    {Text::kCheckCreditCheckCharacter, "check.credit.check-character"},
    {Text::kCheckIdHan, "check.id.han"},
    {Text::kCheckIdOld, "check.id.old"},
    {Text::kCheckIdMobile, "check.id.mobile"},
    {Text::kCheckIdValidity, "check.id.validity"},
    {Text::kCheckIdFormat, "check.id.format"},
    {Text::kCheckIdProvince, "check.id.province"},
    {Text::kCheckIdBirthDate, "check.id.birth-date"},
    {Text::kCheckIdCheckDigit, "check.id.check-digit"},
    {Text::kCheckMobileIdNumber, "check.mobile.id-number"},
    {Text::kCheckMobileDigits, "check.mobile.digits"},
    {Text::kCheckMobileLandline, "check.mobile.landline"},
    {Text::kCheckMobileLength, "check.mobile.length"},
    {Text::kCheckEmailFormat, "check.email.format"},
    {Text::kCheckValidityBadDate, "check.validity.bad-date"},
    {Text::kCheckValidityNoDate, "check.validity.no-date"},
    {Text::kCheckValidityExpired, "check.validity.expired"},
    {Text::kCheckValidityShort, "check.validity.short"},
    {Text::kCheckCompanyEmpty, "check.company.empty"},
    {Text::kCheckCompanyStar, "check.company.star"},
    {Text::kCheckCompanyCode, "check.company.code"},
    {Text::kCheckCompanyNotChinese, "check.company.not-chinese"},
    {Text::kCheckIdAddressShort, "check.id-address.short"},
    {Text::kCheckIdAddressCode, "check.id-address.code"},
    {Text::kCheckIdAddressNotChinese, "check.id-address.not-chinese"},
    {Text::kCheckPersonLength, "check.person.length"},
    {Text::kCheckPersonDigits, "check.person.digits"},
    {Text::kCheckIdTypeOrganisation, "check.id-type.organisation"},
    {Text::kCheckIdTypeResidencePermit, "check.id-type.residence-permit"},
    {Text::kCheckIdTypeHkMacauId, "check.id-type.hk-macau-id"},
    {Text::kCheckIdTypeUnknown, "check.id-type.unknown"},
    {Text::kCheckRegionNoProvince, "check.region.no-province"},
    {Text::kCheckRegionNoDistrict, "check.region.no-district"},
    {Text::kCheckMailShort, "check.mail.short"},
    {Text::kCheckMailRepeated, "check.mail.repeated"},
    {Text::kCheckMailNoHouseNumberSaid, "check.mail.no-house-number-said"},
    {Text::kCheckMailNoHouseNumber, "check.mail.no-house-number"},
    {Text::kCheckServiceEmpty, "check.service.empty"},
    {Text::kCheckServiceTooMany, "check.service.too-many"},
    {Text::kCheckPreApprovalUnknown, "check.pre-approval.unknown"},
    {Text::kCheckPreApprovalChosen, "check.pre-approval.chosen"},
    {Text::kCheckRemarkShort, "check.remark.short"},
    {Text::kCheckRemarkLong, "check.remark.long"},
};

static_assert(ListsEnumInOrder(kTextIds),
              "kTextIds must list every Text, in the order of the enum");

}  // namespace

std::string_view TextId(Text text) { return kTextIds[static_cast<size_t>(text)].second; }

Texts Texts::Load(const std::filesystem::path& file) {
  Texts texts;
  texts.texts_ = LoadStringTable(file, IdsOf(kTextIds), "text");
  return texts;
}

std::string Texts::operator()(Text text, const TextArgs& args) const {
  const auto i = static_cast<size_t>(text);
  return i < texts_.size() ? RenderText(texts_[i], args) : std::string();
}

std::string RenderText(std::string_view pattern, const TextArgs& args) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    const size_t open = pattern.find('{', i);
    const size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) break;
    const auto arg = args.find(pattern.substr(open + 1, close - open - 1));
    out.append(pattern.substr(i, open - i));
    if (arg != args.end()) {
      out += arg->second;
    } else {
      out.append(pattern.substr(open, close - open + 1));
    }
    i = close + 1;
  }
  return out.append(pattern.substr(std::min(i, pattern.size())));
}

}  // namespace beian
