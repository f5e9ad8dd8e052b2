// The explicit registration list of built-in functions: one Register<Category>Functions() per
// category folder (its function_list.cc), called in a fixed order by FunctionRegistry::BuiltIn().
#pragma once

#include "exec/function/function.h"

namespace tarn::exec {

void RegisterArithmeticFunctions(FunctionRegistry& registry);
void RegisterComparisonFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterDateFunctions(FunctionRegistry& registry);
void RegisterGenericFunctions(FunctionRegistry& registry);
void RegisterAggregateFunctions(FunctionRegistry& registry);

// Registers every built-in function into 'registry'.
void RegisterAllFunctions(FunctionRegistry& registry);

}  // namespace tarn::exec
