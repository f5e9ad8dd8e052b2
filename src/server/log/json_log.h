// The server's structured log: one JSON object per line on stderr ({"level", "time", "msg", then
// the caller's fields}). Never bodies, SQL text, tokens or passwords.
#pragma once

#include <functional>
#include <string_view>

#include "server/json/json_writer.h"

namespace tarn::server {

// Thread-safe: a line is written with one write(2). 'fields' adds keys to the object (may be empty).
void LogEvent(std::string_view level, std::string_view message,
              const std::function<void(JsonWriter& json)>& fields = {});

// Returns the current UTC time as "2026-12-01T20:54:13.123Z".
std::string UtcTimestamp();

}  // namespace tarn::server
