// current_date, now() / current_timestamp: the time in UTC when the statement started
// (PostgreSQL's transaction time; tarn statements run alone). The binder replaces these calls with
// the statement's time (ScalarFunction::statement_time); the kernels read the clock directly and
// only run when a function is called outside a bound statement.
#include "exec/function/date/current_time.h"

#include <chrono>

#include "common/date_time.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {

int64_t CurrentTimeMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Value StatementTimeValue(LogicalType type, int64_t micros) {
  if (type.id() == TypeId::kDate) {
    int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
    return Value::Date(static_cast<int32_t>(days));
  }
  return Value::Timestamp(micros);
}

namespace {

void NowKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  MakeConstantResult(result, false);
  result.data<int64_t>()[0] = CurrentTimeMicros();
}

void CurrentDateKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                       Vector& result) {
  MakeConstantResult(result, false);
  result.data<int32_t>()[0] =
      static_cast<int32_t>(StatementTimeValue(TypeId::kDate, CurrentTimeMicros()).integer());
}

}  // namespace

void RegisterCurrentTime(FunctionRegistry& registry) {
  for (const char* name :
       {"now", "current_timestamp", "get_current_timestamp", "transaction_timestamp"}) {
    ScalarFunction function = MakeScalar(name, {}, TypeId::kTimestamp, NowKernel);
    function.deterministic = false;
    function.statement_time = true;
    registry.AddScalar(std::move(function));
  }
  for (const char* name : {"current_date", "today"}) {
    ScalarFunction function = MakeScalar(name, {}, TypeId::kDate, CurrentDateKernel);
    function.deterministic = false;
    function.statement_time = true;
    registry.AddScalar(std::move(function));
  }
}

}  // namespace tarn::exec
