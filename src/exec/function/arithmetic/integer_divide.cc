// a // b: integer division (truncating) on INTEGER and BIGINT; floor(a / b) on DOUBLE (DuckDB).
// A zero divisor is Error(kDivisionByZero).
#include <cmath>

#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {
namespace {

void DoubleIntegerDivideKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                               size_t count, Vector& result) {
  int64_t row = ExecuteBinary<double, double, double>(*args[0], *args[1], count, result,
                                                      [](double a, double b, double& out) {
                                                        out = std::floor(a / b);
                                                        return b != 0;
                                                      });
  if (row >= 0) ThrowAt(call, ErrorCode::kDivisionByZero, "division by zero");
}

}  // namespace

void RegisterIntegerDivide(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("//", {TypeId::kInteger, TypeId::kInteger}, TypeId::kInteger,
                                ArithmeticKernel<int32_t, DivideOperator>));
  registry.AddScalar(MakeScalar("//", {TypeId::kBigint, TypeId::kBigint}, TypeId::kBigint,
                                ArithmeticKernel<int64_t, DivideOperator>));
  registry.AddScalar(MakeScalar("//", {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble,
                                DoubleIntegerDivideKernel));
}

}  // namespace tarn::exec
