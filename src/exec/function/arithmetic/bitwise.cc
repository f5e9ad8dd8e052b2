// Bitwise operators on INTEGER and BIGINT: a & b, a | b, xor(a, b), ~a, a << n, a >> n (arithmetic
// shift). A shift amount outside [0, bits) is Error(kOutOfRange).
#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {
namespace {

template <class T>
struct AndKernel {
  static T Apply(T a, T b) { return a & b; }
};
template <class T>
struct OrKernel {
  static T Apply(T a, T b) { return a | b; }
};
template <class T>
struct XorKernel {
  static T Apply(T a, T b) { return a ^ b; }
};
template <class T>
struct NotKernel {
  static T Apply(T a) { return ~a; }
};

template <class T, bool kLeft>
void ShiftKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                 Vector& result) {
  constexpr T kBits = static_cast<T>(sizeof(T) * 8);
  int64_t row = ExecuteBinary<T, T, T>(*args[0], *args[1], count, result, [](T a, T n, T& out) {
    bool ok = n >= 0 && n < kBits;
    T amount = ok ? n : 0;
    using Unsigned = std::make_unsigned_t<T>;
    out = kLeft ? static_cast<T>(static_cast<Unsigned>(a) << amount) : static_cast<T>(a >> amount);
    return ok;
  });
  if (row >= 0) ThrowAt(call, ErrorCode::kOutOfRange, "shift amount out of range");
}

template <class T>
void RegisterFor(FunctionRegistry& registry, TypeId id) {
  registry.AddScalar(MakeScalar("&", {id, id}, id, BinaryFunction<T, T, T, AndKernel<T>>));
  registry.AddScalar(MakeScalar("|", {id, id}, id, BinaryFunction<T, T, T, OrKernel<T>>));
  registry.AddScalar(MakeScalar("xor", {id, id}, id, BinaryFunction<T, T, T, XorKernel<T>>));
  registry.AddScalar(MakeScalar("~", {id}, id, UnaryFunction<T, T, NotKernel<T>>));
  registry.AddScalar(MakeScalar("<<", {id, id}, id, ShiftKernel<T, true>));
  registry.AddScalar(MakeScalar(">>", {id, id}, id, ShiftKernel<T, false>));
}

}  // namespace

void RegisterBitwise(FunctionRegistry& registry) {
  RegisterFor<int32_t>(registry, TypeId::kInteger);
  RegisterFor<int64_t>(registry, TypeId::kBigint);
}

}  // namespace tarn::exec
