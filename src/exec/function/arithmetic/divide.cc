// a / b: integer division truncates (7 / 2 = 3); DECIMAL / DECIMAL is DOUBLE; a zero divisor is
// Error(kDivisionByZero) for every type, doubles included (PostgreSQL).
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {
namespace {

void DecimalDivideKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                         size_t count, Vector& result) {
  const auto& data = static_cast<const DecimalArithmeticData&>(*call.bind_data);
  // (a / 10^s1) / (b / 10^s2) = (a / b) * 10^(s2 - s1)
  int exponent = data.right_scale - data.left_scale;
  double factor = exponent >= 0 ? static_cast<double>(PowerOfTen(exponent)) : 1.0;
  double divisor = exponent < 0 ? static_cast<double>(PowerOfTen(-exponent)) : 1.0;
  int64_t row = ExecuteBinary<int64_t, int64_t, double>(
      *args[0], *args[1], count, result, [factor, divisor](int64_t a, int64_t b, double& out) {
        out = static_cast<double>(a) / static_cast<double>(b) * factor / divisor;
        return b != 0;
      });
  if (row >= 0) ThrowAt(call, ErrorCode::kDivisionByZero, "division by zero");
}

std::unique_ptr<FunctionData> BindDecimalDivide(const std::vector<LogicalType>& types,
                                                LogicalType& return_type) {
  return_type = TypeId::kDouble;
  auto data = std::make_unique<DecimalArithmeticData>();
  data->left_scale = types[0].scale();
  data->right_scale = types[1].scale();
  return data;
}

}  // namespace

void RegisterDivide(FunctionRegistry& registry) {
  RegisterNumericArithmetic<DivideOperator>(registry, "/");
  ScalarFunction decimal =
      MakeScalar("/", {AnyDecimal(), AnyDecimal()}, TypeId::kDouble, DecimalDivideKernel);
  decimal.bind = BindDecimalDivide;
  registry.AddScalar(std::move(decimal));
}

}  // namespace tarn::exec
