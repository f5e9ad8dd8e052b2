#include "server/protection/token_bucket.h"

#include <algorithm>

namespace tarn::server {

void TokenBucket::Refill(double now_seconds) {
  if (now_seconds > updated_) {
    tokens_ = std::min(burst_, tokens_ + (now_seconds - updated_) * rate_);
    updated_ = now_seconds;
  }
}

double TokenBucket::TryTake(double now_seconds) {
  Refill(now_seconds);
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return 0;
  }
  return rate_ > 0 ? (1 - tokens_) / rate_ : 1e9;
}

double RateLimiter::Admit(std::string_view key, double now_seconds) {
  if (rate_ <= 0) return 0;
  std::lock_guard lock(mutex_);
  if (buckets_.size() > 1024 && now_seconds - last_sweep_ > 1) DropIdle(now_seconds);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::string(key), TokenBucket(rate_, burst_, now_seconds)).first;
  }
  return it->second.TryTake(now_seconds);
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

void RateLimiter::DropIdle(double now_seconds) {
  last_sweep_ = now_seconds;
  double refill_seconds = burst_ / rate_;
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (now_seconds - it->second.updated() >= refill_seconds) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace tarn::server
