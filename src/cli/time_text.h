// How CLI listings print a point in time: UTC "YYYY-MM-DD HH:MM:SS".
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace tarn::cli {

// 'unix_seconds' as UTC text; 'unset' for values <= 0 (never set, never expires ...).
inline std::string FormatUnixSeconds(int64_t unix_seconds, std::string_view unset) {
  if (unix_seconds <= 0) return std::string(unset);
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm parts;
  ::gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", &parts);
  return text;
}

}  // namespace tarn::cli
