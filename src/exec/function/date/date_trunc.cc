// date_trunc(field, x): x truncated to the start of its year/quarter/month/week (Monday)/day/hour/
// minute/second... TIMESTAMP in, TIMESTAMP out; DATE in, DATE out (DuckDB).
#include "common/date_time.h"
#include "exec/function/date/date_part.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

void TruncateTimestampKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                             size_t count, Vector& result) {
  int64_t row = ExecuteBinary<StringRef, int64_t, int64_t>(
      *args[0], *args[1], count, result, [](StringRef field, int64_t value, int64_t& out) {
        std::optional<DatePart> part = ParseDatePart(field.view());
        return part && TruncateTimestamp(*part, value, out);
      });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "unsupported date_trunc unit '" + ValueAt<StringRef>(*args[0], row).ToString() + "'");
  }
}

void TruncateDateKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                        size_t count, Vector& result) {
  int64_t row = ExecuteBinary<StringRef, int32_t, int32_t>(
      *args[0], *args[1], count, result, [](StringRef field, int32_t days, int32_t& out) {
        std::optional<DatePart> part = ParseDatePart(field.view());
        int64_t micros;
        if (!part || !TruncateTimestamp(*part, static_cast<int64_t>(days) * kMicrosPerDay, micros)) {
          return false;
        }
        int64_t truncated_days = micros / kMicrosPerDay;
        if (micros % kMicrosPerDay < 0) --truncated_days;
        out = static_cast<int32_t>(truncated_days);
        return true;
      });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "unsupported date_trunc unit '" + ValueAt<StringRef>(*args[0], row).ToString() + "'");
  }
}

}  // namespace

void RegisterDateTrunc(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("date_trunc", {TypeId::kVarchar, TypeId::kDate}, TypeId::kDate,
                                TruncateDateKernel));
  registry.AddScalar(MakeScalar("date_trunc", {TypeId::kVarchar, TypeId::kTimestamp},
                                TypeId::kTimestamp, TruncateTimestampKernel));
}

}  // namespace tarn::exec
