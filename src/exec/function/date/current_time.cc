// current_date, now() / current_timestamp: the wall clock in UTC when the batch is evaluated.
// Not deterministic, so never constant-folded.
#include <chrono>

#include "common/date_time.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void NowKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  MakeConstantResult(result, false);
  result.data<int64_t>()[0] = NowMicros();
}

void CurrentDateKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                       size_t count, Vector& result) {
  MakeConstantResult(result, false);
  int64_t micros = NowMicros();
  result.data<int32_t>()[0] = static_cast<int32_t>(micros / kMicrosPerDay);
}

}  // namespace

void RegisterCurrentTime(FunctionRegistry& registry) {
  for (const char* name : {"now", "current_timestamp", "get_current_timestamp"}) {
    ScalarFunction function = MakeScalar(name, {}, TypeId::kTimestamp, NowKernel);
    function.deterministic = false;
    registry.AddScalar(std::move(function));
  }
  for (const char* name : {"current_date", "today"}) {
    ScalarFunction function = MakeScalar(name, {}, TypeId::kDate, CurrentDateKernel);
    function.deterministic = false;
    registry.AddScalar(std::move(function));
  }
}

}  // namespace tarn::exec
