// Aggregate functions, registered in this order.
#include "exec/function/builtin_functions.h"

namespace tarn::exec {

void RegisterCount(FunctionRegistry& registry);
void RegisterSum(FunctionRegistry& registry);
void RegisterAvg(FunctionRegistry& registry);
void RegisterMinMax(FunctionRegistry& registry);
void RegisterVariance(FunctionRegistry& registry);
void RegisterBoolAndOr(FunctionRegistry& registry);
void RegisterDistinctAggregates(FunctionRegistry& registry);
void RegisterQuantile(FunctionRegistry& registry);
void RegisterQuantileDisc(FunctionRegistry& registry);
void RegisterStringAgg(FunctionRegistry& registry);

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  RegisterCount(registry);
  RegisterSum(registry);
  RegisterAvg(registry);
  RegisterMinMax(registry);
  RegisterVariance(registry);
  RegisterBoolAndOr(registry);
  RegisterDistinctAggregates(registry);
  RegisterQuantile(registry);
  RegisterQuantileDisc(registry);
  RegisterStringAgg(registry);
}

}  // namespace tarn::exec
