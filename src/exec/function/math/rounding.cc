// round(x[, digits]), floor(x), ceil(x)/ceiling(x), trunc(x). Doubles round half away from zero
// (DuckDB; PostgreSQL's float8 round uses rint). Integers are returned unchanged; DECIMAL(p,s)
// gives DECIMAL(p,0) for round/floor/ceil/trunc without digits. round(x, digits) is on DOUBLE.
#include <cmath>

#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

template <class T>
struct IdentityKernel {
  static T Apply(T value) { return value; }
};

struct RoundKernel {
  static double Apply(double value) { return std::round(value); }
};
struct FloorKernel {
  static double Apply(double value) { return std::floor(value); }
};
struct CeilKernel {
  static double Apply(double value) { return std::ceil(value); }
};
struct TruncKernel {
  static double Apply(double value) { return std::trunc(value); }
};

struct RoundDigitsKernel {
  static double Apply(double value, int64_t digits) {
    if (!std::isfinite(value)) return value;
    if (digits > 308) return value;
    if (digits < -308) return 0.0;
    if (digits >= 0) {
      double factor = std::pow(10.0, static_cast<double>(digits));
      double scaled = value * factor;
      if (!std::isfinite(scaled)) return value;
      return std::round(scaled) / factor;
    }
    double factor = std::pow(10.0, static_cast<double>(-digits));
    return std::round(value / factor) * factor;
  }
};

// kMode: 0 round (half away from zero), 1 floor, 2 ceil, 3 trunc; DECIMAL(p,s) -> DECIMAL(p,0).
template <int kMode>
void DecimalRoundingKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                           size_t count, Vector& result) {
  int64_t factor = PowerOfTen(args[0]->type().scale());
  ExecuteUnary<int64_t, int64_t>(*args[0], count, result, [factor](int64_t value, int64_t& out) {
    int64_t quotient = value / factor;
    int64_t remainder = value % factor;
    if (kMode == 0) {
      int64_t magnitude = remainder < 0 ? -remainder : remainder;
      if (magnitude * 2 >= factor) quotient += value < 0 ? -1 : 1;
    } else if (kMode == 1) {
      if (remainder < 0) --quotient;
    } else if (kMode == 2) {
      if (remainder > 0) ++quotient;
    }
    out = quotient;
    return true;
  });
}

std::unique_ptr<FunctionData> BindDecimalToInteger(const std::vector<LogicalType>& types,
                                                   LogicalType& return_type) {
  int width = types[0].width() - types[0].scale() + 1;
  if (width > kMaxDecimalWidth) width = kMaxDecimalWidth;
  return_type = LogicalType::Decimal(static_cast<uint8_t>(width), 0);
  return nullptr;
}

template <int kMode, class DoubleKernel>
void RegisterRounding(FunctionRegistry& registry, const char* name) {
  registry.AddScalar(MakeScalar(name, {TypeId::kInteger}, TypeId::kInteger,
                                UnaryFunction<int32_t, int32_t, IdentityKernel<int32_t>>));
  registry.AddScalar(MakeScalar(name, {TypeId::kBigint}, TypeId::kBigint,
                                UnaryFunction<int64_t, int64_t, IdentityKernel<int64_t>>));
  ScalarFunction decimal =
      MakeScalar(name, {AnyDecimal()}, AnyDecimal(), DecimalRoundingKernel<kMode>);
  decimal.bind = BindDecimalToInteger;
  registry.AddScalar(std::move(decimal));
  registry.AddScalar(MakeScalar(name, {TypeId::kDouble}, TypeId::kDouble,
                                UnaryFunction<double, double, DoubleKernel>));
}

}  // namespace

void RegisterRounding(FunctionRegistry& registry) {
  RegisterRounding<0, RoundKernel>(registry, "round");
  registry.AddScalar(MakeScalar("round", {TypeId::kDouble, TypeId::kBigint}, TypeId::kDouble,
                                BinaryFunction<double, int64_t, double, RoundDigitsKernel>));
  RegisterRounding<1, FloorKernel>(registry, "floor");
  RegisterRounding<2, CeilKernel>(registry, "ceil");
  RegisterRounding<2, CeilKernel>(registry, "ceiling");
  RegisterRounding<3, TruncKernel>(registry, "trunc");
}

}  // namespace tarn::exec
