#include "exec/function/date/interval.h"

#include <cmath>
#include <string>

#include "common/date_time.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

// Unit multipliers: months for calendar units, else microseconds (days kept apart).
enum class UnitKind { kMonths, kDays, kMicros };
struct Unit {
  const char* name;
  UnitKind kind;
  double amount;
};

constexpr Unit kUnits[] = {
    {"microsecond", UnitKind::kMicros, 1},
    {"microseconds", UnitKind::kMicros, 1},
    {"us", UnitKind::kMicros, 1},
    {"millisecond", UnitKind::kMicros, 1e3},
    {"milliseconds", UnitKind::kMicros, 1e3},
    {"ms", UnitKind::kMicros, 1e3},
    {"second", UnitKind::kMicros, 1e6},
    {"seconds", UnitKind::kMicros, 1e6},
    {"sec", UnitKind::kMicros, 1e6},
    {"secs", UnitKind::kMicros, 1e6},
    {"s", UnitKind::kMicros, 1e6},
    {"minute", UnitKind::kMicros, 6e7},
    {"minutes", UnitKind::kMicros, 6e7},
    {"min", UnitKind::kMicros, 6e7},
    {"mins", UnitKind::kMicros, 6e7},
    {"m", UnitKind::kMicros, 6e7},
    {"hour", UnitKind::kMicros, 3.6e9},
    {"hours", UnitKind::kMicros, 3.6e9},
    {"hr", UnitKind::kMicros, 3.6e9},
    {"hrs", UnitKind::kMicros, 3.6e9},
    {"h", UnitKind::kMicros, 3.6e9},
    {"day", UnitKind::kDays, 1},
    {"days", UnitKind::kDays, 1},
    {"d", UnitKind::kDays, 1},
    {"week", UnitKind::kDays, 7},
    {"weeks", UnitKind::kDays, 7},
    {"w", UnitKind::kDays, 7},
    {"month", UnitKind::kMonths, 1},
    {"months", UnitKind::kMonths, 1},
    {"mon", UnitKind::kMonths, 1},
    {"mons", UnitKind::kMonths, 1},
    {"year", UnitKind::kMonths, 12},
    {"years", UnitKind::kMonths, 12},
    {"yr", UnitKind::kMonths, 12},
    {"yrs", UnitKind::kMonths, 12},
    {"y", UnitKind::kMonths, 12},
    {"decade", UnitKind::kMonths, 120},
    {"decades", UnitKind::kMonths, 120},
    {"century", UnitKind::kMonths, 1200},
    {"centuries", UnitKind::kMonths, 1200},
    {"millennium", UnitKind::kMonths, 12000},
    {"millennia", UnitKind::kMonths, 12000},
    {"millenniums", UnitKind::kMonths, 12000},
};

const Unit* FindUnit(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const Unit& unit : kUnits) {
    if (lower == unit.name) return &unit;
  }
  return nullptr;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Parses [-]HH:MM[:SS[.ffffff]] into microseconds.
bool ParseClock(std::string_view text, int64_t& micros) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative || (!text.empty() && text[0] == '+')) text.remove_prefix(1);
  int64_t parts[3] = {0, 0, 0};
  int64_t fraction = 0;
  int part = 0;
  size_t i = 0;
  while (part < 3) {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < 9) {
      parts[part] = parts[part] * 10 + (text[i] - '0');
      ++i;
    }
    if (i == start) return false;
    ++part;
    if (i < text.size() && text[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (part < 2) return false;
  if (i < text.size() && text[i] == '.' && part == 3) {
    ++i;
    int64_t scale = 100000;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      fraction += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
  }
  if (i != text.size() || parts[1] > 59 || parts[2] > 59) return false;
  micros = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * kMicrosPerSecond + fraction;
  if (negative) micros = -micros;
  return true;
}

void IntervalAddKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                       Vector& result) {
  int64_t row = ExecuteRows<int64_t>(args, count, result, [&](size_t row, int64_t& out) {
    Interval interval;
    interval.months = ValueAt<int32_t>(*args[1], row);
    interval.days = ValueAt<int32_t>(*args[2], row);
    interval.micros = ValueAt<int64_t>(*args[3], row);
    return AddInterval(ValueAt<int64_t>(*args[0], row), interval, out);
  });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "timestamp out of range");
}

}  // namespace

std::optional<Interval> ParseInterval(std::string_view text) {
  double months = 0;
  double days = 0;
  double micros = 0;
  size_t i = 0;
  bool any = false;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size()) break;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    std::string_view token = text.substr(start, i - start);
    if (token.find(':') != std::string_view::npos) {
      int64_t clock;
      if (!ParseClock(token, clock)) return std::nullopt;
      micros += static_cast<double>(clock);
      any = true;
      continue;
    }
    // A number, then a unit (possibly glued on: "2h" is not PostgreSQL; require a space or none).
    size_t digits = 0;
    while (digits < token.size() &&
           ((token[digits] >= '0' && token[digits] <= '9') || token[digits] == '.' ||
            (digits == 0 && (token[digits] == '-' || token[digits] == '+')))) {
      ++digits;
    }
    std::string number(token.substr(0, digits));
    if (number.empty() || number == "-" || number == "+" || number == ".") return std::nullopt;
    char* end = nullptr;
    double amount = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return std::nullopt;
    std::string_view unit_text = token.substr(digits);
    if (unit_text.empty()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      size_t unit_start = i;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      unit_text = text.substr(unit_start, i - unit_start);
      if (unit_text.empty()) {  // a bare number is seconds (PostgreSQL)
        micros += amount * 1e6;
        any = true;
        continue;
      }
    }
    const Unit* unit = FindUnit(unit_text);
    if (unit == nullptr) return std::nullopt;
    double value = amount * unit->amount;
    if (unit->kind == UnitKind::kMonths) {
      months += value;
    } else if (unit->kind == UnitKind::kDays) {
      days += value;
    } else {
      micros += value;
    }
    any = true;
  }
  if (!any) return std::nullopt;
  // Fractions spill down: a month is 30 days, a day 24 hours (PostgreSQL).
  double whole_months = std::trunc(months);
  days += (months - whole_months) * 30;
  double whole_days = std::trunc(days);
  micros += (days - whole_days) * 86400e6;
  if (std::fabs(whole_months) > 2147483647 || std::fabs(whole_days) > 2147483647 ||
      std::fabs(micros) > 9.2e18) {
    return std::nullopt;
  }
  Interval interval;
  interval.months = static_cast<int32_t>(whole_months);
  interval.days = static_cast<int32_t>(whole_days);
  interval.micros = static_cast<int64_t>(std::nearbyint(micros));
  return interval;
}

bool AddInterval(int64_t micros, const Interval& interval, int64_t& out) {
  int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
  int64_t time = micros - days * kMicrosPerDay;
  if (interval.months != 0) {
    int32_t year;
    uint32_t month;
    uint32_t day;
    CivilFromDays(static_cast<int32_t>(days), year, month, day);
    int64_t total = static_cast<int64_t>(year) * 12 + (month - 1) + interval.months;
    int64_t new_year = total / 12 - (total % 12 < 0 ? 1 : 0);
    auto new_month = static_cast<uint32_t>(total - new_year * 12 + 1);
    if (new_year < -290000 || new_year > 290000) return false;
    while (day > 28 && !IsValidDate(static_cast<int32_t>(new_year), new_month, day)) --day;
    days = DaysFromCivil(static_cast<int32_t>(new_year), new_month, day);
  }
  days += interval.days;
  if (days < -106000000 || days > 106000000) return false;
  return !__builtin_add_overflow(days * kMicrosPerDay + time, interval.micros, &out);
}

void RegisterInterval(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar(
      "__interval_add", {TypeId::kTimestamp, TypeId::kInteger, TypeId::kInteger, TypeId::kBigint},
      TypeId::kTimestamp, IntervalAddKernel));
}

}  // namespace tarn::exec
