// The single updating progress line `tarn sql` draws on stderr while a long query runs (only when
// stderr is a terminal): "[ 42%] 3.1 s elapsed, about 4.3 s left". Cleared when the query ends.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>

namespace tarn::cli {

// Thread-safe: Update() may be called from any engine thread.
class ProgressLine {
 public:
  // 'enabled' false makes every call a no-op (stderr not a terminal). Nothing is drawn before
  // 'delay' has passed, so short queries never flicker.
  explicit ProgressLine(bool enabled, std::FILE* terminal = stderr,
                        std::chrono::milliseconds delay = std::chrono::milliseconds(1000));

  // Starts timing a new query.
  void Start();
  // Reports that 'fraction' in [0,1] of the query is done. Redraws at most ten times a second.
  void Update(double fraction);
  // Erases the line if it was drawn.
  void Finish();

 private:
  bool enabled_;
  std::FILE* terminal_;
  std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace tarn::cli
