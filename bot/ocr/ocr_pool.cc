#include "bot/ocr/ocr_pool.h"

#include <future>
#include <iostream>

namespace beian {

OcrPool::OcrPool(OcrPoolOptions options) : options_(std::move(options)) {
  for (size_t i = 0; i < std::max<size_t>(1, options_.workers); ++i)
    threads_.emplace_back([this] { Work(); });
}

OcrPool::~OcrPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool OcrPool::Submit(std::string sender, std::string bytes, std::shared_ptr<const Matcher> matcher,
                     Done done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= options_.max_waiting) return false;
    size_t& mine = per_sender_[sender];
    if (mine >= options_.max_per_sender) {
      if (mine == 0) per_sender_.erase(sender);
      return false;
    }
    ++mine;
    jobs_.push_back({std::move(sender), std::move(bytes), std::move(matcher), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

std::optional<ScreenshotReading> OcrPool::Read(std::string sender, std::string bytes,
                                               std::shared_ptr<const Matcher> matcher) {
  auto promise = std::make_shared<std::promise<ScreenshotReading>>();
  auto future = promise->get_future();
  if (!Submit(std::move(sender), std::move(bytes), std::move(matcher),
              [promise](ScreenshotReading r) { promise->set_value(std::move(r)); }))
    return std::nullopt;
  return future.get();
}

size_t OcrPool::waiting() {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

void OcrPool::Finish(const std::string& sender) {
  std::lock_guard lock(mutex_);
  const auto it = per_sender_.find(sender);
  if (it != per_sender_.end() && --it->second == 0) per_sender_.erase(it);
}

void OcrPool::Work() {
  std::unique_ptr<OcrEngine> engine;
  bool unavailable = false;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    if (!engine && !unavailable) {
      try {
        engine = std::make_unique<OcrEngine>(options_.tessdata_dir);
      } catch (const OcrUnavailable& e) {
        std::cerr << "ocr: " << e.what() << '\n';
        unavailable = true;
      }
    }
    ScreenshotReading r;
    if (engine) {
      r = ReadScreenshot(job.bytes, *engine, *job.matcher, options_.limits);
    } else {
      r.verdict = ScreenshotVerdict::kBadImage;
      r.problem = ImageProblem::kCorrupt;
    }
    Finish(job.sender);
    job.done(std::move(r));
  }
}

}  // namespace beian
