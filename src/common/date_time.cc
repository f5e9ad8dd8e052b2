#include "common/date_time.h"

#include <cstdio>

namespace tarn {
namespace {

// Reads exactly 'count' digits at text[position]; advances position.
bool ReadDigits(std::string_view text, size_t& position, size_t count, uint32_t& out) {
  if (position + count > text.size()) return false;
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[position + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  position += count;
  out = value;
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Parses the date part and leaves 'position' after it.
bool ParseDatePart(std::string_view text, size_t& position, int32_t& days) {
  bool negative = false;
  if (position < text.size() && (text[position] == '-' || text[position] == '+')) {
    negative = text[position] == '-';
    ++position;
  }
  size_t start = position;
  int64_t year = 0;
  while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
    year = year * 10 + (text[position] - '0');
    ++position;
    if (position - start > 6) return false;
  }
  if (position - start < 4) return false;
  if (position >= text.size() || text[position] != '-') return false;
  ++position;
  uint32_t month = 0;
  uint32_t day = 0;
  if (!ReadDigits(text, position, 2, month)) return false;
  if (position >= text.size() || text[position] != '-') return false;
  ++position;
  if (!ReadDigits(text, position, 2, day)) return false;
  int32_t signed_year = static_cast<int32_t>(negative ? -year : year);
  if (!IsValidDate(signed_year, month, day)) return false;
  days = DaysFromCivil(signed_year, month, day);
  return true;
}

}  // namespace

// Algorithm: count days via 400-year eras (after H. Hinnant's "chrono-compatible low-level date
// algorithms" description).
int32_t DaysFromCivil(int32_t year, uint32_t month, uint32_t day) {
  int64_t y = static_cast<int64_t>(year) - (month <= 2);
  int64_t era = FloorDiv(y, 400);
  int64_t year_of_era = y - era * 400;
  int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return static_cast<int32_t>(era * 146097 + day_of_era - 719468);
}

void CivilFromDays(int32_t days, int32_t& year, uint32_t& month, uint32_t& day) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t day_of_era = z - era * 146097;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t y = year_of_era + era * 400;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t mp = (5 * day_of_year + 2) / 153;
  day = static_cast<uint32_t>(day_of_year - (153 * mp + 2) / 5 + 1);
  month = static_cast<uint32_t>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int32_t>(y + (month <= 2));
}

bool IsValidDate(int32_t year, uint32_t month, uint32_t day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  uint32_t limit = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= limit;
}

std::optional<int32_t> ParseDate(std::string_view text) {
  size_t position = 0;
  int32_t days = 0;
  if (!ParseDatePart(text, position, days) || position != text.size()) return std::nullopt;
  return days;
}

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  size_t position = 0;
  int32_t days = 0;
  if (!ParseDatePart(text, position, days)) return std::nullopt;
  int64_t micros = static_cast<int64_t>(days) * kMicrosPerDay;
  if (position == text.size()) return micros;
  if (text[position] != ' ' && text[position] != 'T') return std::nullopt;
  ++position;
  uint32_t hour = 0;
  uint32_t minute = 0;
  uint32_t second = 0;
  if (!ReadDigits(text, position, 2, hour)) return std::nullopt;
  if (position >= text.size() || text[position] != ':') return std::nullopt;
  ++position;
  if (!ReadDigits(text, position, 2, minute)) return std::nullopt;
  int64_t fraction = 0;
  if (position < text.size() && text[position] == ':') {
    ++position;
    if (!ReadDigits(text, position, 2, second)) return std::nullopt;
    if (position < text.size() && text[position] == '.') {
      ++position;
      size_t digits = 0;
      while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
        if (digits < 6) fraction = fraction * 10 + (text[position] - '0');
        ++digits;
        ++position;
      }
      if (digits == 0) return std::nullopt;
      for (size_t i = digits; i < 6; ++i) fraction *= 10;
    }
  }
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  micros += (static_cast<int64_t>(hour) * 3600 + minute * 60 + second) * kMicrosPerSecond + fraction;
  if (position < text.size() && text[position] == ' ') ++position;
  if (position < text.size()) {
    char sign = text[position];
    if (sign == 'Z' || sign == 'z') {
      ++position;
    } else if (sign == '+' || sign == '-') {
      ++position;
      uint32_t offset_hours = 0;
      uint32_t offset_minutes = 0;
      if (!ReadDigits(text, position, 2, offset_hours)) return std::nullopt;
      if (position < text.size() && text[position] == ':') ++position;
      if (position < text.size()) {
        if (!ReadDigits(text, position, 2, offset_minutes)) return std::nullopt;
      }
      int64_t offset = (static_cast<int64_t>(offset_hours) * 3600 + offset_minutes * 60) * kMicrosPerSecond;
      micros += sign == '+' ? -offset : offset;
    }
  }
  if (position != text.size()) return std::nullopt;
  return micros;
}

std::string FormatDate(int32_t days) {
  int32_t year;
  uint32_t month;
  uint32_t day;
  CivilFromDays(days, year, month, day);
  char buffer[32];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02u", year, month, day);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%d-%02u-%02u", year, month, day);
  }
  return buffer;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t rest = micros - days * kMicrosPerDay;
  int64_t seconds = rest / kMicrosPerSecond;
  int64_t fraction = rest % kMicrosPerSecond;
  std::string out = FormatDate(static_cast<int32_t>(days));
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), " %02d:%02d:%02d", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  out += buffer;
  if (fraction != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%06d", static_cast<int>(fraction));
    std::string digits(buffer);
    while (digits.back() == '0') digits.pop_back();
    out += digits;
  }
  return out;
}

}  // namespace tarn
