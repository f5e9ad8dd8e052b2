#include "cli/progress_line.h"

#include <fmt/format.h>

#include <algorithm>

namespace tarn::cli {

ProgressLine::ProgressLine(bool enabled, std::FILE* terminal, std::chrono::milliseconds delay)
    : enabled_(enabled), terminal_(terminal), delay_(delay) {}

void ProgressLine::Start() {
  std::lock_guard lock(mutex_);
  start_ = std::chrono::steady_clock::now();
  last_draw_ = {};
  drawn_ = false;
}

void ProgressLine::Update(double fraction) {
  if (!enabled_) return;
  std::unique_lock lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another thread is drawing
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < delay_ || now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  fraction = std::clamp(fraction, 0.0, 1.0);
  double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string line = fmt::format("\r[{:3.0f}%] {:.1f} s elapsed", fraction * 100, elapsed);
  if (fraction > 0.02 && fraction < 1) line += fmt::format(", about {:.1f} s left", elapsed * (1 - fraction) / fraction);
  line += "\033[K";
  std::fputs(line.c_str(), terminal_);
  std::fflush(terminal_);
  drawn_ = true;
}

void ProgressLine::Finish() {
  if (!enabled_) return;
  std::lock_guard lock(mutex_);
  if (drawn_) {
    std::fputs("\r\033[K", terminal_);
    std::fflush(terminal_);
  }
  drawn_ = false;
}

}  // namespace tarn::cli
