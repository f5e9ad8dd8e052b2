// Expressions after binding: names resolved to column indexes of the input batch, functions resolved
// to kernels, every node typed. Built by sql/binder, evaluated by ExpressionExecutor a batch at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/function/function.h"
#include "exec/vector/value.h"

namespace tarn::exec {

enum class ExpressionKind : uint8_t {
  kColumnRef,   // input column 'column_index'
  kConstant,    // 'constant'
  kParameter,   // $n, replaced by a constant before execution
  kFunction,    // scalar function call (arithmetic, comparison, string functions ...)
  kCast,        // CAST(child AS type); 'try_cast' makes failures NULL
  kAnd,         // three-valued AND of children (evaluated lazily on surviving rows)
  kOr,          // three-valued OR of children
  kNot,
  kIsNull,
  kIsNotNull,
  kCase,        // children = [when1, then1, when2, then2, ..., else]; branches evaluated lazily
  kInList,      // children[0] IN (children[1..]); 'negated' for NOT IN
};

struct BoundExpression {
  ExpressionKind kind;
  LogicalType type;                 // result type
  std::vector<std::unique_ptr<BoundExpression>> children;
  std::string alias;                // output name when this is a select-list item
  int64_t query_offset = -1;        // position in the SQL text, for errors

  size_t column_index = 0;          // kColumnRef
  Value constant;                   // kConstant
  size_t parameter_index = 0;       // kParameter (1-based as in $1)
  const ScalarFunction* function = nullptr;    // kFunction (owned by the registry)
  std::shared_ptr<FunctionData> bind_data;     // kFunction
  bool try_cast = false;            // kCast
  bool negated = false;             // kInList

  std::unique_ptr<BoundExpression> Copy() const;
  // A readable rendering for EXPLAIN ("(value1 + 1)", "sum(#2)").
  std::string ToString() const;
  // True when the value does not depend on the input rows (constant folding).
  bool IsFoldable() const;
};

using ExpressionPtr = std::unique_ptr<BoundExpression>;

}  // namespace tarn::exec
