#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Pix;
namespace tesseract {
class TessBaseAPI;
}

namespace beian {

// One line of text found in an image.
struct OcrLine {
  std::string text;     // as recognised; spaces between Chinese characters removed
  int confidence = 0;   // Tesseract's, 0..100
  int text_height = 0;  // of the line, in pixels of the original image
  bool red = false;     // found by the red-text pass (the form's error colour)
  // Red text only: the same line read at another scale, for the caller to
  // prefer when it holds a known wording more closely (OCR of a compressed
  // line varies with the scale).
  std::string alternative;
};

// The Chinese model is missing or could not be loaded.
struct OcrUnavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Tesseract (chi_sim, LSTM) loaded once and reused. The model takes most of
// the time of a first recognition, so an engine lives as long as the thread
// that uses it.
// Thread-safety: none — a TessBaseAPI is not thread-safe; one engine per
// thread (OcrPool gives each worker its own).
class OcrEngine {
 public:
  // `tessdata_dir` empty: TESSDATA_PREFIX, else Tesseract's compiled-in path
  // (Debian: /usr/share/tesseract-ocr/5/tessdata). Throws OcrUnavailable.
  explicit OcrEngine(const std::string& tessdata_dir = "");
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // The red text of a form screenshot (the platform's error lines), one line
  // per paragraph (a message wrapped over two rows is one line), top to
  // bottom. Red is isolated from everything else first, so the form's
  // labels cannot mix in; small text is scaled up before recognition. A red
  // paragraph too small to read is returned with empty text and its height.
  std::vector<OcrLine> RedLines(const Pix& image);

  // How the page is turned black and white before recognition.
  enum class Threshold {
    kGlobal,  // one threshold for the page (Otsu): the best for ordinary pages
    kLocal,   // per neighbourhood (Sauvola): also reads light grey text and a
              // form under a dark veil (a share sheet), where one threshold
              // makes the grey text white or the veiled page black
  };

  // Every line of text on the page (grayscale, small text scaled up).
  std::vector<OcrLine> PageLines(const Pix& image, Threshold threshold = Threshold::kGlobal);

  // The light text of the dark boxes on the page (DarkBoxes: a toast, a
  // dark alert), read with the shades swapped, top to bottom.
  std::vector<OcrLine> DarkBoxLines(const Pix& image);

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace beian
