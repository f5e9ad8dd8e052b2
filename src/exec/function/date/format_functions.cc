// Formatting and parsing dates and timestamps with a format string:
//   strftime(x, format), to_char(x, format)     DATE/TIMESTAMP -> VARCHAR
//   strptime(s, format), to_timestamp(s, format) VARCHAR -> TIMESTAMP
//   to_date(s, format)                          VARCHAR -> DATE (the time of day is dropped)
//   to_timestamp(seconds)                       DOUBLE epoch seconds -> TIMESTAMP
// strftime/strptime take C/DuckDB specifiers (%Y-%m-%d %H:%M:%S.%f), to_char/to_timestamp/to_date
// PostgreSQL template patterns (YYYY-MM-DD HH24:MI:SS.US); see time_format.h. tarn has no time
// zones, so to_timestamp returns TIMESTAMP (PostgreSQL: timestamptz in the session zone, UTC here).
// Input that does not match is Error(kInvalidArgument) naming the input and the format.
#include <cmath>

#include "common/date_time.h"
#include "exec/function/date/time_format.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

// The compiled form of the format in the current row, recompiled only when the format text changes
// (once per batch for a constant format).
class FormatCache {
 public:
  FormatCache(const ScalarCall& call, TimeFormatDialect dialect) : call_(call), dialect_(dialect) {}

  const TimeFormat& Get(std::string_view format) {
    if (compiled_ && format == text_) return *compiled_;
    std::string error;
    compiled_ = TimeFormat::Compile(format, dialect_, error);
    if (!compiled_) {
      ThrowAt(call_, ErrorCode::kInvalidArgument,
              error + " in format '" + std::string(format) + "'");
    }
    text_ = std::string(format);
    return *compiled_;
  }

 private:
  const ScalarCall& call_;
  TimeFormatDialect dialect_;
  std::optional<TimeFormat> compiled_;
  std::string text_;
};

template <TimeFormatDialect kDialect, class T>
void FormatKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  FormatCache cache(call, kDialect);
  std::string buffer;
  ExecuteRows<StringRef>(args, count, result, [&](size_t row, StringRef& out) {
    int64_t micros = ValueAt<T>(*args[0], row);
    if constexpr (sizeof(T) == 4) micros *= kMicrosPerDay;  // DATE
    buffer.clear();
    cache.Get(ValueAt<StringRef>(*args[1], row).view()).Format(micros, buffer);
    out = result.AddString(buffer);
    return true;
  });
}

template <TimeFormatDialect kDialect, bool kDate>
void ParseKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                 Vector& result) {
  FormatCache cache(call, kDialect);
  using Out = std::conditional_t<kDate, int32_t, int64_t>;
  int64_t row = ExecuteRows<Out>(args, count, result, [&](size_t row, Out& out) {
    int64_t micros;
    if (!cache.Get(ValueAt<StringRef>(*args[1], row).view())
             .Parse(ValueAt<StringRef>(*args[0], row).view(), micros)) {
      return false;
    }
    if constexpr (kDate) {
      int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
      out = static_cast<int32_t>(days);
    } else {
      out = micros;
    }
    return true;
  });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "could not parse '" + ValueAt<StringRef>(*args[0], row).ToString() + "' with format '" +
                ValueAt<StringRef>(*args[1], row).ToString() + "'");
  }
}

void EpochToTimestampKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                            size_t count, Vector& result) {
  int64_t row =
      ExecuteUnary<double, int64_t>(*args[0], count, result, [](double seconds, int64_t& out) {
        double micros = std::nearbyint(seconds * 1e6);
        if (!(micros > -9.2e18 && micros < 9.2e18)) return false;
        out = static_cast<int64_t>(micros);
        return true;
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "timestamp out of range");
}

}  // namespace

void RegisterFormatFunctions(FunctionRegistry& registry) {
  constexpr auto kC = TimeFormatDialect::kStrftime;
  constexpr auto kPg = TimeFormatDialect::kPostgres;
  const LogicalType text = TypeId::kVarchar;
  registry.AddScalar(
      MakeScalar("strftime", {TypeId::kTimestamp, text}, text, FormatKernel<kC, int64_t>));
  registry.AddScalar(
      MakeScalar("strftime", {TypeId::kDate, text}, text, FormatKernel<kC, int32_t>));
  registry.AddScalar(
      MakeScalar("to_char", {TypeId::kTimestamp, text}, text, FormatKernel<kPg, int64_t>));
  registry.AddScalar(
      MakeScalar("to_char", {TypeId::kDate, text}, text, FormatKernel<kPg, int32_t>));
  registry.AddScalar(
      MakeScalar("strptime", {text, text}, TypeId::kTimestamp, ParseKernel<kC, false>));
  registry.AddScalar(
      MakeScalar("to_timestamp", {text, text}, TypeId::kTimestamp, ParseKernel<kPg, false>));
  registry.AddScalar(MakeScalar("to_date", {text, text}, TypeId::kDate, ParseKernel<kPg, true>));
  registry.AddScalar(
      MakeScalar("to_timestamp", {TypeId::kDouble}, TypeId::kTimestamp, EpochToTimestampKernel));
}

}  // namespace tarn::exec
