#include "exec/function/date/time_format.h"

#include <cstring>

#include "common/date_time.h"

namespace tarn::exec {
namespace {

constexpr const char* kMonthNames[12] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
constexpr const char* kDayNames[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};

int64_t FloorDivide(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

TimeFormatItem Field(TimeField field, bool pad = true) {
  TimeFormatItem item;
  item.field = field;
  item.pad = pad;
  return item;
}

void AddLiteral(std::vector<TimeFormatItem>& items, std::string_view text) {
  if (!items.empty() && items.back().field == TimeField::kLiteral) {
    items.back().literal += text;
    return;
  }
  TimeFormatItem item;
  item.literal = std::string(text);
  items.push_back(std::move(item));
}

bool CompileStrftime(std::string_view format, std::vector<TimeFormatItem>& items,
                     std::string& error) {
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      AddLiteral(items, format.substr(i, 1));
      continue;
    }
    if (++i == format.size()) {
      error = "format ends with '%'";
      return false;
    }
    bool pad = true;
    if (format[i] == '-' && i + 1 < format.size()) {
      pad = false;
      ++i;
    }
    switch (format[i]) {
      case 'Y':
        items.push_back(Field(TimeField::kYear, pad));
        break;
      case 'y':
        items.push_back(Field(TimeField::kYearTwoDigits, pad));
        break;
      case 'm':
        items.push_back(Field(TimeField::kMonth, pad));
        break;
      case 'd':
        items.push_back(Field(TimeField::kDay, pad));
        break;
      case 'H':
        items.push_back(Field(TimeField::kHour24, pad));
        break;
      case 'I':
        items.push_back(Field(TimeField::kHour12, pad));
        break;
      case 'M':
        items.push_back(Field(TimeField::kMinute, pad));
        break;
      case 'S':
        items.push_back(Field(TimeField::kSecond, pad));
        break;
      case 'f':
        items.push_back(Field(TimeField::kMicrosecond));
        break;
      case 'b':
      case 'h':
        items.push_back(Field(TimeField::kMonthAbbreviation));
        break;
      case 'B':
        items.push_back(Field(TimeField::kMonthName));
        break;
      case 'a':
        items.push_back(Field(TimeField::kDayAbbreviation));
        break;
      case 'A':
        items.push_back(Field(TimeField::kDayName));
        break;
      case 'j':
        items.push_back(Field(TimeField::kDayOfYear, pad));
        break;
      case 'w':
        items.push_back(Field(TimeField::kWeekdaySunday0));
        break;
      case 'u':
        items.push_back(Field(TimeField::kIsoWeekday));
        break;
      case 'p': {
        TimeFormatItem item = Field(TimeField::kMeridiem);
        item.text_case = TextCase::kUpper;
        items.push_back(item);
        break;
      }
      case '%':
        AddLiteral(items, "%");
        break;
      default:
        error = std::string("unsupported format specifier '%") + format[i] + "'";
        return false;
    }
  }
  return true;
}

// PostgreSQL template patterns (the date/time subset): matched longest first, case-sensitively
// for names (Month/MONTH/month choose the output case); FM turns off padding of the next pattern;
// "text" is literal; a backslash makes the next character literal.
bool CompilePostgres(std::string_view format, std::vector<TimeFormatItem>& items) {
  struct Pattern {
    const char* text;
    TimeField field;
    TextCase text_case;
    bool dots;
  };
  static constexpr Pattern kPatterns[] = {
      {"HH24", TimeField::kHour24, TextCase::kCapitalized, false},
      {"HH12", TimeField::kHour12, TextCase::kCapitalized, false},
      {"YYYY", TimeField::kYear, TextCase::kCapitalized, false},
      {"MONTH", TimeField::kMonthName, TextCase::kUpper, false},
      {"Month", TimeField::kMonthName, TextCase::kCapitalized, false},
      {"month", TimeField::kMonthName, TextCase::kLower, false},
      {"A.M.", TimeField::kMeridiem, TextCase::kUpper, true},
      {"P.M.", TimeField::kMeridiem, TextCase::kUpper, true},
      {"a.m.", TimeField::kMeridiem, TextCase::kLower, true},
      {"p.m.", TimeField::kMeridiem, TextCase::kLower, true},
      {"DDD", TimeField::kDayOfYear, TextCase::kCapitalized, false},
      {"MON", TimeField::kMonthAbbreviation, TextCase::kUpper, false},
      {"Mon", TimeField::kMonthAbbreviation, TextCase::kCapitalized, false},
      {"mon", TimeField::kMonthAbbreviation, TextCase::kLower, false},
      {"DAY", TimeField::kDayName, TextCase::kUpper, false},
      {"Day", TimeField::kDayName, TextCase::kCapitalized, false},
      {"day", TimeField::kDayName, TextCase::kLower, false},
      {"HH", TimeField::kHour12, TextCase::kCapitalized, false},
      {"MI", TimeField::kMinute, TextCase::kCapitalized, false},
      {"SS", TimeField::kSecond, TextCase::kCapitalized, false},
      {"MS", TimeField::kMillisecond, TextCase::kCapitalized, false},
      {"US", TimeField::kMicrosecond, TextCase::kCapitalized, false},
      {"YY", TimeField::kYearTwoDigits, TextCase::kCapitalized, false},
      {"MM", TimeField::kMonth, TextCase::kCapitalized, false},
      {"DD", TimeField::kDay, TextCase::kCapitalized, false},
      {"DY", TimeField::kDayAbbreviation, TextCase::kUpper, false},
      {"Dy", TimeField::kDayAbbreviation, TextCase::kCapitalized, false},
      {"dy", TimeField::kDayAbbreviation, TextCase::kLower, false},
      {"ID", TimeField::kIsoWeekday, TextCase::kCapitalized, false},
      {"AM", TimeField::kMeridiem, TextCase::kUpper, false},
      {"PM", TimeField::kMeridiem, TextCase::kUpper, false},
      {"am", TimeField::kMeridiem, TextCase::kLower, false},
      {"pm", TimeField::kMeridiem, TextCase::kLower, false},
      {"D", TimeField::kWeekdaySunday1, TextCase::kCapitalized, false},
      {"Q", TimeField::kQuarter, TextCase::kCapitalized, false},
  };
  bool fill_mode = false;
  for (size_t i = 0; i < format.size();) {
    std::string_view rest = format.substr(i);
    if (rest.substr(0, 2) == "FM" || rest.substr(0, 2) == "fm") {
      fill_mode = true;
      i += 2;
      continue;
    }
    if (rest[0] == '"') {
      size_t end = rest.find('"', 1);
      if (end == std::string_view::npos) end = rest.size();
      AddLiteral(items, rest.substr(1, end - 1));
      i += end + 1;
      continue;
    }
    if (rest[0] == '\\' && rest.size() > 1) {
      AddLiteral(items, rest.substr(1, 1));
      i += 2;
      continue;
    }
    const Pattern* found = nullptr;
    for (const Pattern& pattern : kPatterns) {
      size_t length = std::strlen(pattern.text);
      if (rest.substr(0, length) == pattern.text) {
        found = &pattern;
        break;
      }
    }
    if (found == nullptr) {
      AddLiteral(items, rest.substr(0, 1));
      ++i;
      continue;
    }
    TimeFormatItem item = Field(found->field, !fill_mode);
    item.text_case = found->text_case;
    item.dots = found->dots;
    item.pad_names = !fill_mode &&
                     (found->field == TimeField::kMonthName || found->field == TimeField::kDayName);
    items.push_back(item);
    fill_mode = false;
    i += std::strlen(found->text);
  }
  return true;
}

void AppendNumber(std::string& out, int64_t value, int width, bool pad) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) out += '-';
  if (pad && static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

void AppendName(std::string& out, std::string_view name, const TimeFormatItem& item) {
  size_t start = out.size();
  out += name;
  for (size_t i = start; i < out.size(); ++i) {
    if (item.text_case == TextCase::kUpper) out[i] = Upper(out[i]);
    if (item.text_case == TextCase::kLower) out[i] = Lower(out[i]);
  }
  if (item.pad_names && name.size() < 9) out.append(9 - name.size(), ' ');
}

// Reads up to 'max_digits' digits (at least one); false when there is none.
bool ReadNumber(std::string_view text, size_t& position, int max_digits, int64_t& value) {
  size_t start = position;
  value = 0;
  while (position < text.size() && position - start < static_cast<size_t>(max_digits) &&
         text[position] >= '0' && text[position] <= '9') {
    value = value * 10 + (text[position] - '0');
    ++position;
  }
  return position > start;
}

// Reads digits as a fraction of a second, in microseconds ("5" -> 500000).
bool ReadFraction(std::string_view text, size_t& position, int max_digits, int64_t& micros) {
  size_t start = position;
  int64_t scale = 100000;
  micros = 0;
  while (position < text.size() && position - start < static_cast<size_t>(max_digits) &&
         text[position] >= '0' && text[position] <= '9') {
    micros += (text[position] - '0') * scale;
    scale /= 10;
    ++position;
  }
  return position > start;
}

// Matches one of 'names' (or its first three letters) case-insensitively; returns its index.
bool ReadName(std::string_view text, size_t& position, const char* const* names, int count,
              bool abbreviated, int& index) {
  for (int n = 0; n < count; ++n) {
    std::string_view name = names[n];
    if (abbreviated) name = name.substr(0, 3);
    if (text.size() - position < name.size()) continue;
    bool equal = true;
    for (size_t k = 0; k < name.size() && equal; ++k) {
      equal = Lower(text[position + k]) == Lower(name[k]);
    }
    if (equal) {
      position += name.size();
      index = n;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<TimeFormat> TimeFormat::Compile(std::string_view format, TimeFormatDialect dialect,
                                              std::string& error) {
  TimeFormat compiled;
  compiled.dialect_ = dialect;
  bool ok = dialect == TimeFormatDialect::kStrftime
                ? CompileStrftime(format, compiled.items_, error)
                : CompilePostgres(format, compiled.items_);
  if (!ok) return std::nullopt;
  return compiled;
}

void TimeFormat::Format(int64_t micros, std::string& out) const {
  int64_t days = FloorDivide(micros, kMicrosPerDay);
  int64_t time = micros - days * kMicrosPerDay;
  int32_t year;
  uint32_t month;
  uint32_t day;
  CivilFromDays(static_cast<int32_t>(days), year, month, day);
  int64_t hour = time / (3600 * kMicrosPerSecond);
  int64_t weekday = FloorDivide(days + 4, 7) * -7 + days + 4;  // 0 = Sunday
  for (const TimeFormatItem& item : items_) {
    switch (item.field) {
      case TimeField::kLiteral:
        out += item.literal;
        break;
      case TimeField::kYear:
        AppendNumber(out, year, 4, item.pad);
        break;
      case TimeField::kYearTwoDigits:
        AppendNumber(out, ((year % 100) + 100) % 100, 2, item.pad);
        break;
      case TimeField::kMonth:
        AppendNumber(out, month, 2, item.pad);
        break;
      case TimeField::kDay:
        AppendNumber(out, day, 2, item.pad);
        break;
      case TimeField::kHour24:
        AppendNumber(out, hour, 2, item.pad);
        break;
      case TimeField::kHour12:
        AppendNumber(out, hour % 12 == 0 ? 12 : hour % 12, 2, item.pad);
        break;
      case TimeField::kMinute:
        AppendNumber(out, time / (60 * kMicrosPerSecond) % 60, 2, item.pad);
        break;
      case TimeField::kSecond:
        AppendNumber(out, time / kMicrosPerSecond % 60, 2, item.pad);
        break;
      case TimeField::kMillisecond:
        AppendNumber(out, time % kMicrosPerSecond / 1000, 3, true);
        break;
      case TimeField::kMicrosecond:
        AppendNumber(out, time % kMicrosPerSecond, 6, true);
        break;
      case TimeField::kMonthName:
        AppendName(out, kMonthNames[month - 1], item);
        break;
      case TimeField::kMonthAbbreviation:
        AppendName(out, std::string_view(kMonthNames[month - 1]).substr(0, 3), item);
        break;
      case TimeField::kDayName:
        AppendName(out, kDayNames[weekday], item);
        break;
      case TimeField::kDayAbbreviation:
        AppendName(out, std::string_view(kDayNames[weekday]).substr(0, 3), item);
        break;
      case TimeField::kDayOfYear:
        AppendNumber(out, days - DaysFromCivil(year, 1, 1) + 1, 3, item.pad);
        break;
      case TimeField::kWeekdaySunday0:
        AppendNumber(out, weekday, 1, false);
        break;
      case TimeField::kWeekdaySunday1:
        AppendNumber(out, weekday + 1, 1, false);
        break;
      case TimeField::kIsoWeekday:
        AppendNumber(out, weekday == 0 ? 7 : weekday, 1, false);
        break;
      case TimeField::kQuarter:
        AppendNumber(out, (month - 1) / 3 + 1, 1, false);
        break;
      case TimeField::kMeridiem: {
        const char* text = hour < 12 ? (item.dots ? "a.m." : "am") : (item.dots ? "p.m." : "pm");
        TimeFormatItem upper = item;
        upper.pad_names = false;
        AppendName(out, text, upper);
        break;
      }
    }
  }
}

bool TimeFormat::Parse(std::string_view text, int64_t& micros) const {
  int64_t year = 1900;
  int64_t month = 1;
  int64_t day = 1;
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  int64_t fraction = 0;
  int64_t day_of_year = -1;
  bool twelve_hour = false;
  bool afternoon = false;
  bool postgres = dialect_ == TimeFormatDialect::kPostgres;
  if (postgres) year = 1;  // PostgreSQL's to_timestamp default year is 0001
  size_t position = 0;
  for (const TimeFormatItem& item : items_) {
    int64_t value = 0;
    int index = 0;
    switch (item.field) {
      case TimeField::kLiteral:
        for (char c : item.literal) {
          if (c == ' ') {  // a blank in the format skips any run of blanks in the input
            while (position < text.size() && text[position] == ' ') ++position;
            continue;
          }
          if (position >= text.size() || text[position] != c) return false;
          ++position;
        }
        break;
      case TimeField::kYear: {
        bool negative = position < text.size() && text[position] == '-' && !postgres;
        if (negative) ++position;
        if (!ReadNumber(text, position, postgres ? 4 : 6, value)) return false;
        year = negative ? -value : value;
        break;
      }
      case TimeField::kYearTwoDigits:
        if (!ReadNumber(text, position, 2, value)) return false;
        // strptime (POSIX): 69-99 -> 19xx; PostgreSQL: the year nearest 2020.
        year = postgres ? (value < 70 ? 2000 + value : 1900 + value)
                        : (value < 69 ? 2000 + value : 1900 + value);
        break;
      case TimeField::kMonth:
        if (!ReadNumber(text, position, 2, month)) return false;
        break;
      case TimeField::kDay:
        if (!ReadNumber(text, position, 2, day)) return false;
        break;
      case TimeField::kHour24:
        if (!ReadNumber(text, position, 2, hour)) return false;
        break;
      case TimeField::kHour12:
        if (!ReadNumber(text, position, 2, hour) || hour < 1 || hour > 12) return false;
        twelve_hour = true;
        break;
      case TimeField::kMinute:
        if (!ReadNumber(text, position, 2, minute)) return false;
        break;
      case TimeField::kSecond:
        if (!ReadNumber(text, position, 2, second)) return false;
        break;
      case TimeField::kMillisecond:
        if (!ReadFraction(text, position, 3, fraction)) return false;
        break;
      case TimeField::kMicrosecond:
        if (!ReadFraction(text, position, 6, fraction)) return false;
        break;
      case TimeField::kMonthName:
      case TimeField::kMonthAbbreviation:
        if (!ReadName(text, position, kMonthNames, 12, item.field == TimeField::kMonthAbbreviation,
                      index)) {
          return false;
        }
        month = index + 1;
        break;
      case TimeField::kDayName:
      case TimeField::kDayAbbreviation:
        if (!ReadName(text, position, kDayNames, 7, item.field == TimeField::kDayAbbreviation,
                      index)) {
          return false;
        }
        break;  // the weekday is checked against nothing, as in PostgreSQL and strptime
      case TimeField::kDayOfYear:
        if (!ReadNumber(text, position, 3, day_of_year) || day_of_year < 1) return false;
        break;
      case TimeField::kWeekdaySunday0:
      case TimeField::kWeekdaySunday1:
      case TimeField::kIsoWeekday:
      case TimeField::kQuarter:
        if (!ReadNumber(text, position, 1, value)) return false;
        break;
      case TimeField::kMeridiem: {
        static const char* const kMeridiems[2] = {"am", "pm"};
        static const char* const kDotted[2] = {"a.m.", "p.m."};
        if (!ReadName(text, position, item.dots ? kDotted : kMeridiems, 2, false, index)) {
          return false;
        }
        afternoon = index == 1;
        break;
      }
    }
  }
  if (position != text.size()) return false;
  if (twelve_hour) hour = hour % 12 + (afternoon ? 12 : 0);
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (year < -290000 || year > 290000) return false;
  int64_t days;
  if (day_of_year > 0) {
    days = DaysFromCivil(static_cast<int32_t>(year), 1, 1) + day_of_year - 1;
    int32_t check_year;
    uint32_t check_month;
    uint32_t check_day;
    CivilFromDays(static_cast<int32_t>(days), check_year, check_month, check_day);
    if (check_year != year) return false;
  } else {
    if (!IsValidDate(static_cast<int32_t>(year), static_cast<uint32_t>(month),
                     static_cast<uint32_t>(day))) {
      return false;
    }
    days = DaysFromCivil(static_cast<int32_t>(year), static_cast<uint32_t>(month),
                         static_cast<uint32_t>(day));
  }
  micros =
      days * kMicrosPerDay + ((hour * 60 + minute) * 60 + second) * kMicrosPerSecond + fraction;
  return true;
}

}  // namespace tarn::exec
