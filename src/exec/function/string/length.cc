// length(s) / char_length(s): characters; octet_length(s): bytes. INTEGER (PostgreSQL).
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct LengthKernel {
  static int32_t Apply(StringRef input) { return static_cast<int32_t>(Utf8Length(input.view())); }
};
struct OctetLengthKernel {
  static int32_t Apply(StringRef input) { return static_cast<int32_t>(input.size()); }
};

}  // namespace

void RegisterLength(FunctionRegistry& registry) {
  for (const char* name : {"length", "char_length", "character_length"}) {
    registry.AddScalar(MakeScalar(name, {TypeId::kVarchar}, TypeId::kInteger,
                                  UnaryFunction<StringRef, int32_t, LengthKernel>));
  }
  registry.AddScalar(MakeScalar("octet_length", {TypeId::kVarchar}, TypeId::kInteger,
                                UnaryFunction<StringRef, int32_t, OctetLengthKernel>));
}

}  // namespace tarn::exec
