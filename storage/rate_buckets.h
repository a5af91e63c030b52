#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace beian {

// Token buckets by key, shared by everything that limits with them: in
// memory for one process, in the database for many (so that N instances
// do not let N times as much through).
// Thread-safety: any thread. The database one throws StorageError.
class RateBuckets {
 public:
  virtual ~RateBuckets() = default;

  // Takes one token from the bucket `key` (full at first, `burst` tokens,
  // refilled at `per_second`) at `now`; false when it is empty. Never joins
  // the caller's Transaction: a token taken stays taken, and a turn does not
  // hold its chat's bucket until it commits.
  virtual bool Take(const std::string& key, double per_second, double burst,
                    std::chrono::system_clock::time_point now) = 0;
  // Puts back one token Take took (up to `burst`).
  virtual void Refund(const std::string& key, double burst) = 0;

  struct Want {
    std::string key;
    double per_second, burst;
  };
  // Take for each bucket of `wants` (distinct keys), each on its own: out[i]
  // says whether wants[i] got its token. Here one Take after another; the
  // database's asks for two tokens in one statement (the flood gate's sender
  // and chat).
  virtual std::vector<bool> TakeEach(const std::vector<Want>& wants,
                                     std::chrono::system_clock::time_point now) {
    std::vector<bool> out;
    out.reserve(wants.size());
    for (const Want& w : wants) out.push_back(Take(w.key, w.per_second, w.burst, now));
    return out;
  }
};

}  // namespace beian
