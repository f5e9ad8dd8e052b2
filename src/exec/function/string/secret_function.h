// secret('name'): the value of a named secret (security/secrets), for keys such as
// hmac_sha256(email, secret('pseudonym_key')). The binder resolves the name through the session's
// secret lookup (sql/binder/catalog.h) and stores the value as the call's bind data; the call stays
// a function (never folded to a constant), so EXPLAIN and error messages show secret('name'),
// never the value.
#pragma once

#include <string>

#include "exec/function/function.h"

namespace tarn::exec {

// Bind data of a resolved secret() call. The value is wiped when the plan is destroyed.
struct SecretValue : FunctionData {
  explicit SecretValue(std::string secret) : value(std::move(secret)) {}
  ~SecretValue() override;
  std::string value;
};

}  // namespace tarn::exec
