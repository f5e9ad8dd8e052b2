// a || b (NULL if either is NULL), concat(a, ...) (NULL arguments are skipped, PostgreSQL) and
// concat_ws(separator, a, ...) (separator between the non-NULL arguments; NULL separator -> NULL).
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

void ConcatWithSeparatorKernel(const ScalarCall& call, const std::vector<const Vector*>& args,
                               size_t count, Vector& result) {
  bool all_constant = true;
  for (const Vector* arg : args) all_constant &= arg->IsConstant();
  size_t rows = all_constant ? 1 : count;
  if (all_constant) {
    MakeConstantResult(result, args[0]->IsNull(0));
    if (args[0]->IsNull(0)) return;
  } else {
    result.Reset();
  }
  StringRef* out = result.data<StringRef>();
  std::string buffer;
  for (size_t i = 0; i < rows; ++i) {
    if (args[0]->IsNull(i)) {
      result.validity().SetInvalid(i);
      out[i] = StringRef();
      continue;
    }
    const StringRef& separator_ref = args[0]->data<StringRef>()[args[0]->IsConstant() ? 0 : i];
    std::string_view separator = separator_ref.view();  // refers into the vector, not a copy
    buffer.clear();
    bool first = true;
    for (size_t k = 1; k < args.size(); ++k) {
      if (args[k]->IsNull(i)) continue;
      if (!first) buffer += separator;
      buffer += ValueAt<StringRef>(*args[k], i).view();
      first = false;
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
  ScalarFunction concat_ws = MakeScalar("concat_ws", {TypeId::kVarchar, TypeId::kVarchar},
                                        TypeId::kVarchar, ConcatWithSeparatorKernel);
  concat_ws.varargs = TypeId::kVarchar;
  concat_ws.null_propagating = false;
  registry.AddScalar(std::move(concat_ws));
}

}  // namespace tarn::exec
