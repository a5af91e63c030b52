#include "bot/ocr/dark_boxes.h"

#include <leptonica/allheaders.h>

#include <algorithm>

namespace beian {
namespace {

// Darker than this (0..255) is the box; a toast is about 30–60, a dimmed page
// behind a dialog about 100, black label text is thin and leaves no box.
constexpr int kDark = 70;
// A box is at least this large (pixels) and this full of dark pixels.
constexpr int kMinHeight = 24;
constexpr int kMinWidth = 120;
constexpr double kMinFill = 0.55;

PixPtr DarkMask(const Pix& image) {
  PixPtr gray(pixConvertTo8(const_cast<Pix*>(&image), 0));
  if (!gray) return nullptr;
  PixPtr mask(pixThresholdToBinary(gray.get(), kDark));
  if (!mask) return nullptr;
  // Keep what is thicker than a text stroke: the box stays (one piece
  // around its own text), dark label text nearby goes.
  return PixPtr(pixOpenBrick(nullptr, mask.get(), 9, 9));
}

}  // namespace

std::vector<DarkBox> DarkBoxes(const Pix& image) {
  std::vector<DarkBox> out;
  PixPtr mask = DarkMask(image);
  if (!mask) return out;
  const long area = static_cast<long>(pixGetWidth(mask.get())) * pixGetHeight(mask.get());
  BOXA* boxes = pixConnCompBB(mask.get(), 8);
  if (boxes == nullptr) return out;
  for (int i = 0; i < boxaGetCount(boxes); ++i) {
    int x = 0, y = 0, w = 0, h = 0;
    if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h) != 0) continue;
    if (w < kMinWidth || h < kMinHeight || static_cast<long>(w) * h * 2 > area) continue;
    BOX* box = boxCreate(x, y, w, h);
    l_int32 dark = 0;
    pixCountPixelsInRect(mask.get(), box, &dark, nullptr);
    boxDestroy(&box);
    if (dark < kMinFill * w * h) continue;
    out.push_back({x, y, x + w, y + h});
  }
  boxaDestroy(&boxes);
  std::sort(out.begin(), out.end(),
            [](const DarkBox& a, const DarkBox& b) { return a.top < b.top; });
  return out;
}

}  // namespace beian
