// sqrt, cbrt, exp, ln, log (base 10, or log(base, x)), log10, log2, power/pow, pi and the
// trigonometric functions, on DOUBLE. Domain errors follow PostgreSQL: "cannot take square root of
// a negative number", "cannot take logarithm of zero", "cannot take logarithm of a negative number",
// "zero raised to a negative power is undefined", "a negative number raised to a non-integer power
// yields a complex result".
#include <cmath>

#include "exec/function/kernel_templates.h"

namespace tarn::exec {
namespace {

void SqrtKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                Vector& result) {
  int64_t row = ExecuteUnary<double, double>(*args[0], count, result, [](double x, double& out) {
    out = std::sqrt(x);
    return !(x < 0);
  });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument, "cannot take square root of a negative number");
  }
}

template <int kBase>  // 0 = e, 2, 10
void LogKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
               Vector& result) {
  int64_t row = ExecuteUnary<double, double>(*args[0], count, result, [](double x, double& out) {
    out = kBase == 0 ? std::log(x) : (kBase == 2 ? std::log2(x) : std::log10(x));
    return x > 0 || std::isnan(x);
  });
  if (row >= 0) {
    double x = ValueAt<double>(*args[0], row);
    ThrowAt(call, ErrorCode::kInvalidArgument,
            x == 0 ? "cannot take logarithm of zero" : "cannot take logarithm of a negative number");
  }
}

void LogBaseKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  int64_t row = ExecuteBinary<double, double, double>(
      *args[0], *args[1], count, result, [](double base, double x, double& out) {
        out = std::log(x) / std::log(base);
        return x > 0 && base > 0 && base != 1;
      });
  if (row >= 0) {
    double base = ValueAt<double>(*args[0], row);
    double x = ValueAt<double>(*args[1], row);
    if (base == 1) ThrowAt(call, ErrorCode::kDivisionByZero, "division by zero");
    ThrowAt(call, ErrorCode::kInvalidArgument,
            (x == 0 || base == 0) ? "cannot take logarithm of zero"
                                  : "cannot take logarithm of a negative number");
  }
}

void PowerKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                 Vector& result) {
  int64_t row = ExecuteBinary<double, double, double>(
      *args[0], *args[1], count, result, [](double x, double y, double& out) {
        out = std::pow(x, y);
        bool zero_negative = x == 0 && y < 0;
        bool complex = x < 0 && std::isfinite(y) && y != std::floor(y);
        return !zero_negative && !complex;
      });
  if (row >= 0) {
    double x = ValueAt<double>(*args[0], row);
    ThrowAt(call, ErrorCode::kInvalidArgument,
            x == 0 ? "zero raised to a negative power is undefined"
                   : "a negative number raised to a non-integer power yields a complex result");
  }
}

void PiKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
              Vector& result) {
  MakeConstantResult(result, false);
  result.data<double>()[0] = M_PI;
}

template <double (*kFunction)(double)>
struct MathKernel {
  static double Apply(double x) { return kFunction(x); }
};

double Exp(double x) { return std::exp(x); }
double Cbrt(double x) { return std::cbrt(x); }
double Sin(double x) { return std::sin(x); }
double Cos(double x) { return std::cos(x); }
double Tan(double x) { return std::tan(x); }
double Asin(double x) { return std::asin(x); }
double Acos(double x) { return std::acos(x); }
double Atan(double x) { return std::atan(x); }
double Degrees(double x) { return x * (180.0 / M_PI); }
double Radians(double x) { return x * (M_PI / 180.0); }

struct Atan2Kernel {
  static double Apply(double y, double x) { return std::atan2(y, x); }
};

}  // namespace

void RegisterTranscendental(FunctionRegistry& registry) {
  auto unary = [&](const char* name, ScalarKernel kernel) {
    registry.AddScalar(MakeScalar(name, {TypeId::kDouble}, TypeId::kDouble, kernel));
  };
  unary("sqrt", SqrtKernel);
  unary("ln", LogKernel<0>);
  unary("log", LogKernel<10>);
  unary("log10", LogKernel<10>);
  unary("log2", LogKernel<2>);
  registry.AddScalar(
      MakeScalar("log", {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble, LogBaseKernel));
  for (const char* name : {"power", "pow", "^"}) {
    registry.AddScalar(
        MakeScalar(name, {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble, PowerKernel));
  }
  registry.AddScalar(MakeScalar("pi", {}, TypeId::kDouble, PiKernel));
  unary("exp", UnaryFunction<double, double, MathKernel<Exp>>);
  unary("cbrt", UnaryFunction<double, double, MathKernel<Cbrt>>);
  unary("sin", UnaryFunction<double, double, MathKernel<Sin>>);
  unary("cos", UnaryFunction<double, double, MathKernel<Cos>>);
  unary("tan", UnaryFunction<double, double, MathKernel<Tan>>);
  unary("asin", UnaryFunction<double, double, MathKernel<Asin>>);
  unary("acos", UnaryFunction<double, double, MathKernel<Acos>>);
  unary("atan", UnaryFunction<double, double, MathKernel<Atan>>);
  unary("degrees", UnaryFunction<double, double, MathKernel<Degrees>>);
  unary("radians", UnaryFunction<double, double, MathKernel<Radians>>);
  registry.AddScalar(MakeScalar("atan2", {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble,
                                BinaryFunction<double, double, double, Atan2Kernel>));
}

}  // namespace tarn::exec
