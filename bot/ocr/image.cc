#include "bot/ocr/image.h"

#include <leptonica/allheaders.h>

#include <fstream>
#include <mutex>

namespace beian {
namespace {

// Leptonica reports problems on stderr: the caller logs its own line.
void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

bool Supported(l_int32 format) {
  return format == IFF_PNG || format == IFF_JFIF_JPEG || format == IFF_WEBP || format == IFF_BMP;
}

}  // namespace

void PixFree::operator()(Pix* pix) const { pixDestroy(&pix); }

DecodedImage DecodeImage(std::string_view bytes, const ImageLimits& limits) {
  QuietLeptonica();
  DecodedImage out;
  if (bytes.empty()) {
    out.problem = ImageProblem::kEmpty;
    return out;
  }
  if (bytes.size() > limits.max_bytes) {
    out.problem = ImageProblem::kTooLarge;
    return out;
  }
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = IFF_UNKNOWN;
  // findFileFormatBuffer reads 12 bytes.
  if (bytes.size() < 12 || findFileFormatBuffer(data, &format) != 0 || !Supported(format)) {
    out.problem = ImageProblem::kUnsupported;
    return out;
  }
  l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
      h <= 0) {
    out.problem = ImageProblem::kCorrupt;
    return out;
  }
  if (static_cast<long long>(w) * h > limits.max_pixels) {
    out.problem = ImageProblem::kTooManyPixels;
    return out;
  }
  out.pix.reset(pixReadMem(data, bytes.size()));
  if (!out.pix || pixGetWidth(out.pix.get()) != w || pixGetHeight(out.pix.get()) != h) {
    out.pix.reset();
    out.problem = ImageProblem::kCorrupt;
  }
  return out;
}

std::optional<std::string> ReadImageFile(const std::filesystem::path& path,
                                         const ImageLimits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(limits.max_bytes + 1, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

const char* ImageProblemName(ImageProblem problem) {
  switch (problem) {
    case ImageProblem::kNone:
      return "none";
    case ImageProblem::kEmpty:
      return "empty";
    case ImageProblem::kTooLarge:
      return "too_large";
    case ImageProblem::kTooManyPixels:
      return "too_many_pixels";
    case ImageProblem::kUnsupported:
      return "unsupported";
    case ImageProblem::kCorrupt:
      return "corrupt";
  }
  return "unknown";
}

}  // namespace beian
