// INTERVAL literals ('1 day', '2 hours 30 minutes', '1 year 2 months', '-3 days', '1 day 02:00:00')
// and adding them to timestamps. tarn has no INTERVAL column type yet: the binder folds an
// INTERVAL literal into `timestamp ± interval` as the internal function
// __interval_add(timestamp, months, days, micros) (see RegisterInterval).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tarn::exec {

// PostgreSQL's interval fields: months, days and microseconds are kept apart because a month and
// a day have no fixed length in microseconds.
struct Interval {
  int32_t months = 0;
  int32_t days = 0;
  int64_t micros = 0;
};

// Parses PostgreSQL interval text: a sequence of "<number> <unit>" (units: microsecond(s)/us,
// millisecond(s)/ms, second(s)/sec(s)/s, minute(s)/min(s)/m, hour(s)/hr(s)/h, day(s)/d, week(s)/w,
// month(s)/mon(s), year(s)/yr(s)/y, decade(s), century/centuries, millennium/millennia) and an
// optional [-]HH:MM[:SS[.ffffff]] time. Fractions spill into smaller fields as in PostgreSQL
// ('1.5 days' = 1 day 12 hours, '1.5 months' = 1 month 15 days). nullopt when malformed or out of
// range.
std::optional<Interval> ParseInterval(std::string_view text);

// 'micros' (a TIMESTAMP) plus 'interval': months first (the day clamped to the month's last day,
// 2024-01-31 + 1 month = 2024-02-29), then days, then microseconds (PostgreSQL, DuckDB). False when
// the result is out of range.
bool AddInterval(int64_t micros, const Interval& interval, int64_t& out);

}  // namespace tarn::exec
