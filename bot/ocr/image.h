#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct Pix;

namespace beian {

// Owns a Leptonica image.
struct PixFree {
  void operator()(Pix* pix) const;
};
using PixPtr = std::unique_ptr<Pix, PixFree>;

// Why an image was not decoded. Every value but kNone is the sender's fault
// and is answered with a friendly sentence, never an exception.
enum class ImageProblem {
  kNone,
  kEmpty,          // no bytes
  kTooLarge,       // more than ImageLimits::max_bytes
  kTooManyPixels,  // the header claims more than ImageLimits::max_pixels
  kUnsupported,    // not PNG, JPEG, WebP or BMP
  kCorrupt,        // the header or the data could not be decoded
};

struct ImageLimits {
  size_t max_bytes = 5 * 1024 * 1024;
  long long max_pixels = 20'000'000;
};

struct DecodedImage {
  PixPtr pix;  // null unless problem == kNone
  ImageProblem problem = ImageProblem::kNone;
};

// Decodes a PNG, JPEG, WebP or BMP image held in memory. The size is checked
// before anything is read, the format from the first bytes and the pixel
// count from the header, so that a small file claiming a huge picture is
// refused before it is decoded. Nothing is written anywhere.
// Thread-safe.
DecodedImage DecodeImage(std::string_view bytes, const ImageLimits& limits = {});

// The bytes of an image file, at most `limits.max_bytes` + 1 of them (so that
// DecodeImage reports a larger file as too large without reading it all);
// nullopt when the file cannot be opened.
std::optional<std::string> ReadImageFile(const std::filesystem::path& path,
                                         const ImageLimits& limits = {});

// "kTooLarge" … for logs and metrics.
const char* ImageProblemName(ImageProblem problem);

}  // namespace beian
