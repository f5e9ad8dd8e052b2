// The calendar fields of DATE and TIMESTAMP values shared by extract/date_part, year()/month()...,
// and date_trunc. Fields are named as in PostgreSQL ('year', 'month', 'day', 'hour', 'minute',
// 'second', 'millisecond', 'microsecond', 'dow', 'isodow', 'doy', 'epoch', 'quarter', 'week',
// 'decade', 'century', 'millennium', 'isoyear'), case-insensitive, with common plurals/aliases.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tarn::exec {

enum class DatePart : uint8_t {
  kYear, kMonth, kDay, kHour, kMinute, kSecond, kMillisecond, kMicrosecond, kDayOfWeek,
  kIsoDayOfWeek, kDayOfYear, kEpoch, kQuarter, kWeek, kDecade, kCentury, kMillennium, kIsoYear,
};

// Returns nullopt for an unknown field name.
std::optional<DatePart> ParseDatePart(std::string_view name);

// The field of a timestamp (microseconds since the epoch); 'second' is whole seconds, 'epoch' whole
// seconds (floor), 'millisecond'/'microsecond' include the seconds (PostgreSQL).
int64_t ExtractFromTimestamp(DatePart part, int64_t micros);

// Truncates to the start of the field's period ('week' starts on Monday). Returns false for a part
// that cannot truncate (dow, doy, epoch ...).
bool TruncateTimestamp(DatePart part, int64_t micros, int64_t& out);

}  // namespace tarn::exec
