#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// Every sentence the walkthrough and its checks say, by its id in
// dialogs/data/texts.json ("walk.where", "check.mobile.length" …). The code
// names a sentence by this enum; the wording lives only in the data file.
enum class Text {
  kWalkHelp,
  kWalkWhere,
  kWalkPartHeader,
  kWalkStartHead,
  kWalkStartPart,
  kWalkStartPrepare,
  kWalkStartUploadLimits,
  kWalkStartPrivacy,
  kWalkIntroExplain,
  kWalkIntroErrors,
  kWalkIntroError,
  kWalkIntroErrorFix,
  kWalkIntroNote,
  kWalkReprompt,
  kWalkAuto,
  kWalkConfirmDone,
  kWalkConfirmAsk,
  kWalkChoiceUnknown,
  kWalkChoiceOption,
  kWalkChoiceSeparator,
  kWalkSameRefused,
  kWalkInputNotAValue,
  kWalkInputRequired,
  kWalkRefused,
  kWalkRefusedKeep,
  kWalkRecordOk,
  kWalkRecordWarning,
  kWalkRecordConfirmed,
  kWalkPersonPrincipal,
  kWalkPersonAdmin,
  kWalkCrossEmergencySame,
  kWalkCrossIdShared,
  kWalkCrossEmailShared,
  kWalkCrossPhoneShared,
  kWalkCrossFieldPhone,
  kWalkCrossFieldEmergency,
  kWalkAdminResidencePermit,
  kWalkAdminSameId,
  kWalkAdminOtherId,
  kWalkStartInProgress,
  kWalkStartFinished,
  kWalkNoneActive,
  kWalkPaused,
  kWalkResumeFinished,
  kWalkResumeWelcome,
  kWalkSkipped,
  kWalkBackFirst,
  kWalkKeepNone,
  kWalkKeepKept,
  kWalkKeepUnknownError,
  kWalkKeepFix,
  kWalkProgressHead,
  kWalkProgressWhere,
  kWalkProgressPaused,
  kWalkProgressPart,
  kWalkProgressSkipped,
  kWalkProgressAuto,
  kWalkProgressNoWarnings,
  kWalkProgressWarnings,
  kWalkProgressWarning,
  kWalkSummaryComplete,
  kWalkSummaryPartial,
  kWalkSummaryUnfilled,
  kWalkSummarySkippedValue,
  kWalkSummaryHasWarning,
  kWalkSummaryLine,
  kWalkSummaryWarnings,
  kWalkSummaryWarning,
  kWalkSummaryWarningFix,
  kWalkSummarySkipped,
  kWalkSummarySkippedPart,
  kWalkSummarySkippedMore,
  kWalkSummaryMaterials,
  kWalkSummaryMaterial,
  kWalkSummaryEnd,
  kCheckOptionalNone,
  kCheckOtherIdTooShort,
  kCheckTextEmpty,
  kCheckCreditHan,
  kCheckCreditRegistrationNumber,
  kCheckCreditLength,
  kCheckCreditCharacter,
  kCheckCreditRegion,
  kCheckCreditPersonalId,
  kCheckCreditCheckCharacter,
  kCheckIdHan,
  kCheckIdOld,
  kCheckIdMobile,
  kCheckIdValidity,
  kCheckIdFormat,
  kCheckIdProvince,
  kCheckIdBirthDate,
  kCheckIdCheckDigit,
  kCheckMobileIdNumber,
  kCheckMobileDigits,
  kCheckMobileLandline,
  kCheckMobileLength,
  kCheckEmailFormat,
  kCheckValidityBadDate,
  kCheckValidityNoDate,
  kCheckValidityExpired,
  kCheckValidityShort,
  kCheckCompanyEmpty,
  kCheckCompanyStar,
  kCheckCompanyCode,
  kCheckCompanyNotChinese,
  kCheckIdAddressShort,
  kCheckIdAddressCode,
  kCheckIdAddressNotChinese,
  kCheckPersonLength,
  kCheckPersonDigits,
  kCheckIdTypeOrganisation,
  kCheckIdTypeResidencePermit,
  kCheckIdTypeHkMacauId,
  kCheckIdTypeUnknown,
  kCheckRegionNoProvince,
  kCheckRegionNoDistrict,
  kCheckMailShort,
  kCheckMailRepeated,
  kCheckMailNoHouseNumberSaid,
  kCheckMailNoHouseNumber,
  kCheckServiceEmpty,
  kCheckServiceTooMany,
  kCheckPreApprovalUnknown,
  kCheckPreApprovalChosen,
  kCheckRemarkShort,
  kCheckRemarkLong,
  kCount  // not a text: the number of texts
};

// The id of `text` in texts.json ("walk.where").
std::string_view TextId(Text text);

// Values for a text's {name} placeholders.
using TextArgs = std::map<std::string, std::string, std::less<>>;

// The sentences of texts.json. Immutable once loaded; thread-safe to read.
class Texts {
 public:
  Texts() = default;

  // Reads `file`: one JSON object of id → sentence (LoadStringTable). Throws
  // FormSpecError naming the file and the id when an id of the Text enum is
  // missing, when the file has an id the code does not know, or when a value
  // is no string.
  static Texts Load(const std::filesystem::path& file);

  // The sentence with every {name} found in `args` replaced by its value
  // (once: values are not scanned again). Placeholders without an argument
  // stay as written. Empty before Load.
  std::string operator()(Text text, const TextArgs& args = {}) const;

 private:
  std::vector<std::string> texts_;  // indexed by Text
};

// Replaces every {name} of `pattern` found in `args` by its value, once.
std::string RenderText(std::string_view pattern, const TextArgs& args);

}  // namespace beian
