#pragma once

#include <vector>

#include "bot/ocr/image.h"

namespace beian {

// Finding the form's red error text (analysis only; no recognition here).

// A grayscale (8 bpp) copy of `image` in which saturated red — the error
// colour, #FA5151 and its anti-aliased edges — is dark and everything else
// (black and grey labels, blue links, white) is white.
PixPtr RednessImage(const Pix& image);

// A row of red text: rows [top, bottom), columns [left, right).
struct RedRow {
  int top = 0, bottom = 0, left = 0, right = 0;
  int height() const { return bottom - top; }
};

// The rows of red text in a redness image, top to bottom. Red marks that are
// not text are left out: a required-field asterisk (no wider than two of its
// heights, unless it ends a wrapped line of text just above it),
// a solid red block (a button or badge: mostly filled), a red frame around
// an input (nearly empty inside).
std::vector<RedRow> RedRows(const Pix& redness);

// Rows grouped into paragraphs: a row that starts within about a line's
// height below the previous one continues it (an error wrapped on a phone).
std::vector<std::vector<RedRow>> RedParagraphs(const std::vector<RedRow>& rows);

}  // namespace beian
