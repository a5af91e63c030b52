#pragma once

#include <vector>

#include "bot/ocr/image.h"

namespace beian {

// Finding light text on a dark box laid over a light page: a toast ("当前场景
// 仅支持居民身份证" in white on a black rounded box), a dark alert (analysis
// only; no recognition here). The page reader takes such a box for a
// picture and skips its text.

// A box: columns [left, right), rows [top, bottom), in image pixels.
struct DarkBox {
  int left = 0, top = 0, right = 0, bottom = 0;
  int width() const { return right - left; }
  int height() const { return bottom - top; }
};

// The dark boxes of `image`, top to bottom: solid areas of near-black pixels
// at least a text line high and a few characters wide, mostly filled, and
// smaller than half the image (a dark-mode page is not a box: its text is
// read by the page pass as it is).
std::vector<DarkBox> DarkBoxes(const Pix& image);

}  // namespace beian
