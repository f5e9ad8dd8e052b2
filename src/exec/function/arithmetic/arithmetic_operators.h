// The per-value operations of + - * / % on INTEGER, BIGINT, DOUBLE and DECIMAL, shared by the
// files of this folder (one operator per file). Integer ops are checked (__builtin_*_overflow);
// division and modulo by zero fail for every type, as in PostgreSQL.
//
// DECIMAL rules (p <= 18, values held as int64 value*10^s):
//   a + b, a - b, a % b: scales aligned to s = max(s1, s2); DECIMAL(min(18, max(p1-s1, p2-s2)+s+1), s)
//   a * b:               DECIMAL(min(18, p1+p2), s1+s2); a scale above 18 is a bind error
//   a / b:               DOUBLE (like DuckDB; PostgreSQL would keep NUMERIC)
// Every decimal result is checked against +-(10^18 - 1). Overflow is Error(kOutOfRange) "integer out
// of range in +" / "bigint ..." / "decimal ..." (PostgreSQL says "integer out of range").
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>

#include "exec/function/kernel_templates.h"

namespace tarn::exec {

struct AddOperator {
  static constexpr const char* kSymbol = "+";
  template <class T>
  static bool Apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a + b;
      return true;
    } else {
      return !__builtin_add_overflow(a, b, &out);
    }
  }
};

struct SubtractOperator {
  static constexpr const char* kSymbol = "-";
  template <class T>
  static bool Apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a - b;
      return true;
    } else {
      return !__builtin_sub_overflow(a, b, &out);
    }
  }
};

struct MultiplyOperator {
  static constexpr const char* kSymbol = "*";
  template <class T>
  static bool Apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a * b;
      return true;
    } else {
      return !__builtin_mul_overflow(a, b, &out);
    }
  }
};

struct DivideOperator {
  static constexpr const char* kSymbol = "/";
  template <class T>
  static bool Apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = a / b;
      return b != 0;
    } else {
      bool ok = b != 0 && !(a == std::numeric_limits<T>::min() && b == -1);
      out = a / (ok ? b : 1);  // truncates toward zero, as PostgreSQL
      return ok;
    }
  }
};

struct ModuloOperator {
  static constexpr const char* kSymbol = "%";
  template <class T>
  static bool Apply(T a, T b, T& out) {
    if constexpr (std::is_floating_point_v<T>) {
      out = std::fmod(a, b);
      return b != 0;
    } else {
      // x % -1 is 0; computing it would trap for the minimum value.
      out = (b == 0 || b == -1) ? 0 : a % b;
      return b != 0;
    }
  }
};

// Throws the error for a failed a <op> b.
template <class Op, class T>
[[noreturn]] void ThrowArithmeticError(const ScalarCall& call, T b) {
  bool by_zero = (std::is_same_v<Op, DivideOperator> || std::is_same_v<Op, ModuloOperator>) &&
                 b == 0;
  if (by_zero) ThrowAt(call, ErrorCode::kDivisionByZero, "division by zero");
  const char* type_name = sizeof(T) == 4 ? "integer" : "bigint";
  ThrowAt(call, ErrorCode::kOutOfRange, std::string(type_name) + " out of range in " + Op::kSymbol);
}

// The kernel of 'Op' on two values of physical type T.
template <class T, class Op>
void ArithmeticKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                      Vector& result) {
  int64_t row = ExecuteBinary<T, T, T>(*args[0], *args[1], count, result,
                                       [](T a, T b, T& out) { return Op::Apply(a, b, out); });
  if (row >= 0) ThrowArithmeticError<Op>(call, ValueAt<T>(*args[1], row));
}

// Scale factors of a decimal operation, chosen at bind time.
struct DecimalArithmeticData : FunctionData {
  int64_t left_factor = 1;   // multiplies the left operand to reach the result scale
  int64_t right_factor = 1;  // multiplies the right operand
  uint8_t left_scale = 0;
  uint8_t right_scale = 0;
};

constexpr int64_t kMaxDecimalMagnitude = 999999999999999999;  // 10^18 - 1

inline bool DecimalInRange(int64_t value) {
  return value >= -kMaxDecimalMagnitude && value <= kMaxDecimalMagnitude;
}

// Binds + - %: aligns both scales to the larger one.
std::unique_ptr<FunctionData> BindDecimalAlignedArithmetic(const std::vector<LogicalType>& types,
                                                           LogicalType& return_type);
// Binds *: scales add.
std::unique_ptr<FunctionData> BindDecimalMultiply(const std::vector<LogicalType>& types,
                                                  LogicalType& return_type);

// Decimal + - % after scale alignment.
template <class Op>
void DecimalAlignedKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                          size_t count, Vector& result) {
  const auto& data = static_cast<const DecimalArithmeticData&>(*call.bind_data);
  int64_t left_factor = data.left_factor;
  int64_t right_factor = data.right_factor;
  int64_t row = ExecuteBinary<int64_t, int64_t, int64_t>(
      *args[0], *args[1], count, result,
      [left_factor, right_factor](int64_t a, int64_t b, int64_t& out) {
        int64_t left;
        int64_t right;
        bool ok = !__builtin_mul_overflow(a, left_factor, &left);
        ok &= !__builtin_mul_overflow(b, right_factor, &right);
        ok &= Op::Apply(left, right, out);
        return ok && DecimalInRange(out);
      });
  if (row >= 0) {
    int64_t b = ValueAt<int64_t>(*args[1], row);
    if (std::is_same_v<Op, ModuloOperator> && b == 0) {
      ThrowAt(call, ErrorCode::kDivisionByZero, "division by zero");
    }
    ThrowAt(call, ErrorCode::kOutOfRange, std::string("decimal out of range in ") + Op::kSymbol);
  }
}

// Registers 'Op' for INTEGER, BIGINT and DOUBLE under 'name'.
template <class Op>
void RegisterNumericArithmetic(FunctionRegistry& registry, const std::string& name) {
  registry.AddScalar(MakeScalar(name, {TypeId::kInteger, TypeId::kInteger}, TypeId::kInteger,
                                ArithmeticKernel<int32_t, Op>));
  registry.AddScalar(MakeScalar(name, {TypeId::kBigint, TypeId::kBigint}, TypeId::kBigint,
                                ArithmeticKernel<int64_t, Op>));
  registry.AddScalar(MakeScalar(name, {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble,
                                ArithmeticKernel<double, Op>));
}

}  // namespace tarn::exec
