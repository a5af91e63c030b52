#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bot/ocr/image.h"
#include "bot/ocr/ocr_engine.h"
#include "knowledge/matcher.h"

namespace beian {

// What a screenshot was found to say.
enum class ScreenshotVerdict {
  kErrors,      // one or more platform errors recognised: `match` answers them
  kUnsure,      // red text read but no error wording recognised; `match` is
                // retrieval's best guess — answer, and ask to confirm
  kNoError,     // readable, and no error on it
  kUnreadable,  // text too small or blurred to read: ask for the original
  kBadImage,    // not decoded: `problem` says why
  kBusy,        // not read: too many images waiting (OcrPool refused it)
};

struct ScreenshotReading {
  ScreenshotVerdict verdict = ScreenshotVerdict::kNoError;
  ImageProblem problem = ImageProblem::kNone;
  // The lines the answer is from (the red error lines, or the page's lines
  // that hold an error wording): quoted in the reply so a misread shows.
  std::vector<std::string> understood;
  std::string ocr_text;  // every line read, one a line (red lines first)
  MatchResult match;     // of `understood` joined by line breaks

  // `understood` joined by line breaks (what was matched, quoted and logged).
  std::string UnderstoodText() const;
};

// Lines joined by line breaks.
std::string JoinLines(const std::vector<std::string>& lines);

// From image bytes to what they say. The red text (the form's error colour)
// is read first and, when it holds an error, decides alone: the form's
// labels around it never compete with it. Otherwise the whole page is read
// and only lines holding a platform error wording count (a dialog or toast
// in black); when none does, once more with local thresholds (light grey
// text, a page under a dark veil). Text too small to read is reported as
// such, never guessed.
// `engine` is used from the calling thread only.
ScreenshotReading ReadScreenshot(std::string_view bytes, OcrEngine& engine, const Matcher& matcher,
                                 const ImageLimits& limits = {});

// The decision on already recognised lines (no image): `page` is empty when
// the page was not read. Pure; for tests.
//   needs_page  set when the red lines did not decide and the page should be
//               read and passed in a second call
ScreenshotReading Understand(const std::vector<OcrLine>& red, const std::vector<OcrLine>& page,
                             bool page_read, const Matcher& matcher, bool* needs_page);

// "kErrors" … as in JSON: "errors", "unsure", "no_error", "unreadable",
// "bad_image", "busy".
const char* VerdictName(ScreenshotVerdict verdict);

}  // namespace beian
