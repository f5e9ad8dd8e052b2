// md5(s): the MD5 digest of s's bytes as 32 lower-case hex digits (PostgreSQL, DuckDB). The digest
// follows RFC 1321; it is for fingerprints and joins with other systems, not for security.
#include "common/md5.h"
#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct Md5Kernel {
  static StringRef Apply(StringRef input, Arena& arena) {
    Md5 md5;
    md5.Update(input.view());
    char* out = reinterpret_cast<char*>(arena.Allocate(32, 1));
    md5.WriteHexDigest(out);
    return StringRef(out, 32);
  }
};

}  // namespace

void RegisterMd5(FunctionRegistry& registry) {
  registry.AddScalar(MakeScalar("md5", {TypeId::kVarchar}, TypeId::kVarchar,
                                UnaryStringFunction<StringRef, Md5Kernel>));
}

}  // namespace tarn::exec
