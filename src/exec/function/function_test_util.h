// Helpers for the function and executor unit tests: building vectors from values and calling a
// registered function the way the executor does.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "exec/function/function.h"
#include "exec/function/function_resolution.h"
#include "exec/vector/value.h"
#include "exec/vector/vector.h"

namespace tarn::exec::testing {

inline Vector MakeFlat(LogicalType type, const std::vector<Value>& values) {
  Vector vector(type);
  for (size_t i = 0; i < values.size(); ++i) vector.SetValue(i, values[i]);
  return vector;
}

inline Vector MakeConstant(LogicalType type, const Value& value) {
  Vector vector(type);
  vector.SetConstant(value);
  return vector;
}

inline std::vector<std::string> Strings(const Vector& vector, size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i) out.push_back(vector.GetValue(i).ToString());
  return out;
}

// Resolves 'name' for the argument vectors' types (they must match without casts), binds and
// runs the kernel over 'count' rows.
inline Vector CallScalar(const std::string& name, const std::vector<const Vector*>& args,
                         size_t count) {
  std::vector<LogicalType> types;
  for (const Vector* arg : args) types.push_back(arg->type());
  std::vector<LogicalType> cast_to;
  const ScalarFunction* function =
      ResolveScalar(FunctionRegistry::BuiltIn(), name, types, cast_to);
  if (function == nullptr) throw Error(ErrorCode::kTypeMismatch, "no overload for " + name);
  for (size_t i = 0; i < types.size(); ++i) {
    if (cast_to[i] != types[i]) {
      throw Error(ErrorCode::kTypeMismatch, "test needs cast to " + cast_to[i].ToString());
    }
  }
  std::shared_ptr<FunctionData> bind_data;
  LogicalType return_type = BindScalarFunction(*function, types, bind_data);
  Vector result(return_type);
  ScalarCall call;
  call.bind_data = bind_data.get();
  call.query_offset = 7;
  function->kernel(call, args, count, result);
  return result;
}

}  // namespace tarn::exec::testing
