// What a message names, for the matcher: the parts of the form and their
// fields, a rejection's cues, another product or platform, and what it only
// compares with. Matching is in matcher.cc, building in matcher_build.cc.
#include <algorithm>

#include "knowledge/matcher.h"

namespace beian {

std::vector<int> Matcher::NamedSections(std::u32string_view canonical) const {
  std::vector<std::pair<size_t, int>> first;  // (where, section)
  const std::vector<size_t> found = FindSectionWords(canonical);
  for (size_t i = 0; i < section_words_.size(); ++i) {
    const int section = section_words_[i].section;
    const size_t at = found[i];
    if (at == std::u32string_view::npos) continue;
    auto it = std::find_if(first.begin(), first.end(),
                           [s = section](const auto& f) { return f.second == s; });
    if (it == first.end()) {
      first.emplace_back(at, section);
    } else {
      it->first = std::min(it->first, at);
    }
  }
  std::sort(first.begin(), first.end());
  std::vector<int> sections;
  for (const auto& [at, section] : first) {
    // "第四部分的邮箱可以跟主体负责人填同一个吗" and "小程序负责人那块的应急手机号
    // 可以填主体负责人的吗" ask about the fourth part only. A part compared
    // with is never the one asked about, even named first in the asking
    // clause ("…的手机号，能跟主体负责人填同一个吗").
    if (Compared(canonical, at, kComparedPartReach)) continue;
    if (sections.empty() || !Offered(canonical, at)) sections.push_back(section);
  }
  return sections;
}

bool Matcher::NamesPartWithField(std::u32string_view canonical) const {
  const std::vector<size_t> found = FindSectionWords(canonical);
  for (size_t i = 0; i < section_words_.size(); ++i) {
    if (!section_words_[i].after.empty() && found[i] != std::u32string_view::npos) return true;
  }
  return false;
}

bool Matcher::EndsWithAny(std::u32string_view text, const std::vector<std::u32string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return text.ends_with(w); });
}

bool Matcher::HasErrorCue(std::u32string_view canonical) const {
  if (canonical.find(U'不') == std::u32string_view::npos &&
      std::none_of(hypothetical_marks_.begin(), hypothetical_marks_.end(),
                   [&](const auto& m) { return canonical.find(m) != std::u32string_view::npos; }))
    return error_cues_.ContainsAny(canonical);
  std::u32string text(canonical);
  // A clause after 不然, 否则 … imagines a rejection; it reports none.
  for (const std::u32string& mark : hypothetical_marks_) {
    for (size_t at = text.find(mark); at != std::u32string::npos; at = text.find(mark, at + 1)) {
      const size_t end = std::min(text.find(Normalizer::kSeparator, at), text.size());
      std::fill(text.begin() + static_cast<std::ptrdiff_t>(at),
                text.begin() + static_cast<std::ptrdiff_t>(end), Normalizer::kSeparator);
    }
  }
  // "能不能", "行不行", "是不是" ask; their 不 is no rejection.
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if (text[i] == U'不' && text[i - 1] == text[i + 1]) text[i] = Normalizer::kSeparator;
  }
  return error_cues_.ContainsAny(text);
}

std::vector<size_t> Matcher::FindSectionWords(std::u32string_view canonical) const {
  std::vector<size_t> found(section_words_.size(), std::u32string_view::npos);
  for (size_t at = 0; at < canonical.size(); ++at) {
    section_befores_.Each(canonical, at, [&](size_t, std::uint32_t of) {
      for (const std::uint32_t i : section_words_of_[of]) {
        if (found[i] == std::u32string_view::npos && FieldFollows(canonical, at, section_words_[i]))
          found[i] = at;
      }
      return false;
    });
  }
  for (size_t i = 0; i < section_words_.size(); ++i) {
    if (found[i] == std::u32string_view::npos)
      found[i] = FindAfterthought(canonical, section_words_[i]);
  }
  return found;
}

bool Matcher::FieldFollows(std::u32string_view canonical, size_t at, const SectionWord& w) const {
  if (w.after.empty()) return true;
  size_t i = at + w.before.size();
  for (int steps = 0; steps < 6 && !canonical.substr(i).starts_with(w.after); ++steps) {
    if (i < canonical.size() && canonical[i] == Normalizer::kSeparator) {
      ++i;
      continue;
    }
    const auto it = std::find_if(part_locators_.begin(), part_locators_.end(),
                                 [&](const auto& l) { return canonical.substr(i).starts_with(l); });
    if (it == part_locators_.end()) break;
    i += it->size();
  }
  return canonical.substr(i).starts_with(w.after);
}

size_t Matcher::FindAfterthought(std::u32string_view canonical, const SectionWord& w) const {
  if (w.after.empty()) return std::u32string_view::npos;
  for (size_t field = canonical.find(w.after); field != std::u32string_view::npos;
       field = canonical.find(w.after, field + 1)) {
    const size_t from = field + w.after.size();
    const std::u32string_view reach = canonical.substr(from, kAfterthoughtReach + w.before.size());
    for (size_t at = reach.find(w.before); at != std::u32string_view::npos;
         at = reach.find(w.before, at + 1)) {
      const std::u32string_view rest = canonical.substr(from + at + w.before.size());
      if (std::any_of(part_locators_.begin(), part_locators_.end(),
                      [&](const auto& l) { return l.size() >= 2 && rest.starts_with(l); })) {
        return from + at;
      }
    }
  }
  return std::u32string_view::npos;
}

std::string Matcher::OtherProduct(std::u32string_view canonical, std::u32string_view compact,
                                  bool pasted) const {
  const bool wechat = NamesBeyondComparing(canonical, wechat_, wechat_.size() + kComparisonReach);
  const bool mini_program = canonical.find(mini_program_) != std::u32string_view::npos;
  for (const std::u32string& p : other_platforms_) {
    if (!wechat && (Followed(canonical, p, mini_program_, kPlatformReach, kPlatformVerbMarks) ||
                    Followed(canonical, p, filing_, kPlatformFilingReach)))
      return "其他平台的小程序";
  }
  if (!pasted && OtherVerification(canonical, wechat)) return "其他产品的认证";
  const auto told_as_past = [&](std::u32string_view service) {
    return std::any_of(kPastMarks.begin(), kPastMarks.end(), [&](const char32_t& mark) {
      return Followed(canonical, std::u32string_view(&mark, 1), service, kPastReach);
    });
  };
  // "有网站ICP号了还用办?", "官网有备案号": a number the company has.
  const auto has_number = [&](std::u32string_view service) {
    return (Followed(canonical, U"有", service, kPastReach) &&
            Followed(canonical, service, filing_number_, 6)) ||
           Followed(canonical, service, has_filing_number_, 6);
  };
  for (const std::u32string& s : other_services_) {
    if (!pasted && !mini_program && Followed(canonical, s, filing_, 6, kPastMarks) &&
        !told_as_past(s) && !has_number(s) &&
        NamesBeyondComparing(canonical, s, kComparedPartReach))
      return "其他产品的备案";
  }
  if (OtherSender(canonical)) return "其他来源的短信";
  if (task_requests_.ContainsAny(compact) || AsksForCode(canonical)) return "代写代码与翻译";
  return "";
}

bool Matcher::OtherVerification(std::u32string_view canonical, bool wechat) const {
  if (canonical.find(verification_) == std::u32string_view::npos ||
      canonical.find(filing_) != std::u32string_view::npos)
    return false;
  const auto verified = [&](const std::u32string& p) {
    return Followed(canonical, p, verification_, kVerifyReach) &&
           NamesBeyondComparing(canonical, p, kComparedPartReach);
  };
  return std::any_of(other_verifications_.begin(), other_verifications_.end(), verified) ||
         (!wechat && std::any_of(other_platforms_.begin(), other_platforms_.end(), verified));
}

bool Matcher::OtherSender(std::u32string_view canonical) const {
  // Only the stretch around each 短信 can hold its sender.
  const size_t side = kSenderReach + kLongestSender;
  for (size_t at = canonical.find(text_message_); at != std::u32string_view::npos;
       at = canonical.find(text_message_, at + 1)) {
    const size_t from = at > side ? at - side : 0;
    const std::u32string_view near =
        canonical.substr(from, at - from + text_message_.size() + side);
    for (const std::u32string& sender : other_senders_) {
      if ((Followed(near, sender, text_message_, kSenderReach) ||
           Followed(near, text_message_, sender, kSenderReach)) &&
          NamesBeyondComparing(canonical, sender, kComparisonReach))
        return true;
    }
  }
  return false;
}

bool Matcher::AsksForCode(std::u32string_view canonical) const {
  for (const std::u32string& verb : task_verbs_) {
    for (size_t at = canonical.find(verb); at != std::u32string_view::npos;
         at = canonical.find(verb, at + 1)) {
      const std::u32string_view reach = canonical.substr(at + verb.size(), kTaskReach);
      for (const std::u32string& object : task_objects_) {
        const size_t where = reach.find(object);
        if (where != std::u32string_view::npos && !reach.substr(0, where).ends_with(U"信用") &&
            !reach.substr(0, where).ends_with(U"机构"))
          return true;
      }
    }
  }
  return false;
}

bool Matcher::Compared(std::u32string_view canonical, size_t at, size_t reach) const {
  return EndsWithAny(canonical.substr(0, at), comparison_links_) &&
         comparison_words_.ContainsAny(canonical.substr(at, reach));
}

bool Matcher::Offered(std::u32string_view canonical, size_t at) const {
  // "填主体负责人的", "非得填法人吗" offer a person; "填了第四页" says where it went.
  return EndsWithAny(canonical.substr(0, at), value_links_) &&
         (canonical.substr(at, kOfferedReach).find_first_of(U"的吗") != std::u32string_view::npos ||
          canonical.substr(at, kOfferedChoiceReach).find(U"还是") != std::u32string_view::npos);
}

bool Matcher::NamesBeyondComparing(std::u32string_view canonical, std::u32string_view word,
                                   size_t reach) const {
  for (size_t at = canonical.find(word); at != std::u32string_view::npos;
       at = canonical.find(word, at + 1)) {
    if (!Compared(canonical, at, reach)) return true;
  }
  return false;
}

bool Matcher::IsNamedSection(int section) const {
  return std::any_of(section_words_.begin(), section_words_.end(),
                     [&](const SectionWord& w) { return w.section == section; });
}

std::uint64_t Matcher::FieldsNamed(std::u32string_view canonical) const {
  std::uint64_t named = 0;
  for (size_t i = 0; i < field_words_.size(); ++i) {
    if (canonical.find(field_words_[i]) != std::u32string_view::npos) named |= 1ULL << i;
  }
  return named;
}

}  // namespace beian
