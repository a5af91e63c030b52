#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace beian {

// What an entry explains: one form field, one platform error message, one
// community question, or a general rule.
enum class EntryKind { kField, kError, kFaq, kNote };

// How sure the answer is; an answer never sounds surer than this.
//   kCertain   official WeChat / MIIT text
//   kLikely    several independent sources agree
//   kUncertain one non-official source, dated, or sources conflict
//   kVaries    the rule differs by province
enum class Certainty { kCertain, kLikely, kUncertain, kVaries };

enum class SourceKind { kGuide, kCommunity, kFact };

struct Source {
  SourceKind kind = SourceKind::kGuide;
  std::string detail;  // Chinese description, e.g. "官方指南 · 第2部分"
  std::string url;     // may be empty
  std::string facts;   // maintainers only: the domain-facts rows behind it; may be empty
};

// One knowledge-base entry, as written in knowledge/data/*.json
// (format: docs/kb-format.md). Immutable once loaded.
struct Entry {
  std::string id;
  EntryKind kind = EntryKind::kNote;
  int section = 0;              // 1..5 = part of the form, 0 = general
  std::optional<int> field_no;  // circled number in the guide
  std::string field_name;       // may be empty
  std::string title;
  std::vector<std::string> error_texts;  // platform wording; "XX" = variable part
  std::string summary;
  std::vector<std::string> steps;
  std::vector<std::string> notes;
  std::vector<std::string> related;
  Source source;
  Certainty certainty = Certainty::kCertain;
  std::vector<std::string> aliases;
  std::string file;  // the data file it came from, for messages
};

// String forms used in the JSON files and in `lookup --json`.
std::string_view ToString(EntryKind kind);
std::string_view ToString(Certainty certainty);
std::string_view ToString(SourceKind kind);
std::optional<EntryKind> ParseEntryKind(std::string_view s);
std::optional<Certainty> ParseCertainty(std::string_view s);
std::optional<SourceKind> ParseSourceKind(std::string_view s);

// The Chinese labels of these values are data: Labels (knowledge/labels.h),
// read from labels.json.

}  // namespace beian
