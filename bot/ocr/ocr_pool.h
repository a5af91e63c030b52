#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bot/ocr/screenshot.h"

namespace beian {

struct OcrPoolOptions {
  size_t workers = 1;         // threads, each with its own engine (~40 MB with the model)
  size_t max_waiting = 8;     // images queued beyond the ones being read
  size_t max_per_sender = 2;  // images of one sender queued or being read
  std::string tessdata_dir;   // empty: Tesseract's default
  ImageLimits limits;
};

// Reads screenshots off the request threads: a few worker threads, each
// loading its engine once on its first image, behind a bounded queue. A flood
// of images cannot starve text messages (they never wait here) nor grow
// memory: past max_waiting, or past max_per_sender for one sender, Submit
// refuses at once and the caller answers "busy".
// Thread-safety: every member may be called from any thread.
class OcrPool {
 public:
  explicit OcrPool(OcrPoolOptions options);
  ~OcrPool();  // finishes the images being read, drops the queued ones
  OcrPool(const OcrPool&) = delete;
  OcrPool& operator=(const OcrPool&) = delete;

  using Done = std::function<void(ScreenshotReading)>;
  // Queues `bytes` (from `sender`: the user key the per-sender cap counts)
  // to be read against `matcher`, which is kept alive until then; `done`
  // runs on a worker thread with the reading. False (and `done` never runs)
  // when the queue or the sender is full. An engine that cannot load (the
  // model is missing) makes the reading kBadImage with a log line.
  bool Submit(std::string sender, std::string bytes, std::shared_ptr<const Matcher> matcher,
              Done done);

  // Submit, then wait for the reading; nullopt when refused.
  std::optional<ScreenshotReading> Read(std::string sender, std::string bytes,
                                        std::shared_ptr<const Matcher> matcher);

  size_t waiting();  // queued now, not yet being read

 private:
  struct Job {
    std::string sender, bytes;
    std::shared_ptr<const Matcher> matcher;
    Done done;
  };
  void Work();
  void Finish(const std::string& sender);

  const OcrPoolOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  std::map<std::string, size_t> per_sender_;  // queued or being read
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace beian
