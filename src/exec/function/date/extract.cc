// extract(field FROM x) / date_part(field, x) on DATE and TIMESTAMP -> BIGINT (DuckDB; 'epoch' in
// whole seconds), and the shorthands year(x), month(x), day(x), hour(x), minute(x), second(x),
// quarter(x), dayofweek(x), dayofyear(x), week(x). An unknown field is Error(kInvalidArgument).
#include "common/date_time.h"
#include "exec/function/date/date_part.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

template <class T>
int64_t ToMicros(T value) {
  if constexpr (sizeof(T) == 4) {
    return static_cast<int64_t>(value) * kMicrosPerDay;  // DATE
  } else {
    return value;
  }
}

template <class T>
void ExtractKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  int64_t row = ExecuteBinary<StringRef, T, int64_t>(
      *args[0], *args[1], count, result, [](StringRef field, T value, int64_t& out) {
        std::optional<DatePart> part = ParseDatePart(field.view());
        if (!part) return false;
        out = ExtractFromTimestamp(*part, ToMicros(value));
        return true;
      });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "unsupported date part '" + ValueAt<StringRef>(*args[0], row).ToString() + "'");
  }
}

template <DatePart kPart, class T>
struct FieldKernel {
  static int64_t Apply(T value) { return ExtractFromTimestamp(kPart, ToMicros(value)); }
};

template <DatePart kPart>
void RegisterField(FunctionRegistry& registry, const char* name) {
  registry.AddScalar(MakeScalar(name, {TypeId::kDate}, TypeId::kBigint,
                                UnaryFunction<int32_t, int64_t, FieldKernel<kPart, int32_t>>));
  registry.AddScalar(MakeScalar(name, {TypeId::kTimestamp}, TypeId::kBigint,
                                UnaryFunction<int64_t, int64_t, FieldKernel<kPart, int64_t>>));
}

}  // namespace

void RegisterExtract(FunctionRegistry& registry) {
  for (const char* name : {"extract", "date_part", "datepart"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kDate}, TypeId::kBigint,
                                  ExtractKernel<int32_t>));
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar, TypeId::kTimestamp}, TypeId::kBigint,
                                  ExtractKernel<int64_t>));
  }
  RegisterField<DatePart::kYear>(registry, "year");
  RegisterField<DatePart::kMonth>(registry, "month");
  RegisterField<DatePart::kDay>(registry, "day");
  RegisterField<DatePart::kDay>(registry, "dayofmonth");
  RegisterField<DatePart::kHour>(registry, "hour");
  RegisterField<DatePart::kMinute>(registry, "minute");
  RegisterField<DatePart::kSecond>(registry, "second");
  RegisterField<DatePart::kQuarter>(registry, "quarter");
  RegisterField<DatePart::kDayOfWeek>(registry, "dayofweek");
  RegisterField<DatePart::kDayOfYear>(registry, "dayofyear");
  RegisterField<DatePart::kWeek>(registry, "week");
  RegisterField<DatePart::kEpoch>(registry, "epoch");
}

}  // namespace tarn::exec
