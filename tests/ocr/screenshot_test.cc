// The screenshot reader (issue #25): decoding with limits, finding red error
// text, the decision on what was read, the pool, the reply.
#include "bot/ocr/screenshot.h"

#include <doctest/doctest.h>
#include <leptonica/allheaders.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "bot/core/screenshot_reply.h"
#include "bot/ocr/dark_boxes.h"
#include "bot/ocr/ocr_pool.h"
#include "bot/ocr/red_text.h"
#include "tests/test_support.h"

namespace beian {
namespace {

const std::filesystem::path kShots = BEIAN_TEST_SCREENSHOTS;
const std::filesystem::path kEdge = BEIAN_TEST_IMAGES_EDGE;

std::string Bytes(const std::filesystem::path& p) {
  const auto b = ReadImageFile(p);
  REQUIRE(b);
  return *b;
}

// One engine for the whole file: loading the model is the slow part.
OcrEngine& Engine() {
  static OcrEngine engine;
  return engine;
}

ScreenshotReading Read(const std::filesystem::path& p) {
  return ReadScreenshot(Bytes(p), Engine(), test::ShippedMatcher());
}

TEST_CASE("images are refused before decoding when too large, foreign or broken") {
  CHECK(DecodeImage("").problem == ImageProblem::kEmpty);
  CHECK(DecodeImage(Bytes(kEdge / "huge-dimensions.png")).problem == ImageProblem::kTooManyPixels);
  CHECK(DecodeImage(Bytes(kEdge / "huge-dimensions.jpg")).problem == ImageProblem::kTooManyPixels);
  CHECK(DecodeImage(Bytes(kEdge / "truncated.png")).problem == ImageProblem::kCorrupt);
  CHECK(DecodeImage(Bytes(kEdge / "picture.gif")).problem == ImageProblem::kUnsupported);
  CHECK(DecodeImage(Bytes(kEdge / "picture.tiff")).problem == ImageProblem::kUnsupported);
  CHECK(DecodeImage(Bytes(kEdge / "not-an-image.png")).problem == ImageProblem::kUnsupported);
  const std::string png = Bytes(kShots / "principal-phone-shared-1x.png");
  ImageLimits small_file, small_picture;
  small_file.max_bytes = png.size() - 1;
  small_picture.max_pixels = 750 * 1334 - 1;
  CHECK(DecodeImage(png, small_file).problem == ImageProblem::kTooLarge);
  CHECK(DecodeImage(png, small_picture).problem == ImageProblem::kTooManyPixels);
  const DecodedImage ok = DecodeImage(png);
  REQUIRE(ok.pix);
  CHECK(pixGetWidth(ok.pix.get()) == 750);
}

TEST_CASE("ReadImageFile reads no more than one byte past the limit") {
  ImageLimits limits;
  limits.max_bytes = 100;
  const auto b = ReadImageFile(kEdge / "admin-emergency-phone-shared.bmp", limits);
  REQUIRE(b);
  CHECK(b->size() == 101);
  CHECK_FALSE(ReadImageFile(kEdge / "no-such-file.png"));
}

// A white 32 bpp page to draw red shapes on.
PixPtr Page(int w, int h) {
  PixPtr p(pixCreate(w, h, 32));
  pixSetAll(p.get());
  return p;
}

void Fill(Pix* p, int x, int y, int w, int h) {
  BOX* b = boxCreate(x, y, w, h);
  pixSetInRectArbitrary(p, b, 0);
  boxDestroy(&b);
  (void)p;
}

void Paint(Pix* p, int x, int y, int w, int h, int r, int g, int b) {
  l_uint32 colour = 0;
  composeRGBPixel(r, g, b, &colour);
  BOX* box = boxCreate(x, y, w, h);
  pixSetInRectArbitrary(p, box, colour);
  boxDestroy(&box);
}

void Red(Pix* p, int x, int y, int w, int h) { Paint(p, x, y, w, h, 250, 81, 81); }
void White(Pix* p, int x, int y, int w, int h) { Paint(p, x, y, w, h, 255, 255, 255); }

TEST_CASE("red rows: text-like marks count; asterisks, buttons and frames do not") {
  PixPtr page = Page(600, 400);
  for (int x = 20; x < 320; x += 6) Red(page.get(), x, 40, 3, 24);  // strokes of a line of text
  for (int x = 20; x < 56; x += 6) Red(page.get(), x, 70, 3, 24);   // its last word, wrapped
  Red(page.get(), 20, 120, 12, 12);                                 // a required-field asterisk
  Red(page.get(), 20, 180, 300, 40);                                // a solid red button
  Red(page.get(), 20, 260, 500, 2);                                 // a red input frame …
  Red(page.get(), 20, 318, 500, 2);
  Red(page.get(), 20, 260, 2, 60);
  Red(page.get(), 518, 260, 2, 60);
  Fill(page.get(), 20, 360, 300, 20);  // black text is never red
  const PixPtr redness = RednessImage(*page);
  const auto rows = RedRows(*redness);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].top == 40);
  CHECK(rows[0].bottom == 64);
  CHECK(rows[0].left == 20);
  CHECK(rows[1].top == 70);  // narrow, but it ends the line above
}

TEST_CASE("dark boxes: a toast over a light page counts; label text and a dark page do not") {
  PixPtr page = Page(750, 1000);
  for (int x = 30; x < 300; x += 8) Fill(page.get(), x, 100, 3, 26);     // black label text
  Fill(page.get(), 150, 500, 450, 100);                                  // the toast …
  for (int x = 190; x < 560; x += 10) White(page.get(), x, 535, 4, 30);  // … and its text
  const auto boxes = DarkBoxes(*page);
  REQUIRE(boxes.size() == 1);
  CHECK(boxes[0].left == 150);
  CHECK(boxes[0].top == 500);
  CHECK(boxes[0].width() == 450);
  CHECK(boxes[0].height() == 100);
  PixPtr dark = Page(750, 1000);
  Fill(dark.get(), 0, 0, 750, 1000);  // dark mode: the page itself, read as it is
  CHECK(DarkBoxes(*dark).empty());
}

TEST_CASE("red paragraphs join a wrapped line, not a distant one") {
  const std::vector<RedRow> rows = {{100, 124, 20, 700}, {130, 154, 20, 300}, {400, 424, 20, 500}};
  const auto paragraphs = RedParagraphs(rows);
  REQUIRE(paragraphs.size() == 2);
  CHECK(paragraphs[0].size() == 2);
  CHECK(paragraphs[1].size() == 1);
}

OcrLine Line(std::string text, bool red = false, int height = 28, int confidence = 90) {
  return {std::move(text), confidence, height, red, ""};
}

ScreenshotReading Decide(const std::vector<OcrLine>& red, const std::vector<OcrLine>& page) {
  bool needs_page = false;
  ScreenshotReading r = Understand(red, {}, false, test::ShippedMatcher(), &needs_page);
  if (!needs_page) return r;
  return Understand(red, page, true, test::ShippedMatcher(), &needs_page);
}

TEST_CASE("the red error line decides over the form's labels") {
  const ScreenshotReading r =
      Decide({Line("【主体负责人应急联系方式】不允许被多人使用", true)}, {});
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.understood.size() == 1);
  REQUIRE(r.match.errors == 1);
  CHECK(r.match.matches[0].entry->id == "error.principal.emergency-phone-shared");
}

TEST_CASE("without red text, only page lines holding an error wording count") {
  const ScreenshotReading r =
      Decide({}, {Line("小程序负责人信息"), Line("手机号"), Line("应急手机号"), Line("提示"),
                  Line("【小程序负责人手机号码】不允许被多人使用"), Line("确定")});
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.understood.size() == 1);
  CHECK(r.match.matches[0].entry->id == "error.admin.phone-shared");
}

TEST_CASE("an error wording wrapped over two page lines is read as one") {
  const ScreenshotReading r = Decide({}, {Line("主体负责人信息"), Line("【主体负责人手机号码】不"),
                                          Line("允许被多人使用"), Line("证件有效期")});
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.understood.size() == 1);
  CHECK(r.understood[0] == "【主体负责人手机号码】不允许被多人使用");
  CHECK(r.match.matches[0].entry->id == "error.principal.phone-shared");
}

TEST_CASE("a form without an error gets no answer, whatever its labels say") {
  const ScreenshotReading r =
      Decide({Line("必填", true)},
             {Line("主体负责人信息"), Line("负责人证件号"), Line("应急手机号"), Line("邮箱地址")});
  CHECK(r.verdict == ScreenshotVerdict::kNoError);
  CHECK_FALSE(r.match.answered);
  // A red status is no error either.
  CHECK(Decide({Line("当前状态：管局审核中", true)}, {Line("提交时间")}).verdict ==
        ScreenshotVerdict::kNoError);
}

TEST_CASE("text too small or too blurred is reported, not guessed") {
  CHECK(Decide({Line("", true, 6, 0)}, {Line("主体负责人信息")}).verdict ==
        ScreenshotVerdict::kUnreadable);
  CHECK(Decide({}, {Line("主休负责人", false, 7, 30), Line("千机号", false, 6, 20)}).verdict ==
        ScreenshotVerdict::kUnreadable);
}

TEST_CASE("a red line read better at the other scale is taken from there") {
  OcrLine red = Line("验十的不正确", true);
  red.alternative = "验证码不正确";
  const ScreenshotReading r = Decide({red}, {});
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.understood.size() == 1);
  CHECK(r.understood[0] == "验证码不正确");
}

TEST_CASE("icons read before an error line are trimmed from the quote") {
  const ScreenshotReading r = Decide({Line("@@【主体负责人手机号码】不允许被多人使用", true)}, {});
  REQUIRE(r.understood.size() == 1);
  CHECK(r.understood[0] == "【主体负责人手机号码】不允许被多人使用");
}

TEST_CASE("a tilted photo of a screen is levelled before the red rows are looked for") {
  // From the blind set, after its first run was recorded: a console page
  // photographed 2–3° askew, blurred and noisy.
  const ScreenshotReading r = Read(kShots.parent_path() / "screenshots-blind" / "b45-photo.jpg");
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.match.answered);
  CHECK(r.match.matches[0].entry->id == "error.admin.emergency-phone-shared");
}

TEST_CASE("an error in a toast (white on a dark box) is read") {
  // From the blind set, after its first run was recorded.
  const ScreenshotReading r = Read(kShots.parent_path() / "screenshots-blind" / "b29-toast.png");
  CHECK(r.verdict == ScreenshotVerdict::kErrors);
  REQUIRE(r.match.answered);
  CHECK(r.match.matches[0].entry->id == "error.admin.face-verify-id-only");
}

TEST_CASE("real screenshots: several errors, none, too small, other formats") {
  const ScreenshotReading multi = Read(kShots / "multi-principal-2-errors-1x.png");
  CHECK(multi.verdict == ScreenshotVerdict::kErrors);
  CHECK(multi.match.errors == 2);
  CHECK(Read(kShots / "form-principal-no-error-1x.png").verdict == ScreenshotVerdict::kNoError);
  CHECK(Read(kShots / "principal-phone-shared-tiny.png").verdict == ScreenshotVerdict::kUnreadable);
  for (const char* f : {"admin-emergency-phone-shared.webp", "admin-emergency-phone-shared.bmp"}) {
    const ScreenshotReading r = Read(kEdge / f);
    REQUIRE(r.match.answered);
    CHECK(r.match.matches[0].entry->id == "error.admin.emergency-phone-shared");
  }
  const ScreenshotReading bad = Read(kEdge / "huge-dimensions.png");
  CHECK(bad.verdict == ScreenshotVerdict::kBadImage);
  CHECK(bad.problem == ImageProblem::kTooManyPixels);
}

TEST_CASE("the reply says it read a screenshot and quotes what it understood") {
  const BotTexts& say = test::ShippedLanguage().texts;
  const auto& kb = test::ShippedMatcher().kb();
  const Reply answer =
      ScreenshotReply(Decide({Line("【主体负责人手机号码】不允许被多人使用", true)}, {}), kb, say);
  CHECK(answer.kind == Outcome::kAnswer);
  REQUIRE(answer.texts.size() == 1);
  CHECK(answer.texts[0].find(say(BotText::kScreenshotRead)) == 0);
  CHECK(answer.texts[0].find("「【主体负责人手机号码】不允许被多人使用」") != std::string::npos);
  // Several characters misread: the quote comes with a request to check it.
  const Reply loose = ScreenshotReply(
      Decide({Line("【三体负责人应急联系万式】不允许被多人使采", true)}, {}), kb, say);
  CHECK(loose.texts[0].find(say(BotText::kScreenshotReadLoosely)) == 0);
  ScreenshotReading none;
  CHECK(ScreenshotReply(none, kb, say).texts[0] == "我没在截图里找到报错，能把报错文字发给我吗？");
  none.verdict = ScreenshotVerdict::kBadImage;
  none.problem = ImageProblem::kTooManyPixels;
  CHECK(ScreenshotReply(none, kb, say).texts[0] == say(BotText::kScreenshotTooLarge));
  none.verdict = ScreenshotVerdict::kBusy;
  CHECK(ScreenshotReply(none, kb, say).texts[0] == say(BotText::kScreenshotBusy));
}

TEST_CASE("the OCR pool bounds what waits, per sender and in all") {
  const auto matcher =
      std::shared_ptr<const Matcher>(std::shared_ptr<const Matcher>(), &test::ShippedMatcher());
  const std::string png = Bytes(kShots / "principal-phone-shared-1x.png");
  OcrPoolOptions options;
  SUBCASE("nothing may wait") {
    options.max_waiting = 0;
    OcrPool pool(options);
    CHECK_FALSE(pool.Read("a", png, matcher));
  }
  SUBCASE("one sender cannot take the whole queue") {
    options.max_per_sender = 2;
    OcrPool pool(options);
    std::atomic<int> done{0};
    auto count = [&](ScreenshotReading) { ++done; };
    CHECK(pool.Submit("a", png, matcher, count));
    CHECK(pool.Submit("a", png, matcher, count));
    CHECK_FALSE(pool.Submit("a", png, matcher, count));  // a's third while two are in
    const auto other = pool.Read("b", png, matcher);     // someone else still gets through
    REQUIRE(other);
    CHECK(other->verdict == ScreenshotVerdict::kErrors);
    for (int i = 0; i < 600 && done < 2; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(done == 2);
    CHECK(pool.Submit("a", png, matcher, count));  // a's turns are free again
  }
}

}  // namespace
}  // namespace beian
