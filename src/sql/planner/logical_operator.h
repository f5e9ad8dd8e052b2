// The logical plan: what the binder produces and the optimizer rewrites, before physical planning
// (physical_planner.h) turns it into exec operators. parse -> bind -> [logical plan] -> optimize ->
// plan -> execute.
//
// Column addressing: every operator outputs an ordered list of columns (types). Expressions inside
// an operator reference the columns of its input by position (BoundExpression::kColumnRef
// column_index): the child's output for one-child operators, the concatenation left ++ right for a
// join. An aggregate outputs its groups, then its aggregates.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/expression/bound_expression.h"
#include "exec/function/function.h"
#include "exec/operator/join_type.h"
#include "exec/operator/sort.h"
#include "exec/operator/window.h"
#include "exec/vector/data_chunk.h"
#include "format/scan_source.h"

namespace tarn::sql {

enum class LogicalOperatorType : uint8_t {
  kGet,           // scan of a file source or an in-memory table
  kValues,        // constant rows (VALUES, SELECT without FROM)
  kFilter,
  kProjection,
  kAggregate,
  kJoin,
  kOrder,
  kLimit,
  kDistinct,
  kSetOperation,
  kWindow,
};

struct LogicalOperator;
using LogicalOperatorPtr = std::unique_ptr<LogicalOperator>;

struct LogicalOperator {
  explicit LogicalOperator(LogicalOperatorType type) : type(type) {}
  virtual ~LogicalOperator() = default;
  LogicalOperator(const LogicalOperator&) = delete;
  LogicalOperator& operator=(const LogicalOperator&) = delete;

  LogicalOperatorType type;
  std::vector<LogicalOperatorPtr> children;
  std::vector<LogicalType> types;  // output columns
  uint64_t estimated_cardinality = 0;

  // "FILTER", "AGGREGATE" ...
  std::string name() const;
  // Operator details for EXPLAIN (one item per line).
  virtual std::string ParamsToString() const { return {}; }
  // Renders this subtree, indented.
  std::string ToString(int indent = 0) const;
};

// The rows of an in-memory table (session catalog). Shared: the plan keeps the table alive.
struct MaterializedTable {
  std::vector<format::ColumnSchema> columns;
  std::vector<bool> not_null;          // per column: NOT NULL constraint (empty: none)
  std::vector<exec::Value> defaults;   // per column: DEFAULT value (empty: all NULL)
  std::vector<std::vector<size_t>> unique_keys;  // PRIMARY KEY / UNIQUE column sets
  std::vector<exec::DataChunk> chunks;
  // Lake tables: the rows are not in 'chunks' but in data files; each query scans them through a
  // fresh source from 'open_scan' (the binder puts it in LogicalGet::source).
  std::function<std::shared_ptr<format::ScanSource>()> open_scan;
  uint64_t stored_row_count = 0;  // with open_scan: the rows in the data files
  uint64_t row_count() const;
};

struct LogicalGet : LogicalOperator {
  LogicalGet() : LogicalOperator(LogicalOperatorType::kGet) {}
  // Exactly one of 'source' / 'table' is set.
  std::shared_ptr<format::ScanSource> source;
  std::shared_ptr<const MaterializedTable> table;
  // With 'source': opens a fresh source over the same input. A copy of the plan (CopyPlan, used by
  // decorrelation) must not share 'source', whose scan state (projection, claimed morsels) belongs
  // to one scan.
  std::function<std::shared_ptr<format::ScanSource>()> reopen;
  // Columns read, as indexes into the source schema / table columns; output column i is
  // column_ids[i]. Projection push-down narrows this list.
  std::vector<size_t> column_ids;
  std::vector<std::string> column_names;  // names of the output columns (EXPLAIN)
  std::string ParamsToString() const override;
};

struct LogicalValues : LogicalOperator {
  LogicalValues() : LogicalOperator(LogicalOperatorType::kValues) {}
  std::vector<std::vector<exec::Value>> rows;  // constant rows, already cast to 'types'
  std::string ParamsToString() const override;
};

struct LogicalFilter : LogicalOperator {
  LogicalFilter() : LogicalOperator(LogicalOperatorType::kFilter) {}
  std::vector<exec::ExpressionPtr> conditions;  // conjuncts, all BOOLEAN; a row passes if all TRUE
  std::string ParamsToString() const override;
};

struct LogicalProjection : LogicalOperator {
  LogicalProjection() : LogicalOperator(LogicalOperatorType::kProjection) {}
  std::vector<exec::ExpressionPtr> expressions;
  std::string ParamsToString() const override;
};

struct BoundAggregate {
  const exec::AggregateFunction* function = nullptr;  // owned by the registry
  std::vector<exec::ExpressionPtr> arguments;         // over the aggregate's input
  std::shared_ptr<exec::FunctionData> bind_data;
  LogicalType return_type;
  bool distinct = false;
  std::string ToString() const;
  bool Equals(const BoundAggregate& other) const;
};

struct LogicalAggregate : LogicalOperator {
  LogicalAggregate() : LogicalOperator(LogicalOperatorType::kAggregate) {}
  std::vector<exec::ExpressionPtr> groups;
  std::vector<BoundAggregate> aggregates;
  std::string ParamsToString() const override;
};

using exec::JoinType;

struct LogicalJoin : LogicalOperator {
  LogicalJoin() : LogicalOperator(LogicalOperatorType::kJoin) {}
  JoinType join_type = JoinType::kInner;
  // Equality keys (extracted by the optimizer): left_keys[i] over the left child, right_keys[i] over
  // the right child.
  std::vector<exec::ExpressionPtr> left_keys;
  std::vector<exec::ExpressionPtr> right_keys;
  // Remaining conjuncts over left ++ right (none and no keys: a cross product).
  std::vector<exec::ExpressionPtr> conditions;
  std::string ParamsToString() const override;
};

struct LogicalOrder : LogicalOperator {
  LogicalOrder() : LogicalOperator(LogicalOperatorType::kOrder) {}
  std::vector<exec::SortKey> orders;  // over the input columns
  std::string ParamsToString() const override;
};

struct LogicalLimit : LogicalOperator {
  LogicalLimit() : LogicalOperator(LogicalOperatorType::kLimit) {}
  int64_t limit = -1;  // -1 = no limit
  int64_t offset = 0;
  std::string ParamsToString() const override;
};

struct LogicalDistinct : LogicalOperator {
  LogicalDistinct() : LogicalOperator(LogicalOperatorType::kDistinct) {}
};

enum class SetOperationType : uint8_t { kUnionAll, kUnion, kExcept, kIntersect };

struct LogicalSetOperation : LogicalOperator {
  LogicalSetOperation() : LogicalOperator(LogicalOperatorType::kSetOperation) {}
  SetOperationType set_type = SetOperationType::kUnionAll;
  std::string ParamsToString() const override;
};

// Window functions sharing one OVER clause. Outputs the input columns, then one column per
// function (function.return_type).
struct LogicalWindow : LogicalOperator {
  LogicalWindow() : LogicalOperator(LogicalOperatorType::kWindow) {}
  std::vector<exec::ExpressionPtr> partitions;  // over the input columns
  std::vector<exec::SortKey> orders;
  std::vector<exec::WindowExpression> functions;
  std::string ParamsToString() const override;
};

// Structural equality of bound expressions (same kinds, types, columns, constants, functions).
bool ExpressionEquals(const exec::BoundExpression& a, const exec::BoundExpression& b);
// A column reference to input column 'index'.
exec::ExpressionPtr MakeColumnRef(size_t index, LogicalType type, std::string alias = {});
// Calls 'visit' on every kColumnRef node of 'expression' (mutable, for remapping).
void VisitColumnRefs(exec::BoundExpression& expression,
                     const std::function<void(exec::BoundExpression&)>& visit);

// Calls 'visit' on every top-level expression slot of 'op' (not its children's): filter conditions,
// projection expressions, groups and aggregate arguments, join keys and conditions, order keys.
void ForEachExpression(LogicalOperator& op, const std::function<void(exec::ExpressionPtr&)>& visit);

}  // namespace tarn::sql
