// POST /v1/lookup with an image body (HttpServer::SetOcr).
#include <httplib.h>

#include <condition_variable>
#include <functional>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

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

// A reading handed from an OCR worker to the request thread waiting for it,
// or, once that thread stopped waiting, kept by the worker (Hand says so).
class LateReading {
 public:
  // The worker's side: true when nobody waits any more (answer it late).
  bool Hand(const ScreenshotReading& r) {
    std::lock_guard lock(mutex_);
    if (gave_up_) return true;
    reading_ = r;
    ready_.notify_one();
    return false;
  }
  // The request thread's side: the reading, or nullopt after `wait`, when
  // `giving_up` runs first (before the worker can answer late).
  std::optional<ScreenshotReading> Take(std::chrono::milliseconds wait,
                                        const std::function<void()>& giving_up) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, wait, [this] { return reading_.has_value(); })) {
      giving_up();
      gave_up_ = true;
    }
    return reading_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::optional<ScreenshotReading> reading_;
  bool gave_up_ = false;
};

// The picture a message points at: by its URL, unless the channel can also
// fetch it by key and the URL's host is not allowed; by key when there is
// no URL, or when that download failed. (ReadScreenshot calls this only
// with a URL or a `media`.)
FetchedImage Download(const Parsed& parsed, const MediaSource* media,
                      const ImageFetchOptions& fetch) {
  if (parsed.image_url.empty()) return media->Fetch(parsed);
  const bool by_key = media != nullptr && !parsed.media_key.empty();
  if (!by_key || ImageUrlAllowed(parsed.image_url, fetch.hosts)) {
    FetchedImage fetched = FetchImage(parsed.image_url, fetch);
    if (fetched.error.empty() || !by_key) return fetched;
    std::cerr << "ocr: " << parsed.message->platform
              << " picture not downloaded from its URL: " << fetched.error
              << "; fetching it by key\n";
  }
  return media->Fetch(parsed);
}

}  // namespace

HttpServer::Picture HttpServer::ReadScreenshot(Parsed& parsed, const MediaSource* media,
                                               const Channel& channel) {
  std::string image = std::move(parsed.image);
  parsed.image.clear();
  // Without OCR, or a picture named by a key nobody here can fetch, the
  // message stays a picture the bot cannot read.
  if (ocr_ == nullptr || (image.empty() && parsed.image_url.empty() && media == nullptr))
    return Picture::kRead;
  IncomingMessage& m = *parsed.message;
  if (image.empty()) {
    FetchedImage fetched = Download(parsed, media, fetch_);
    if (!fetched.error.empty()) {
      std::cerr << "ocr: " << m.platform << " picture not downloaded: " << fetched.error << '\n';
      ScreenshotReading failed;
      failed.verdict = ScreenshotVerdict::kBadImage;
      failed.problem = ImageProblem::kCorrupt;
      metrics_.Screenshot("not_downloaded");
      m.screenshot = std::make_shared<const ScreenshotReading>(std::move(failed));
      return Picture::kRead;
    }
    image = std::move(fetched.bytes);
  }
  const bool can_wait_less = outbox_ != nullptr && channel.RepliesLate(parsed);
  auto wait = std::make_shared<LateReading>();
  auto done = [this, wait, &channel, copy = parsed](ScreenshotReading r) mutable {
    metrics_.Screenshot(VerdictName(r.verdict));
    if (!wait->Hand(r)) return;  // the request thread took it
    copy.message->screenshot = std::make_shared<const ScreenshotReading>(std::move(r));
    Answer(channel, copy, true);
  };
  if (!ocr_->Submit(m.platform + '\x1f' + m.chat + '\x1f' + m.user, std::move(image),
                    knowledge_.Current(), std::move(done))) {
    ScreenshotReading busy;
    busy.verdict = ScreenshotVerdict::kBusy;
    metrics_.Screenshot("busy");
    m.screenshot = std::make_shared<const ScreenshotReading>(std::move(busy));
    return Picture::kRead;
  }
  auto reading = wait->Take(can_wait_less ? late_after_ : std::chrono::hours(1),
                            [&] { Queue(channel, parsed, Acknowledgement(m), false); });
  if (!reading) return Picture::kLate;
  m.screenshot = std::make_shared<const ScreenshotReading>(std::move(*reading));
  return Picture::kRead;
}

void HttpServer::SetOcr(OcrPool& pool, ImageFetchOptions fetch,
                        std::chrono::milliseconds late_after) {
  ocr_ = &pool;
  fetch_ = std::move(fetch);
  late_after_ = late_after;
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
