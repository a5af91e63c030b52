// POST /v1/lookup with an image body (HttpServer::SetOcr).
#include <httplib.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "bot/channels/channel.h"
#include "bot/channels/media_sources.h"
#include "bot/core/knowledge_source.h"
#include "bot/core/screenshot_reply.h"
#include "bot/ocr/ocr_pool.h"
#include "bot/server/guarded_server.h"
#include "bot/server/http_reply.h"
#include "bot/server/http_server.h"
#include "bot/server/metrics.h"

namespace beian {
namespace {

bool ImageContentType(std::string type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == "image/png" || type == "image/jpeg" || type == "image/webp" ||
         type == "image/bmp" || type == "application/octet-stream";
}

// The status and error of an image that was not decoded.
std::pair<int, const char*> ProblemReply(ImageProblem problem) {
  switch (problem) {
    case ImageProblem::kTooLarge:
    case ImageProblem::kTooManyPixels:
      return {413, "image too large (at most 5 MB and 20 megapixels)"};
    case ImageProblem::kUnsupported:
      return {415, "not a PNG, JPEG, WebP or BMP image"};
    default:
      return {400, "the image could not be decoded"};
  }
}

}  // namespace

void HttpServer::ReadScreenshot(Parsed& parsed, const MediaSource* media) {
  std::string image = std::move(parsed.image);
  parsed.image.clear();
  // Without OCR, or a picture named by a key nobody here can fetch, the
  // message stays a picture the bot cannot read.
  if (ocr_ == nullptr || (image.empty() && parsed.image_url.empty() && media == nullptr)) return;
  IncomingMessage& m = *parsed.message;
  if (image.empty()) {
    FetchedImage fetched =
        parsed.image_url.empty() ? media->Fetch(parsed) : FetchImage(parsed.image_url, fetch_);
    if (!fetched.error.empty()) {
      std::cerr << "ocr: " << m.platform << " picture not downloaded: " << fetched.error << '\n';
      ScreenshotReading failed;
      failed.verdict = ScreenshotVerdict::kBadImage;
      failed.problem = ImageProblem::kCorrupt;
      metrics_.Screenshot("not_downloaded");
      m.screenshot = std::make_shared<const ScreenshotReading>(std::move(failed));
      return;
    }
    image = std::move(fetched.bytes);
  }
  auto reading = ocr_->Read(m.platform + '\x1f' + m.chat + '\x1f' + m.user, std::move(image),
                            knowledge_.Current());
  if (!reading) {
    reading.emplace();
    reading->verdict = ScreenshotVerdict::kBusy;
  }
  metrics_.Screenshot(VerdictName(reading->verdict));
  m.screenshot = std::make_shared<const ScreenshotReading>(std::move(*reading));
}

void HttpServer::SetOcr(OcrPool& pool, ImageFetchOptions fetch) {
  ocr_ = &pool;
  fetch_ = std::move(fetch);
  routes_.insert("/v1/lookup");
  image_routes_.insert("/v1/lookup");
  auto handler = [this, &pool](const httplib::Request& req, const std::string& body,
                               httplib::Response& res) {
    if (!ImageContentType(req.get_header_value("Content-Type")))
      return ErrorReply(res, 415,
                        "Content-Type must be image/png, image/jpeg, image/webp, image/bmp or "
                        "application/octet-stream");
    const auto top = TopOf(Query(req.target));
    if (!top) return ErrorReply(res, 400, "top must be an integer from 1 to 50");
    const auto reading = pool.Read(ClientOf(req), body, knowledge_.Current());
    if (!reading) {
      metrics_.Screenshot("busy");
      res.set_header("Retry-After", "5");
      return ErrorReply(res, 503, "too many images being read; try again shortly");
    }
    metrics_.Screenshot(VerdictName(reading->verdict));
    if (reading->verdict == ScreenshotVerdict::kBadImage) {
      const auto [status, error] = ProblemReply(reading->problem);
      return ErrorReply(res, status, error);
    }
    metrics_.Lookup(reading->match.answered, reading->match.ambiguous);
    JsonReply(res, 200, ScreenshotJson(*reading, *top));
  };
  PostWithBody("/v1/lookup", handler, options_.max_image_body_bytes);
}

}  // namespace beian
