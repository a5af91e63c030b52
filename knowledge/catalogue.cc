#include "knowledge/catalogue.h"

#include <array>

namespace beian {
namespace {

// Copied from ../shared/kb-catalogue.md; tests/knowledge/catalogue_test.cc
// checks that the two agree. Ids never change and are never reused.
constexpr std::array<std::string_view, 63> kIds{
    "note.materials.upload-limits",
    "note.host.data-delay",
    "faq.process.review-stages",
    "field.host.region",
    "field.host.nature",
    "field.host.id-type",
    "field.host.id-upload",
    "field.host.name",
    "field.host.id-address",
    "field.host.id-number",
    "field.host.mail-address",
    "field.host.remark",
    "error.host.region-already-filed",
    "error.host.license-expiring",
    "error.host.name-mismatch",
    "error.host.name-empty",
    "error.host.id-address-mismatch",
    "error.host.id-number-not-found",
    "error.host.mail-address-no-house-number",
    "field.principal.id-type",
    "field.principal.id-upload",
    "field.principal.name",
    "field.principal.id-number",
    "field.principal.id-validity",
    "field.principal.phone",
    "field.principal.sms-code",
    "field.principal.emergency-phone",
    "field.principal.email",
    "error.principal.not-legal-rep",
    "error.principal.four-factor-failed",
    "error.principal.phone-shared",
    "error.principal.emergency-phone-shared",
    "error.sms-code-invalid",
    "field.app.service-type",
    "field.app.pre-approval",
    "field.app.remark",
    "error.app.service-type-over-limit",
    "error.app.pre-approval-required",
    "error.app.pre-approval-none",
    "error.app.remark-format",
    "field.admin.id-type",
    "field.admin.id-upload",
    "field.admin.name",
    "field.admin.id-number",
    "field.admin.id-validity",
    "field.admin.phone",
    "field.admin.sms-code",
    "field.admin.emergency-phone",
    "field.admin.email",
    "field.admin.face-verify",
    "error.admin.name-mismatch",
    "error.admin.id-number-mismatch",
    "error.admin.phone-shared",
    "error.admin.emergency-phone-shared",
    "error.admin.face-verify-id-only",
    "field.other.commitment",
    "error.other.commitment-no-seal",
    "faq.principal.must-be-legal-rep",
    "faq.host.reused-subject-address",
    "faq.review.edit-contact-during-review",
    "faq.review.add-category-after-filing",
    "faq.sms.not-received",
    "faq.sms.verify-failed",
};

}  // namespace

std::span<const std::string_view> CatalogueIds() { return kIds; }

}  // namespace beian
