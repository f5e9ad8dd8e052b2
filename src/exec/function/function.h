// What a SQL function is to the engine: a name, argument types, a result type and a kernel that
// works on whole vectors. Scalar functions map rows to rows; aggregates fold rows into per-group
// states. Each function lives in exec/function/<category>/<name>.cc with a Register<Name>() call
// listed in that category's function_list.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/vector.h"

namespace tarn::exec {

// Data a function computes once at bind time (e.g. a compiled regex, a decimal scale).
struct FunctionData {
  virtual ~FunctionData() = default;
};

// Per-call context of a scalar kernel.
struct ScalarCall {
  const FunctionData* bind_data = nullptr;
  int64_t query_offset = -1;  // where the call stands in the SQL text, for error positions
};

// Computes result[i] = f(args[0][i], ...) for i in [0, count). Argument vectors are flat or
// constant and hold exactly 'count' rows (the executor has applied any selection). The kernel
// writes a flat result (or a constant one when every argument is constant) and sets NULLs.
// Throws Error (e.g. kDivisionByZero, kOutOfRange) for the first bad row.
using ScalarKernel = void (*)(const ScalarCall& call, const std::vector<const Vector*>& args,
                              size_t count, Vector& result);

// Chooses bind data once the argument types are known (optional).
using ScalarBind = std::unique_ptr<FunctionData> (*)(const std::vector<LogicalType>& arg_types,
                                                     LogicalType& return_type);

struct ScalarFunction {
  std::string name;
  std::vector<LogicalType> arguments;  // exact types this overload accepts (after implicit casts)
  LogicalType varargs = TypeId::kInvalid;  // when valid, further arguments of this type are allowed
  LogicalType return_type;
  ScalarKernel kernel = nullptr;
  ScalarBind bind = nullptr;
  // NULL in -> NULL out for every argument, so the executor may skip NULL rows. Functions such as
  // coalesce set this false and handle NULLs themselves.
  bool null_propagating = true;
  // false for now(), random(): not constant-folded.
  bool deterministic = true;
  // true for now(), current_date...: argument-less and fixed for a statement, so the binder
  // replaces the call by the statement's time (see date/current_time.h); the kernel is the
  // fallback when a function is called outside a statement (unit tests).
  bool statement_time = false;
};

// Aggregate functions use one fixed-size state per group, addressed through a vector of state
// pointers so the hash aggregate can update thousands of groups per batch without a virtual call per
// row. All callbacks must be deterministic: Combine is called in a fixed order by the engine.
struct AggregateFunction {
  std::string name;
  std::vector<LogicalType> arguments;
  LogicalType return_type;
  size_t state_size = 0;
  size_t state_alignment = 8;
  // Initializes 'count' states laid out at states[i].
  void (*initialize)(uint8_t** states, size_t count) = nullptr;
  // Folds rows [0,count) of 'args' into states[i] (one state pointer per row; rows of the same
  // group share a pointer). NULL argument rows are skipped by the function itself (count(*) has no
  // arguments).
  void (*update)(const std::vector<const Vector*>& args, uint8_t** states, size_t count) = nullptr;
  // Merges source[i] into target[i] for i in [0, count). The engine calls this in a fixed order.
  void (*combine)(uint8_t** source, uint8_t** target, size_t count) = nullptr;
  // Writes the result of states[i] to result row (offset + i).
  void (*finalize)(uint8_t** states, size_t count, Vector& result, size_t offset) = nullptr;
  // Frees memory the states own (e.g. count(DISTINCT) sets); may be null.
  void (*destroy)(uint8_t** states, size_t count) = nullptr;
  // Chooses the return type from argument types (e.g. sum(DECIMAL(p,s)) -> DECIMAL(18,s)); optional.
  ScalarBind bind = nullptr;
  // true if count(DISTINCT x) style handling is done by the function itself.
  bool distinct = false;
};

// All functions, by name. Built once at start-up (RegisterAllFunctions) and read-only afterwards,
// so lookups are thread-safe.
class FunctionRegistry {
 public:
  void AddScalar(ScalarFunction function);
  void AddAggregate(AggregateFunction function);

  // Overloads registered under a (lower-case) name; empty if none.
  const std::vector<ScalarFunction>& ScalarOverloads(const std::string& name) const;
  const std::vector<AggregateFunction>& AggregateOverloads(const std::string& name) const;
  bool IsAggregate(const std::string& name) const;
  // All names, sorted (for "did you mean" hints and SHOW FUNCTIONS).
  std::vector<std::string> Names() const;

  // The process-wide registry with every built-in function.
  static const FunctionRegistry& BuiltIn();

 private:
  std::vector<std::pair<std::string, std::vector<ScalarFunction>>> scalar_;
  std::vector<std::pair<std::string, std::vector<AggregateFunction>>> aggregate_;
};

}  // namespace tarn::exec
