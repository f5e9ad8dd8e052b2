// Rate limits for the HTTP server (WAF-style): a token bucket, and a table of buckets keyed by
// source address or principal. Time is passed in, so tests need no clock.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tarn::server {

// A bucket holding up to 'burst' tokens, refilled at 'rate' tokens per second. Not thread-safe.
class TokenBucket {
 public:
  TokenBucket(double rate, double burst, double now_seconds)
      : rate_(rate), burst_(burst), tokens_(burst), updated_(now_seconds) {}

  // Takes one token at time 'now_seconds' if there is one and returns 0; otherwise takes nothing
  // and returns the seconds until a token is available (> 0).
  double TryTake(double now_seconds);
  double tokens() const { return tokens_; }
  double updated() const { return updated_; }

 private:
  void Refill(double now_seconds);

  double rate_;
  double burst_;
  double tokens_;
  double updated_;
};

// Buckets per key ("ip:127.0.0.1", "principal:alice"). Thread-safe. A rate of 0 disables limiting.
// Buckets idle long enough to be full again are dropped, so memory stays bounded by the active keys.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}

  // Returns 0 if a request from 'key' may proceed now, else the seconds to wait (Retry-After).
  double Admit(std::string_view key, double now_seconds);
  size_t size() const;
  bool enabled() const { return rate_ > 0; }

 private:
  void DropIdle(double now_seconds);

  double rate_;
  double burst_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, TokenBucket> buckets_;
  double last_sweep_ = 0;
};

}  // namespace tarn::server
