// date + integer, integer + date, date - integer -> DATE; date - date -> INTEGER days (PostgreSQL).
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

void DatePlusDaysKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                        size_t count, Vector& result) {
  int64_t row = ExecuteBinary<int32_t, int32_t, int32_t>(
      *args[0], *args[1], count, result,
      [](int32_t date, int32_t days, int32_t& out) { return !__builtin_add_overflow(date, days, &out); });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "date out of range");
}

void DaysPlusDateKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                        size_t count, Vector& result) {
  std::vector<const Vector*> swapped = {args[1], args[0]};
  DatePlusDaysKernel(call, swapped, count, result);
}

void DateMinusDaysKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                         size_t count, Vector& result) {
  int64_t row = ExecuteBinary<int32_t, int32_t, int32_t>(
      *args[0], *args[1], count, result,
      [](int32_t date, int32_t days, int32_t& out) { return !__builtin_sub_overflow(date, days, &out); });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "date out of range");
}

}  // namespace

void RegisterDateArithmetic(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("+", {TypeId::kDate, TypeId::kInteger}, TypeId::kDate,
                                DatePlusDaysKernel));
  registry.AddScalar(MakeScalar("+", {TypeId::kInteger, TypeId::kDate}, TypeId::kDate,
                                DaysPlusDateKernel));
  registry.AddScalar(MakeScalar("-", {TypeId::kDate, TypeId::kInteger}, TypeId::kDate,
                                DateMinusDaysKernel));
  // Subtracting day numbers cannot overflow an int32 difference of valid dates by much; checked.
  registry.AddScalar(MakeScalar("-", {TypeId::kDate, TypeId::kDate}, TypeId::kInteger,
                                DateMinusDaysKernel));
}

}  // namespace tarn::exec
