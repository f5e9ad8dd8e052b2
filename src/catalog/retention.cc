#include "catalog/retention.h"

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::catalog {

std::chrono::microseconds ParseRetention(std::string_view text) {
  size_t digits = 0;
  int64_t number = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9' && digits < 9) {
    number = number * 10 + (text[digits] - '0');
    ++digits;
  }
  std::string_view unit = text.substr(digits);
  int64_t seconds = unit == "d"   ? 86400
                    : unit == "h" ? 3600
                    : unit == "m" ? 60
                    : unit == "s" || (unit.empty() && number == 0) ? 1
                                                                   : 0;
  if (digits == 0 || seconds == 0) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("bad retention '{}': expected a number with d, h, m or s (7d, 12h)",
                            text));
  }
  return std::chrono::seconds(number * seconds);
}

}  // namespace tarn::catalog
