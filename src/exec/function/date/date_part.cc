#include "exec/function/date/date_part.h"

#include <string>

#include "common/date_time.h"

namespace tarn::exec {
namespace {

int64_t FloorDivide(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t FloorModulo(int64_t a, int64_t b) { return a - FloorDivide(a, b) * b; }

// ISO 8601 week number and week-based year of a day number.
void IsoWeek(int32_t days, int64_t& iso_year, int64_t& week) {
  int64_t iso_dow = FloorModulo(days + 3, 7) + 1;  // 1970-01-01 was a Thursday: Monday = 1
  int64_t thursday = days - iso_dow + 4;
  int32_t year;
  uint32_t month;
  uint32_t day;
  CivilFromDays(static_cast<int32_t>(thursday), year, month, day);
  int64_t first = DaysFromCivil(year, 1, 1);
  iso_year = year;
  week = (thursday - first) / 7 + 1;
}

}  // namespace

std::optional<DatePart> ParseDatePart(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  struct Entry {
    const char* name;
    DatePart part;
  };
  static constexpr Entry kEntries[] = {
      {"year", DatePart::kYear},          {"years", DatePart::kYear},
      {"y", DatePart::kYear},             {"month", DatePart::kMonth},
      {"months", DatePart::kMonth},       {"mon", DatePart::kMonth},
      {"day", DatePart::kDay},            {"days", DatePart::kDay},
      {"d", DatePart::kDay},              {"hour", DatePart::kHour},
      {"hours", DatePart::kHour},         {"h", DatePart::kHour},
      {"minute", DatePart::kMinute},      {"minutes", DatePart::kMinute},
      {"min", DatePart::kMinute},         {"second", DatePart::kSecond},
      {"seconds", DatePart::kSecond},     {"sec", DatePart::kSecond},
      {"s", DatePart::kSecond},           {"millisecond", DatePart::kMillisecond},
      {"milliseconds", DatePart::kMillisecond}, {"ms", DatePart::kMillisecond},
      {"microsecond", DatePart::kMicrosecond},  {"microseconds", DatePart::kMicrosecond},
      {"us", DatePart::kMicrosecond},     {"dow", DatePart::kDayOfWeek},
      {"dayofweek", DatePart::kDayOfWeek}, {"isodow", DatePart::kIsoDayOfWeek},
      {"doy", DatePart::kDayOfYear},      {"dayofyear", DatePart::kDayOfYear},
      {"epoch", DatePart::kEpoch},        {"quarter", DatePart::kQuarter},
      {"week", DatePart::kWeek},          {"weeks", DatePart::kWeek},
      {"w", DatePart::kWeek},             {"decade", DatePart::kDecade},
      {"century", DatePart::kCentury},    {"millennium", DatePart::kMillennium},
      {"isoyear", DatePart::kIsoYear},
  };
  for (const Entry& entry : kEntries) {
    if (lower == entry.name) return entry.part;
  }
  return std::nullopt;
}

int64_t ExtractFromTimestamp(DatePart part, int64_t micros) {
  int64_t days = FloorDivide(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  int32_t year;
  uint32_t month;
  uint32_t day;
  CivilFromDays(static_cast<int32_t>(days), year, month, day);
  switch (part) {
    case DatePart::kYear: return year;
    case DatePart::kMonth: return month;
    case DatePart::kDay: return day;
    case DatePart::kHour: return time / (3600 * kMicrosPerSecond);
    case DatePart::kMinute: return time / (60 * kMicrosPerSecond) % 60;
    case DatePart::kSecond: return time / kMicrosPerSecond % 60;
    case DatePart::kMillisecond: return time % (60 * kMicrosPerSecond) / 1000;
    case DatePart::kMicrosecond: return time % (60 * kMicrosPerSecond);
    case DatePart::kDayOfWeek: return FloorModulo(days + 4, 7);
    case DatePart::kIsoDayOfWeek: return FloorModulo(days + 3, 7) + 1;
    case DatePart::kDayOfYear: return days - DaysFromCivil(year, 1, 1) + 1;
    case DatePart::kEpoch: return FloorDivide(micros, kMicrosPerSecond);
    case DatePart::kQuarter: return (month - 1) / 3 + 1;
    case DatePart::kWeek:
    case DatePart::kIsoYear: {
      int64_t iso_year;
      int64_t week;
      IsoWeek(static_cast<int32_t>(days), iso_year, week);
      return part == DatePart::kWeek ? week : iso_year;
    }
    case DatePart::kDecade: return FloorDivide(year, 10);
    case DatePart::kCentury: return year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
    case DatePart::kMillennium: return year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
  }
  return 0;
}

bool TruncateTimestamp(DatePart part, int64_t micros, int64_t& out) {
  int64_t days = FloorDivide(micros, kMicrosPerDay);
  int32_t year;
  uint32_t month;
  uint32_t day;
  CivilFromDays(static_cast<int32_t>(days), year, month, day);
  auto at_day = [](int64_t day_number) { return day_number * kMicrosPerDay; };
  switch (part) {
    case DatePart::kMillennium:
      out = at_day(DaysFromCivil(static_cast<int32_t>(FloorDivide(year - 1, 1000) * 1000 + 1), 1, 1));
      return true;
    case DatePart::kCentury:
      out = at_day(DaysFromCivil(static_cast<int32_t>(FloorDivide(year - 1, 100) * 100 + 1), 1, 1));
      return true;
    case DatePart::kDecade:
      out = at_day(DaysFromCivil(static_cast<int32_t>(FloorDivide(year, 10) * 10), 1, 1));
      return true;
    case DatePart::kYear: out = at_day(DaysFromCivil(year, 1, 1)); return true;
    case DatePart::kQuarter:
      out = at_day(DaysFromCivil(year, (month - 1) / 3 * 3 + 1, 1));
      return true;
    case DatePart::kMonth: out = at_day(DaysFromCivil(year, month, 1)); return true;
    case DatePart::kWeek: out = at_day(days - FloorModulo(days + 3, 7)); return true;
    case DatePart::kDay: out = at_day(days); return true;
    case DatePart::kHour: out = micros - FloorModulo(micros, 3600 * kMicrosPerSecond); return true;
    case DatePart::kMinute: out = micros - FloorModulo(micros, 60 * kMicrosPerSecond); return true;
    case DatePart::kSecond: out = micros - FloorModulo(micros, kMicrosPerSecond); return true;
    case DatePart::kMillisecond: out = micros - FloorModulo(micros, 1000); return true;
    case DatePart::kMicrosecond: out = micros; return true;
    default: return false;
  }
}

}  // namespace tarn::exec
