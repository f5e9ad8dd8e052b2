// a || b (NULL if either is NULL) and concat(a, ...) (NULL arguments are skipped, PostgreSQL).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct ConcatOperatorKernel {
  static StringRef Apply(StringRef left, StringRef right, Arena& arena) {
    size_t size = left.size() + right.size();
    char* out = reinterpret_cast<char*>(arena.Allocate(size + 1, 1));
    if (left.size() > 0) std::memcpy(out, left.data(), left.size());
    if (right.size() > 0) std::memcpy(out + left.size(), right.data(), right.size());
    return StringRef(out, static_cast<uint32_t>(size));
  }
};

void ConcatKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  bool all_constant = true;
  for (const Vector* arg : args) all_constant &= arg->IsConstant();
  size_t rows = all_constant ? 1 : count;
  if (all_constant) {
    MakeConstantResult(result, false);
  } else {
    result.Reset();
  }
  StringRef* out = result.data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < rows; ++i) {
    buffer.clear();
    for (const Vector* arg : args) {
      if (!arg->IsNull(i)) buffer += ValueAt<StringRef>(*arg, i).view();
    }
    out[i] = result.AddString(buffer);
  }
}

}  // namespace

void RegisterConcat(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("||", {TypeId::kVarchar, TypeId::kVarchar}, TypeId::kVarchar,
                                BinaryStringFunction<StringRef, StringRef, ConcatOperatorKernel>));
  ScalarFunction concat = MakeScalar("concat", {TypeId::kVarchar}, TypeId::kVarchar, ConcatKernel);
  concat.varargs = TypeId::kVarchar;
  concat.null_propagating = false;
  registry.AddScalar(std::move(concat));
}

}  // namespace tarn::exec
