// The batch loops every scalar kernel is built from: a function file supplies a per-value
// operation and these templates handle flat/constant inputs, NULLs and error positions.
//
// Operations have the shape `bool(In... values, Out& out)` and return false for a value they cannot
// compute (overflow, division by zero). Loops never branch on errors: they AND the flags and, only
// when something failed, rescan to find the first failing row that is not NULL, which the caller
// turns into one Error per batch. Operations must be safe (no trap, no UB) on garbage inputs because
// they also run on NULL rows — except when a string is involved: a NULL row's StringRef may hold
// garbage pointers, so those loops skip NULL rows (and write an empty string there).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "common/error.h"
#include "common/logical_type.h"
#include "exec/function/function.h"
#include "exec/vector/value.h"
#include "exec/vector/vector.h"

namespace tarn::exec {

// Throws 'code'/'message' at the call's query offset.
[[noreturn]] inline void ThrowAt(const ScalarCall& call, ErrorCode code, std::string message) {
  throw Error(code, std::move(message)).AtQueryOffset(call.query_offset);
}

// Makes 'result' (whose type is already the return type) a constant vector: NULL, or valid with
// its row-0 data left to the caller.
inline void MakeConstantResult(Vector& result, bool is_null) {
  result.SetConstant(Value::Null(result.type()));
  if (!is_null) result.validity().SetValid(0);
}

// Sets result's validity to the AND of the flat inputs' validity (constant inputs are non-NULL
// when this is called).
inline void MergeValidity(Vector& result, const Vector* const* inputs, size_t input_count,
                          size_t count) {
  result.validity().SetAllValid();
  for (size_t k = 0; k < input_count; ++k) {
    const Vector& input = *inputs[k];
    if (input.IsConstant() || input.validity().AllValid()) continue;
    if (result.validity().AllValid()) {
      result.validity() = input.validity();
      continue;
    }
    uint64_t* target = result.validity().words();
    const uint64_t* source = input.validity().words_if_any();
    size_t words = (count + 63) / 64;
    for (size_t w = 0; w < words; ++w) target[w] &= source[w];
  }
}

// True when the loop must not call the operation on NULL rows (strings hold pointers).
template <class... T>
constexpr bool kSkipNullRows = (std::is_same_v<T, StringRef> || ...);

// result[i] = op(input[i]); returns the first non-NULL failing row, or -1.
template <class In, class Out, class Op>
int64_t ExecuteUnary(const Vector& input, size_t count, Vector& result, Op&& op) {
  if (input.IsConstant()) {
    bool is_null = input.IsNull(0);
    MakeConstantResult(result, is_null);
    if (is_null) return -1;
    return op(input.data<In>()[0], result.data<Out>()[0]) ? -1 : 0;
  }
  result.Reset();
  const In* in = input.data<In>();
  Out* out = result.data<Out>();
  bool ok = true;
  const ValidityMask& mask = input.validity();
  if (kSkipNullRows<In, Out> && !mask.AllValid()) {
    for (size_t i = 0; i < count; ++i) {
      if (mask.IsValid(i)) {
        ok &= op(in[i], out[i]);
      } else {
        out[i] = Out{};
      }
    }
  } else {
    for (size_t i = 0; i < count; ++i) ok &= op(in[i], out[i]);
  }
  result.validity() = input.validity();
  if (ok) return -1;
  for (size_t i = 0; i < count; ++i) {
    Out scratch;
    if (input.validity().IsValid(i) && !op(in[i], scratch)) return static_cast<int64_t>(i);
  }
  return -1;
}

namespace detail {

template <bool kLeftConstant, bool kRightConstant, class L, class R, class Out, class Op>
bool BinaryLoop(const L* left, const R* right, Out* out, size_t count, Op& op) {
  bool ok = true;
  for (size_t i = 0; i < count; ++i) {
    ok &= op(left[kLeftConstant ? 0 : i], right[kRightConstant ? 0 : i], out[i]);
  }
  return ok;
}

}  // namespace detail

// result[i] = op(left[i], right[i]); returns the first non-NULL failing row, or -1.
template <class L, class R, class Out, class Op>
int64_t ExecuteBinary(const Vector& left, const Vector& right, size_t count, Vector& result,
                      Op&& op) {
  bool left_constant = left.IsConstant();
  bool right_constant = right.IsConstant();
  if (left_constant && right_constant) {
    bool is_null = left.IsNull(0) || right.IsNull(0);
    MakeConstantResult(result, is_null);
    if (is_null) return -1;
    return op(left.data<L>()[0], right.data<R>()[0], result.data<Out>()[0]) ? -1 : 0;
  }
  result.Reset();
  if ((left_constant && left.IsNull(0)) || (right_constant && right.IsNull(0))) {
    result.validity().SetAllInvalid(count);
    if constexpr (std::is_same_v<Out, StringRef>) {
      std::fill(result.data<Out>(), result.data<Out>() + count, Out{});
    }
    return -1;
  }
  const L* a = left.data<L>();
  const R* b = right.data<R>();
  Out* out = result.data<Out>();
  const Vector* inputs[2] = {&left, &right};
  MergeValidity(result, inputs, 2, count);
  bool ok = true;
  if (kSkipNullRows<L, R, Out> && !result.validity().AllValid()) {
    const ValidityMask& mask = result.validity();
    for (size_t i = 0; i < count; ++i) {
      if (mask.IsValid(i)) {
        ok &= op(a[left_constant ? 0 : i], b[right_constant ? 0 : i], out[i]);
      } else {
        out[i] = Out{};
      }
    }
  } else if (left_constant) {
    ok = detail::BinaryLoop<true, false>(a, b, out, count, op);
  } else if (right_constant) {
    ok = detail::BinaryLoop<false, true>(a, b, out, count, op);
  } else {
    ok = detail::BinaryLoop<false, false>(a, b, out, count, op);
  }
  if (ok) return -1;
  for (size_t i = 0; i < count; ++i) {
    if (!result.validity().IsValid(i)) {
      out[i] = Out{};
      continue;
    }
    Out scratch;
    if (!op(a[left_constant ? 0 : i], b[right_constant ? 0 : i], scratch)) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

// result[i] = op(a[i], b[i], c[i]); returns the first non-NULL failing row, or -1. Not
// specialized for constants (three-argument functions are rare and cheap to index).
template <class A, class B, class C, class Out, class Op>
int64_t ExecuteTernary(const Vector& first, const Vector& second, const Vector& third,
                       size_t count, Vector& result, Op&& op) {
  bool all_constant = first.IsConstant() && second.IsConstant() && third.IsConstant();
  if (all_constant) {
    bool is_null = first.IsNull(0) || second.IsNull(0) || third.IsNull(0);
    MakeConstantResult(result, is_null);
    if (is_null) return -1;
    return op(first.data<A>()[0], second.data<B>()[0], third.data<C>()[0],
              result.data<Out>()[0])
               ? -1
               : 0;
  }
  result.Reset();
  if ((first.IsConstant() && first.IsNull(0)) || (second.IsConstant() && second.IsNull(0)) ||
      (third.IsConstant() && third.IsNull(0))) {
    result.validity().SetAllInvalid(count);
    if constexpr (std::is_same_v<Out, StringRef>) {
      std::fill(result.data<Out>(), result.data<Out>() + count, Out{});
    }
    return -1;
  }
  const Vector* inputs[3] = {&first, &second, &third};
  MergeValidity(result, inputs, 3, count);
  size_t step_a = first.IsConstant() ? 0 : 1;
  size_t step_b = second.IsConstant() ? 0 : 1;
  size_t step_c = third.IsConstant() ? 0 : 1;
  const A* a = first.data<A>();
  const B* b = second.data<B>();
  const C* c = third.data<C>();
  Out* out = result.data<Out>();
  for (size_t i = 0; i < count; ++i) {
    if (!result.validity().IsValid(i)) continue;
    if (!op(a[i * step_a], b[i * step_b], c[i * step_c], out[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

// Reads row 'row' of a flat or constant vector.
template <class T>
inline T ValueAt(const Vector& vector, size_t row) {
  return vector.data<T>()[vector.IsConstant() ? 0 : row];
}

// result[i] = op(i, out) over any number of arguments, for functions whose operation reads its
// arguments itself with ValueAt (regular expressions, formats). Rows where some argument is NULL
// are NULL (an empty string for VARCHAR results) and op is not called there; when every argument
// is constant the result is constant and op runs once, on row 0. Returns the first failing row, or
// -1; op returns false for a failure and the loop stops there.
template <class Out, class Op>
int64_t ExecuteRows(const std::vector<const Vector*>& args, size_t count, Vector& result,
                    Op&& op) {
  bool all_constant = true;
  for (const Vector* arg : args) all_constant &= arg->IsConstant();
  if (all_constant) {
    bool is_null = false;
    for (const Vector* arg : args) is_null |= arg->IsNull(0);
    MakeConstantResult(result, is_null);
    if (is_null) return -1;
    return op(size_t{0}, result.data<Out>()[0]) ? -1 : 0;
  }
  result.Reset();
  for (const Vector* arg : args) {
    if (arg->IsConstant() && arg->IsNull(0)) {
      result.validity().SetAllInvalid(count);
      std::fill(result.data<Out>(), result.data<Out>() + count, Out{});
      return -1;
    }
  }
  MergeValidity(result, args.data(), args.size(), count);
  Out* out = result.data<Out>();
  const ValidityMask& mask = result.validity();
  bool all_valid = mask.AllValid();
  for (size_t i = 0; i < count; ++i) {
    if (!all_valid && !mask.IsValid(i)) {
      out[i] = Out{};
      continue;
    }
    if (!op(i, out[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

// Adapts a per-value struct `static Out Apply(In)` (cannot fail) into a ScalarKernel.
template <class In, class Out, class Kernel>
void UnaryFunction(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  ExecuteUnary<In, Out>(*args[0], count, result, [](In value, Out& out) {
    out = Kernel::Apply(value);
    return true;
  });
}

// Adapts `static Out Apply(In, Arena&)` (string results) into a ScalarKernel.
template <class In, class Kernel>
void UnaryStringFunction(const ScalarCall& call, const std::vector<const Vector*>& args,
                         size_t count, Vector& result) {
  ExecuteUnary<In, StringRef>(*args[0], count, result, [&result](In value, StringRef& out) {
    out = Kernel::Apply(value, result.string_arena());
    return true;
  });
}

// Adapts `static Out Apply(L, R)` (cannot fail) into a ScalarKernel.
template <class L, class R, class Out, class Kernel>
void BinaryFunction(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                    Vector& result) {
  ExecuteBinary<L, R, Out>(*args[0], *args[1], count, result, [](L left, R right, Out& out) {
    out = Kernel::Apply(left, right);
    return true;
  });
}

// Adapts `static StringRef Apply(L, R, Arena&)` into a ScalarKernel.
template <class L, class R, class Kernel>
void BinaryStringFunction(const ScalarCall& call, const std::vector<const Vector*>& args,
                          size_t count, Vector& result) {
  ExecuteBinary<L, R, StringRef>(*args[0], *args[1], count, result,
                                 [&result](L left, R right, StringRef& out) {
                                   out = Kernel::Apply(left, right, result.string_arena());
                                   return true;
                                 });
}

// A ScalarFunction with the common fields filled in.
inline ScalarFunction MakeScalar(std::string name, std::vector<LogicalType> arguments,
                                 LogicalType return_type, ScalarKernel kernel) {
  ScalarFunction function;
  function.name = std::move(name);
  function.arguments = std::move(arguments);
  function.return_type = return_type;
  function.kernel = kernel;
  return function;
}

// The C++ type holding one value of 'id' in a vector (see logical_type.h).
template <TypeId kId>
struct PhysicalTypeOf;
template <> struct PhysicalTypeOf<TypeId::kBoolean> { using type = uint8_t; };
template <> struct PhysicalTypeOf<TypeId::kInteger> { using type = int32_t; };
template <> struct PhysicalTypeOf<TypeId::kBigint> { using type = int64_t; };
template <> struct PhysicalTypeOf<TypeId::kDouble> { using type = double; };
template <> struct PhysicalTypeOf<TypeId::kDecimal> { using type = int64_t; };
template <> struct PhysicalTypeOf<TypeId::kVarchar> { using type = StringRef; };
template <> struct PhysicalTypeOf<TypeId::kDate> { using type = int32_t; };
template <> struct PhysicalTypeOf<TypeId::kTimestamp> { using type = int64_t; };

// Calls fn(T{}) with T the physical type of 'id' (type dispatch once per batch). NULL/INVALID
// dispatch as uint8_t.
template <class Fn>
decltype(auto) DispatchPhysical(TypeId id, Fn&& fn) {
  switch (id) {
    case TypeId::kInteger:
    case TypeId::kDate: return fn(int32_t{});
    case TypeId::kBigint:
    case TypeId::kDecimal:
    case TypeId::kTimestamp: return fn(int64_t{});
    case TypeId::kDouble: return fn(double{});
    case TypeId::kVarchar: return fn(StringRef{});
    default: return fn(uint8_t{});
  }
}

// Every type a generic (any-type) function is registered for; DECIMAL as the wildcard.
inline std::vector<LogicalType> AllValueTypes() {
  return {TypeId::kBoolean, TypeId::kInteger, TypeId::kBigint,  LogicalType(TypeId::kDecimal),
          TypeId::kDouble,  TypeId::kVarchar, TypeId::kDate,    TypeId::kTimestamp};
}

// A bind callback whose return type is the first argument's type (generic functions on DECIMAL).
inline std::unique_ptr<FunctionData> BindReturnFirstArgument(const std::vector<LogicalType>& types,
                                                             LogicalType& return_type) {
  return_type = types.empty() ? return_type : types[0];
  return nullptr;
}

// Wildcard DECIMAL for signatures (see function_resolution.h).
inline LogicalType AnyDecimal() { return LogicalType(TypeId::kDecimal); }

// 10^exponent for exponent in [0, 18].
inline int64_t PowerOfTen(int exponent) {
  static constexpr int64_t kPowers[19] = {1,
                                          10,
                                          100,
                                          1000,
                                          10000,
                                          100000,
                                          1000000,
                                          10000000,
                                          100000000,
                                          1000000000,
                                          10000000000,
                                          100000000000,
                                          1000000000000,
                                          10000000000000,
                                          100000000000000,
                                          1000000000000000,
                                          10000000000000000,
                                          100000000000000000,
                                          1000000000000000000};
  return kPowers[exponent];
}

}  // namespace tarn::exec
