#include "bot/ocr/screenshot.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cctype>

namespace beian {
namespace {

// Lines lower than this (original pixels), or read with a mean confidence
// below kMinConfidence, are too small or blurred to trust.
constexpr int kMinLineHeight = 9;
constexpr int kMinConfidence = 45;
// A red line needs this many characters to be worth matching ("必填" is not).
constexpr size_t kMinRedBytes = 4 * 3;

std::string AllText(const std::vector<OcrLine>& red, const std::vector<OcrLine>& page) {
  std::vector<std::string> lines;
  for (const auto* set : {&red, &page})
    for (const OcrLine& l : *set)
      if (!l.text.empty()) lines.push_back(l.text);
  return JoinLines(lines);
}

// The line without what an icon before it was read as ("@@【…", "©…"):
// leading characters other than letters, digits, opening brackets and
// Chinese text.
std::string Tidy(const std::string& line) {
  size_t i = 0;
  while (i < line.size()) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0xE0 || std::isalnum(c) || c == '[' || c == '(') break;
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
  }
  return line.substr(i);
}

// How closely `line` holds a platform error wording (0 when it holds none).
double ErrorScore(const Matcher& matcher, const std::string& line) {
  const MatchResult m = matcher.Match(line, 1);
  return m.errors > 0 ? m.matches.front().score : 0;
}

bool Readable(const OcrLine& l) {
  return !l.text.empty() && l.text_height >= kMinLineHeight && l.confidence >= kMinConfidence;
}

// Whether the page's text is mostly too small or blurred to read.
bool PageUnreadable(const std::vector<OcrLine>& red, const std::vector<OcrLine>& page) {
  for (const OcrLine& l : red)
    if (l.text.empty() || l.text_height < kMinLineHeight) return true;
  if (page.empty()) return false;  // no text at all: a photo, not a blurred form
  const auto readable = std::count_if(page.begin(), page.end(), Readable);
  return readable * 2 < static_cast<long>(page.size());
}

// The page's lines that hold an error wording. A wording wrapped onto the
// next line (a toast or a dialog is narrow: "【主体负责人手机号码】不" /
// "允许被多人使用") is read as one line with it.
std::vector<std::string> PageErrorLines(const std::vector<OcrLine>& page, const Matcher& matcher) {
  std::vector<std::string> out;
  for (size_t i = 0; i < page.size(); ++i) {
    if (!Readable(page[i])) continue;
    if (matcher.RecognisesError(page[i].text)) {
      out.push_back(Tidy(page[i].text));
    } else if (i + 1 < page.size() && Readable(page[i + 1])) {
      const std::string joined = page[i].text + page[i + 1].text;
      if (matcher.RecognisesError(joined) && !matcher.RecognisesError(page[i + 1].text)) {
        out.push_back(Tidy(joined));
        ++i;
      }
    }
  }
  return out;
}

}  // namespace

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += '\n';
    out += l;
  }
  return out;
}

std::string ScreenshotReading::UnderstoodText() const { return JoinLines(understood); }

ScreenshotReading Understand(const std::vector<OcrLine>& red, const std::vector<OcrLine>& page,
                             bool page_read, const Matcher& matcher, bool* needs_page) {
  ScreenshotReading r;
  r.ocr_text = AllText(red, page);
  *needs_page = false;
  std::vector<std::string> red_lines;
  for (const OcrLine& l : red) {
    if (!Readable(l) || l.text.size() < kMinRedBytes) continue;
    const bool other =
        !l.alternative.empty() && ErrorScore(matcher, l.alternative) > ErrorScore(matcher, l.text);
    red_lines.push_back(Tidy(other ? l.alternative : l.text));
  }
  if (!red_lines.empty()) {
    r.match = matcher.Match(JoinLines(red_lines));
    if (r.match.errors > 0) {
      r.verdict = ScreenshotVerdict::kErrors;
      r.understood = red_lines;
      return r;
    }
  }
  if (!page_read) {
    *needs_page = true;
    return r;
  }
  const std::vector<std::string> error_lines = PageErrorLines(page, matcher);
  if (!error_lines.empty()) {
    r.match = matcher.Match(JoinLines(error_lines));
    r.verdict = ScreenshotVerdict::kErrors;
    r.understood = error_lines;
    return r;
  }
  // Red text that reads like none of the platform's errors is answered only
  // when its best entry is an error: a red status ("管局审核中") is no error.
  if (!red_lines.empty() && r.match.answered &&
      r.match.matches.front().entry->kind == EntryKind::kError) {
    r.verdict = ScreenshotVerdict::kUnsure;
    r.understood = red_lines;
    return r;
  }
  r.match = MatchResult{};
  r.verdict =
      PageUnreadable(red, page) ? ScreenshotVerdict::kUnreadable : ScreenshotVerdict::kNoError;
  return r;
}

ScreenshotReading ReadScreenshot(std::string_view bytes, OcrEngine& engine, const Matcher& matcher,
                                 const ImageLimits& limits) {
  DecodedImage image = DecodeImage(bytes, limits);
  if (!image.pix) {
    ScreenshotReading r;
    r.verdict = ScreenshotVerdict::kBadImage;
    r.problem = image.problem;
    return r;
  }
  // A photo of a screen is often a little askew; rows of text must be level
  // for the red rows to be found (a level image comes back unchanged).
  if (PixPtr level{pixDeskew(image.pix.get(), 0)}) image.pix = std::move(level);
  const std::vector<OcrLine> red = engine.RedLines(*image.pix);
  bool needs_page = false;
  ScreenshotReading r = Understand(red, {}, false, matcher, &needs_page);
  if (!needs_page) return r;
  std::vector<OcrLine> page = engine.PageLines(*image.pix);
  for (OcrLine& l : engine.DarkBoxLines(*image.pix)) page.push_back(std::move(l));
  r = Understand(red, page, true, matcher, &needs_page);
  if (r.verdict != ScreenshotVerdict::kNoError) return r;
  // Light grey error text, or a form under a dark veil, is lost to the one
  // threshold of the page; a second reading with local thresholds finds it.
  // Only an error found that way counts. A page too small or blurred to read
  // is not read again: thresholds cannot sharpen it.
  const std::vector<OcrLine> local = engine.PageLines(*image.pix, OcrEngine::Threshold::kLocal);
  ScreenshotReading second = Understand(red, local, true, matcher, &needs_page);
  return second.verdict == ScreenshotVerdict::kErrors ? second : r;
}

const char* VerdictName(ScreenshotVerdict verdict) {
  switch (verdict) {
    case ScreenshotVerdict::kErrors:
      return "errors";
    case ScreenshotVerdict::kUnsure:
      return "unsure";
    case ScreenshotVerdict::kNoError:
      return "no_error";
    case ScreenshotVerdict::kUnreadable:
      return "unreadable";
    case ScreenshotVerdict::kBadImage:
      return "bad_image";
    case ScreenshotVerdict::kBusy:
      return "busy";
  }
  return "unknown";
}

}  // namespace beian
