#include "bot/ocr/red_text.h"

#include <leptonica/allheaders.h>

#include <algorithm>

namespace beian {
namespace {

// How red a pixel is, 0..255: red above the larger of green and blue, for
// pixels bright enough in red to be coloured text rather than dark grey.
int Redness(l_int32 r, l_int32 g, l_int32 b) {
  if (r < 120) return 0;
  const int over = r - std::max(g, b);
  if (over < 40) return 0;
  return std::min(255, (over - 40) * 3);
}

// A pixel of a redness image counts as red text below this grey level.
constexpr l_uint32 kInk = 160;

// A row of text has red in a good share of its width on most of its pixel
// rows; an input frame only at its two ends.
constexpr double kMinMedianShare = 0.02;

struct RowScan {
  std::vector<int> count, left, right;  // per row: red pixels and their extent
};

RowScan ScanRows(const Pix& redness) {
  Pix* p = const_cast<Pix*>(&redness);
  const int w = pixGetWidth(p), h = pixGetHeight(p), wpl = pixGetWpl(p);
  const l_uint32* data = pixGetData(p);
  RowScan s{std::vector<int>(h, 0), std::vector<int>(h, w), std::vector<int>(h, -1)};
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      if (GET_DATA_BYTE(line, x) >= kInk) continue;
      ++s.count[y];
      s.left[y] = std::min(s.left[y], x);
      s.right[y] = std::max(s.right[y], x + 1);
    }
  }
  return s;
}

enum class RowKind { kText, kNarrow, kOther };

// Whether a candidate row looks like text: not a frame, not a block; one no
// wider than two of its heights (an asterisk, a dot — or the last word of a
// wrapped error) is kNarrow.
RowKind KindOf(const RedRow& r, long long ink, std::vector<int> counts) {
  const int h = r.height(), w = r.right - r.left;
  if (h < 3 || h > 200) return RowKind::kOther;
  std::nth_element(counts.begin(), counts.begin() + counts.size() / 2, counts.end());
  if (counts[counts.size() / 2] < kMinMedianShare * w) return RowKind::kOther;  // a frame
  const double fill = static_cast<double>(ink) / (static_cast<double>(w) * h);
  if (fill >= 0.6) return RowKind::kOther;  // a red button or badge is mostly filled
  return w < 2 * h ? RowKind::kNarrow : RowKind::kText;
}

// Whether `r` continues the line of text `last` (the next row of a wrapped
// message): it starts within a line's height below it, at a similar height.
bool Continues(const RedRow& last, const RedRow& r) {
  const int gap = r.top - last.bottom;
  return gap <= last.height() && r.height() <= 2 * last.height() && last.height() <= 2 * r.height();
}

}  // namespace

PixPtr RednessImage(const Pix& image) {
  PixPtr rgb(pixConvertTo32(const_cast<Pix*>(&image)));
  if (!rgb) return nullptr;
  const int w = pixGetWidth(rgb.get()), h = pixGetHeight(rgb.get());
  PixPtr out(pixCreate(w, h, 8));
  const int in_wpl = pixGetWpl(rgb.get()), out_wpl = pixGetWpl(out.get());
  const l_uint32* in = pixGetData(rgb.get());
  l_uint32* dst = pixGetData(out.get());
  for (int y = 0; y < h; ++y) {
    const l_uint32* src_line = in + static_cast<size_t>(y) * in_wpl;
    l_uint32* dst_line = dst + static_cast<size_t>(y) * out_wpl;
    for (int x = 0; x < w; ++x) {
      l_int32 r = 0, g = 0, b = 0;
      extractRGBValues(src_line[x], &r, &g, &b);
      SET_DATA_BYTE(dst_line, x, 255 - Redness(r, g, b));
    }
  }
  return out;
}

std::vector<RedRow> RedRows(const Pix& redness) {
  const RowScan s = ScanRows(redness);
  const int h = static_cast<int>(s.count.size());
  std::vector<RedRow> rows;
  int y = 0;
  while (y < h) {
    if (s.count[y] == 0) {
      ++y;
      continue;
    }
    RedRow r{y, y, s.left[y], s.right[y]};
    long long ink = 0;
    std::vector<int> counts;
    // Rows of one line of text; a one-row gap (a thin stroke's break) joins.
    while (y < h && (s.count[y] > 0 || (y + 1 < h && s.count[y + 1] > 0))) {
      if (s.count[y] > 0) {
        r.left = std::min(r.left, s.left[y]);
        r.right = std::max(r.right, s.right[y]);
        ink += s.count[y];
      }
      counts.push_back(s.count[y]);
      ++y;
    }
    r.bottom = y;
    const RowKind kind = KindOf(r, ink, std::move(counts));
    // A narrow row counts only as the end of a wrapped line.
    if (kind == RowKind::kText ||
        (kind == RowKind::kNarrow && !rows.empty() && Continues(rows.back(), r)))
      rows.push_back(r);
  }
  return rows;
}

std::vector<std::vector<RedRow>> RedParagraphs(const std::vector<RedRow>& rows) {
  std::vector<std::vector<RedRow>> out;
  for (const RedRow& r : rows) {
    if (!out.empty() && Continues(out.back().back(), r)) {
      out.back().push_back(r);
      continue;
    }
    out.push_back({r});
  }
  return out;
}

}  // namespace beian
