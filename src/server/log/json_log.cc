#include "server/log/json_log.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <string>

namespace tarn::server {

std::string UtcTimestamp() {
  auto now = std::chrono::system_clock::now();
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     millis % 1000);
}

void LogEvent(std::string_view level, std::string_view message,
              const std::function<void(JsonWriter& json)>& fields) {
  std::string line;
  line.reserve(256);
  JsonWriter json(line);
  json.BeginObject();
  json.Key("level").String(level).Key("time").String(UtcTimestamp()).Key("msg").String(message);
  if (fields) fields(json);
  json.EndObject();
  line += '\n';
  // One write(2) per line: lines from different threads never interleave (stderr is unbuffered).
  size_t written = 0;
  while (written < line.size()) {
    ssize_t result = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
    if (result <= 0) return;  // nowhere to log to: never fail a request for it
    written += static_cast<size_t>(result);
  }
}

}  // namespace tarn::server
