#include "exec/function/string/secret_function.h"

#include <openssl/crypto.h>

#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

void SecretKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                  Vector& result) {
  const auto* secret = dynamic_cast<const SecretValue*>(call.bind_data);
  if (secret == nullptr) {
    ThrowAt(call, ErrorCode::kPermissionDenied,
            "secret() needs a data directory's secret store (tarn sql --data-dir DIR)");
  }
  MakeConstantResult(result, false);
  result.data<StringRef>()[0] = result.AddString(secret->value);
}

}  // namespace

SecretValue::~SecretValue() { OPENSSL_cleanse(value.data(), value.size()); }

void RegisterSecret(FunctionRegistry& registry) {
  ScalarFunction function =
      MakeScalar("secret", {TypeId::kVarchar}, TypeId::kVarchar, SecretKernel);
  function.deterministic = false;  // never folded: the value must not become a plan constant
  registry.AddScalar(std::move(function));
}

}  // namespace tarn::exec
