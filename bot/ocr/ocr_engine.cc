#include "bot/ocr/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "bot/ocr/dark_boxes.h"
#include "bot/ocr/red_text.h"

namespace beian {
namespace {

// Tesseract reads Chinese well at about these line heights (pixels). Which
// one reads a compressed, rescaled line best varies from line to line, so
// red text is read at both (OcrLine::alternative).
constexpr double kGoodLineHeight = 48;
constexpr double kOtherLineHeight = 34;
constexpr double kMaxUpscale = 4;
// Red text lower than this (original pixels) is not recognised: it comes out
// as confident nonsense. The caller asks for the original image instead.
constexpr int kMinReadableHeight = 8;
// A page narrower than this is scaled up 2× before recognition: a 1× phone
// screenshot (750 px wide, text about 26 px) reads better at 2×, a 2× one
// (1080 px and more) is big enough and would only cost memory.
constexpr int kUpscalePageBelow = 900;

// Tesseract runs parts of its LSTM in OpenMP parallel regions of several
// threads. Beside the pool's own workers on a small machine they only spin:
// measured on 2 cores, p95 per image 2.35 s with them, 0.63 s without.
// Parallelism comes from the pool's workers instead; no OpenMP region may
// start a team (the OMP_THREAD_LIMIT=1 of Tesseract's advice, set from code
// because libgomp reads the environment before main).
void SerialOpenMp() {
  static std::once_flag once;
  std::call_once(once, [] { omp_set_max_active_levels(0); });
}

// Drops line breaks and the spaces Tesseract puts between Chinese
// characters; keeps a space between two ASCII words.
std::string CleanText(const char* raw) {
  std::string out;
  if (raw == nullptr) return out;
  const std::string in(raw);
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i] == '\n' || in[i] == '\r' || in[i] == '\t' ? ' ' : in[i];
    if (c == ' ') {
      const size_t next = in.find_first_not_of(" \n\r\t", i);
      const bool wide_before = !out.empty() && static_cast<unsigned char>(out.back()) >= 0x80;
      const bool wide_after =
          next != std::string::npos && static_cast<unsigned char>(in[next]) >= 0x80;
      if (out.empty() || next == std::string::npos || wide_before || wide_after) continue;
      if (out.back() == ' ') continue;
    }
    out += c;
  }
  return out;
}

struct Text {
  std::string text;
  int confidence = 0;
};

Text Recognize(tesseract::TessBaseAPI& api, Pix* pix, tesseract::PageSegMode mode) {
  api.SetPageSegMode(mode);
  api.SetImage(pix);
  api.SetSourceResolution(300);
  char* raw = api.GetUTF8Text();
  Text t{CleanText(raw), api.MeanTextConf()};
  delete[] raw;
  return t;
}

// The row cut out of the redness image exactly (a neighbouring red row never
// joins it), scaled to about `height`, on a white margin.
PixPtr RowImage(Pix* redness, const RedRow& row, double height) {
  BOX* box = boxCreate(row.left, row.top, row.right - row.left, row.height());
  PixPtr crop(pixClipRectangle(redness, box, nullptr));
  boxDestroy(&box);
  if (!crop) return nullptr;
  const double scale = std::clamp(height / row.height(), 1.0, kMaxUpscale);
  if (scale > 1.01) crop.reset(pixScaleGrayLI(crop.get(), scale, scale));
  if (!crop) return nullptr;
  const int margin = static_cast<int>(kGoodLineHeight / 2);
  return PixPtr(pixAddBorder(crop.get(), margin, 255));
}

OcrLine ReadParagraph(tesseract::TessBaseAPI& api, Pix* redness, const std::vector<RedRow>& rows) {
  OcrLine line;
  line.red = true;
  std::vector<int> heights;
  int confidence_sum = 0, read = 0;
  for (const RedRow& row : rows) {
    heights.push_back(row.height());
    if (row.height() < kMinReadableHeight) continue;
    PixPtr img = RowImage(redness, row, kGoodLineHeight);
    PixPtr other = RowImage(redness, row, kOtherLineHeight);
    if (!img || !other) continue;
    const Text t = Recognize(api, img.get(), tesseract::PSM_SINGLE_LINE);
    line.text += t.text;
    line.alternative += Recognize(api, other.get(), tesseract::PSM_SINGLE_LINE).text;
    confidence_sum += t.confidence;
    ++read;
  }
  std::sort(heights.begin(), heights.end());
  line.text_height = heights[heights.size() / 2];
  line.confidence = read == 0 ? 0 : confidence_sum / read;
  if (read < static_cast<int>(rows.size())) {  // partly unreadable
    line.text.clear();
    line.alternative.clear();
  }
  return line;
}

// Every line Tesseract finds in `pix` (`scale` times the original size).
std::vector<OcrLine> ReadLines(tesseract::TessBaseAPI& api, Pix* pix, tesseract::PageSegMode mode,
                               double scale) {
  std::vector<OcrLine> out;
  api.SetPageSegMode(mode);
  api.SetImage(pix);
  api.SetSourceResolution(300);
  if (api.Recognize(nullptr) != 0) return out;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return out;
  do {
    char* raw = it->GetUTF8Text(tesseract::RIL_TEXTLINE);
    OcrLine line{
        CleanText(raw), static_cast<int>(it->Confidence(tesseract::RIL_TEXTLINE)), 0, false, {}};
    delete[] raw;
    int l = 0, t = 0, r = 0, b = 0;
    if (it->BoundingBox(tesseract::RIL_TEXTLINE, &l, &t, &r, &b))
      line.text_height = static_cast<int>(std::lround((b - t) / scale));
    if (!line.text.empty()) out.push_back(std::move(line));
  } while (it->Next(tesseract::RIL_TEXTLINE));
  return out;
}

}  // namespace

OcrEngine::OcrEngine(const std::string& tessdata_dir)
    : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  SerialOpenMp();
  const char* dir = tessdata_dir.empty() ? nullptr : tessdata_dir.c_str();
  if (api_->Init(dir, "chi_sim", tesseract::OEM_LSTM_ONLY) != 0)
    throw OcrUnavailable("cannot load the Tesseract chi_sim model (install tesseract-ocr-chi-sim)");
  api_->SetVariable("debug_file", "/dev/null");
}

OcrEngine::~OcrEngine() {
  if (api_) api_->End();
}

std::vector<OcrLine> OcrEngine::RedLines(const Pix& image) {
  std::vector<OcrLine> out;
  PixPtr redness = RednessImage(image);
  if (!redness) return out;
  for (const auto& paragraph : RedParagraphs(RedRows(*redness)))
    out.push_back(ReadParagraph(*api_, redness.get(), paragraph));
  return out;
}

std::vector<OcrLine> OcrEngine::PageLines(const Pix& image, Threshold threshold) {
  PixPtr gray(pixConvertTo8(const_cast<Pix*>(&image), 0));
  if (!gray) return {};
  const double scale = pixGetWidth(gray.get()) < kUpscalePageBelow ? 2.0 : 1.0;
  if (scale > 1) gray.reset(pixScaleGrayLI(gray.get(), scale, scale));
  if (!gray) return {};
  // Tesseract's own thresholding_method: 0 Otsu, 2 Sauvola.
  api_->SetVariable("thresholding_method", threshold == Threshold::kLocal ? "2" : "0");
  std::vector<OcrLine> lines = ReadLines(*api_, gray.get(), tesseract::PSM_AUTO, scale);
  api_->SetVariable("thresholding_method", "0");
  return lines;
}

std::vector<OcrLine> OcrEngine::DarkBoxLines(const Pix& image) {
  std::vector<OcrLine> out;
  const double scale = pixGetWidth(&image) < kUpscalePageBelow ? 2.0 : 1.0;
  for (const DarkBox& b : DarkBoxes(image)) {
    BOX* box = boxCreate(b.left, b.top, b.width(), b.height());
    PixPtr crop(pixClipRectangle(const_cast<Pix*>(&image), box, nullptr));
    boxDestroy(&box);
    if (crop) crop.reset(pixConvertTo8(crop.get(), 0));
    if (!crop) continue;
    pixInvert(crop.get(), crop.get());
    if (scale > 1) crop.reset(pixScaleGrayLI(crop.get(), scale, scale));
    if (!crop) continue;
    for (OcrLine& l : ReadLines(*api_, crop.get(), tesseract::PSM_SINGLE_BLOCK, scale))
      out.push_back(std::move(l));
  }
  return out;
}

}  // namespace beian
