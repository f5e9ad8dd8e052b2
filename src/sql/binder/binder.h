// Syntax tree (parser/ast.h) -> typed logical plan (planner/logical_operator.h). Resolves names
// against the FROM scope, types every expression, resolves functions through the registry
// (inserting implicit casts), and lays out aggregates, ORDER BY, DISTINCT and LIMIT.
// parse -> [bind] -> optimize -> plan -> execute.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/function/function.h"
#include "exec/vector/value.h"
#include "sql/binder/bind_scope.h"
#include "sql/binder/catalog.h"
#include "sql/parser/ast.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

// A bound query: its plan and the names and types of its output columns.
struct BoundQuery {
  LogicalOperatorPtr plan;
  std::vector<std::string> names;
  std::vector<LogicalType> types;
};

// Runs an uncorrelated subquery's plan to completion and returns its rows (set by the Session).
using SubqueryExecutor = std::function<std::vector<exec::DataChunk>(LogicalOperatorPtr plan)>;

// One Binder per statement (child binders for subqueries). Not thread-safe. The catalog and
// parameters are borrowed. Throws Error(kBinderError / kTypeMismatch / kNotSupported / kIoError)
// with the query offset of the offending node.
class Binder {
 public:
  Binder(const SessionCatalog& catalog, const std::vector<exec::Value>& parameters,
         const Binder* parent = nullptr);
  ~Binder();
  struct PendingSubquery;  // decorrelate.h

  BoundQuery BindQuery(const QueryNode& node);
  // Enables uncorrelated subqueries in expressions: they are run once, while binding, and replaced
  // by their value (scalar), a constant IN list, or a constant (EXISTS). Without an executor they
  // are Error(kNotSupported). Child binders inherit it.
  void SetSubqueryExecutor(const SubqueryExecutor* executor) { subquery_executor_ = executor; }
  // Binds an expression that reads no column (VALUES rows, options); not folded.
  exec::ExpressionPtr BindStandalone(const ParsedExpression& expression);

  // Marks the untyped parameters ((*untyped)[n - 1] for $n): text from the CLI's --param or a
  // quoted literal in EXECUTE. Like PostgreSQL's quoted literals they take the type their use asks
  // for (compared or combined with a typed operand, stored into a column); elsewhere text that reads
  // as a number is a numeric literal, else VARCHAR. Borrowed; child binders inherit it.
  void SetUntypedParameters(const std::vector<bool>* untyped) { untyped_parameters_ = untyped; }

  // Data-changing statements (bind_insert.cc, bind_update.cc, bind_delete.cc) against 'table', the
  // target's current snapshot called 'name'. Each returns a plan whose rows are in the table's
  // column layout and types:
  //   BindInsert: the new rows (columns not listed get their default, else NULL);
  //   BindDelete: the rows that stay;
  //   BindUpdate: every row, with the SET values where WHERE holds, plus a last BOOLEAN column
  //               that is TRUE for the updated rows.
  // NOT NULL is checked by the caller on the result.
  LogicalOperatorPtr BindInsert(const InsertStatement& statement,
                                std::shared_ptr<const MaterializedTable> table,
                                const std::string& name);
  LogicalOperatorPtr BindUpdate(const UpdateStatement& statement,
                                std::shared_ptr<const MaterializedTable> table,
                                const std::string& name);
  LogicalOperatorPtr BindDelete(const DeleteStatement& statement,
                                std::shared_ptr<const MaterializedTable> table,
                                const std::string& name);

  // Returns 'expression' cast to 'type' (unchanged when it already has that type).
  static exec::ExpressionPtr AddCast(exec::ExpressionPtr expression, LogicalType type);
  // The output name of a select-list item: its alias, a column's name, else the expression text.
  static std::string OutputName(const ParsedExpression& expression);

 private:
  struct AggregateContext;
  struct WindowBinding;  // bind_window.h
  // Where an expression is bound: the visible columns and whether aggregates may appear.
  struct ExpressionContext {
    const BindScope* scope = nullptr;
    AggregateContext* aggregation = nullptr;  // set in the select list/HAVING/ORDER BY of a GROUP BY
    const char* clause = "this context";      // for "aggregate functions are not allowed in WHERE"
    WindowBinding* window = nullptr;  // set where window calls may appear (select list, ORDER BY)
    // Correlated subqueries may be joined onto the clause's plan (ApplySubqueries follows).
    bool subquery_joins = false;
    // Aggregate arguments: their subqueries join below the aggregate.
    bool aggregate_input = false;
  };
  // A column of an enclosing query read by this (sub)query: either a column of the direct
  // parent's FROM scope, or (deeper nesting) one of the parent's own correlated columns.
  struct CorrelatedColumn {
    ScopeColumn column;
    bool from_parent_scope = true;
    size_t parent_correlated = 0;  // when !from_parent_scope
  };
  struct FromResult {
    LogicalOperatorPtr plan;
    BindScope scope;
  };

  // bind_select.cc
  BoundQuery BindSelect(const QueryNode& node);
  BoundQuery BindQueryBody(const QueryNode& node);
  void BindOrderLimit(const QueryNode& node, BoundQuery& query);
  // bind_set_operation.cc
  BoundQuery BindSetOperation(const QueryNode& node);
  BoundQuery BindValues(const QueryNode& node);
  // bind_table_ref.cc
  FromResult BindTableRef(const TableRef& ref);
  FromResult BindBaseTable(const TableRef& ref);
  // A scan of 'table' (its rows, or its data files) under 'alias'.
  FromResult FromTable(std::shared_ptr<const MaterializedTable> table, const TableRef& ref,
                       const std::string& alias);
  // A LogicalGet of every column of 'table'; errors opening its files point at 'offset'.
  static LogicalOperatorPtr MakeTableScan(std::shared_ptr<const MaterializedTable> table,
                                          int64_t offset);
  // bind_table_access.cc: lake table 'table' as catalog_.access lets the principal read it —
  // only the allowed columns in scope (the others denied), its row filter over the scan, pii
  // columns masked.
  FromResult FromLakeTable(std::shared_ptr<const MaterializedTable> table,
                           const LakeTableIdentity& identity, const TableRef& ref,
                           const std::string& alias);
  // hmac_sha256(CAST(column AS VARCHAR), <key>) with the key as bind data of a secret() call.
  exec::ExpressionPtr MaskColumn(exec::ExpressionPtr column, const std::string& key,
                                 int64_t offset);
  // The version FOR VERSION|TIMESTAMP AS OF asks for (none: the current one).
  TableVersion BindTableVersion(const TableRef& ref);
  FromResult BindFile(const TableRef& ref);
  FromResult BindTableFunction(const TableRef& ref);
  FromResult BindSubqueryRef(const TableRef& ref);
  FromResult BindJoin(const TableRef& ref);
  // A FROM subquery (or CTE) reading correlated columns of the query this binder is a subquery
  // of: renumbers them to this binder's correlated columns.
  void AdoptCorrelated(const Binder& child, LogicalOperator& plan, int64_t offset);
  FromResult FromBoundQuery(BoundQuery query, const std::string& alias,
                            const std::vector<std::string>& column_aliases, int64_t offset);
  // bind_expression.cc
  exec::ExpressionPtr Bind(const ParsedExpression& expression, ExpressionContext& context);
  exec::ExpressionPtr BindColumnRef(const ParsedExpression& expression, ExpressionContext& context);
  exec::ExpressionPtr BindConstant(const ParsedExpression& expression);
  exec::ExpressionPtr BindOperator(const ParsedExpression& expression, ExpressionContext& context);
  exec::ExpressionPtr BindCase(const ParsedExpression& expression, ExpressionContext& context);
  exec::ExpressionPtr BindCastExpression(const ParsedExpression& expression,
                                         ExpressionContext& context);
  exec::ExpressionPtr BindBoolean(const ParsedExpression& expression, ExpressionContext& context);
  // bind_function.cc
  exec::ExpressionPtr BindFunction(const ParsedExpression& expression, ExpressionContext& context);
  exec::ExpressionPtr CallScalar(const std::string& name, std::vector<exec::ExpressionPtr> arguments,
                                 int64_t offset, bool is_operator);
  exec::ExpressionPtr BindAggregateCall(const ParsedExpression& expression,
                                        ExpressionContext& context);
  exec::ExpressionPtr BindInAggregation(const ParsedExpression& expression,
                                        ExpressionContext& context);
  bool ContainsAggregate(const ParsedExpression& expression) const;
  // bind_parameter.cc
  exec::ExpressionPtr BindParameter(const ParsedExpression& expression);
  // True for a string literal or an untyped parameter: text whose type its use decides.
  bool IsUntypedText(const ParsedExpression& expression) const;
  // Binds 'expression' for a place that wants 'type' (a column it is stored into, the other side
  // of a comparison): untyped text converts from its text; anything else is cast when 'cast_all'.
  exec::ExpressionPtr BindForType(const ParsedExpression& expression, ExpressionContext& context,
                                  LogicalType type, bool cast_all);
  // bind_delete.cc: a scan of all columns of 'table' and its scope under 'alias'.
  FromResult ScanTable(std::shared_ptr<const MaterializedTable> table, const std::string& alias);
  // 'where IS TRUE' over 'scope' (constant TRUE when 'where' is null); BOOLEAN, never NULL.
  // Correlated subqueries in it are joined onto 'plan' (columns appended).
  exec::ExpressionPtr BindWhereIsTrue(const ParsedExpression* where, const BindScope& scope,
                                      LogicalOperatorPtr& plan);
  // bind_window.cc
  exec::ExpressionPtr BindWindowCall(const ParsedExpression& expression, ExpressionContext& context);
  // Adds the window operators of 'windows' on top of 'plan' and points the placeholders in
  // 'expressions' at their output columns.
  LogicalOperatorPtr PlanWindows(LogicalOperatorPtr plan, WindowBinding& windows,
                                 std::vector<exec::ExpressionPtr>& expressions);
  static bool ContainsWindow(const ParsedExpression& expression);
  // bind_subquery.cc
  exec::ExpressionPtr BindSubquery(const ParsedExpression& expression, ExpressionContext& context);

  // A name that exists only in an enclosing query: a correlated column reference
  // (kCorrelatedColumnBase + i), or nullptr when no enclosing query has it.
  exec::ExpressionPtr BindCorrelated(const ParsedExpression& expression) const;
  size_t RegisterCorrelated(const ScopeColumn& column, int levels_up) const;
  // decorrelate.cc: joins the correlated subqueries bound since the last call onto 'plan' (one
  // result column each, appended) and points their placeholders in 'expressions' at those columns.
  // 'below_aggregate' picks those bound in aggregate arguments (the plan is the aggregate's input).
  LogicalOperatorPtr ApplySubqueries(LogicalOperatorPtr plan,
                                     const std::vector<exec::ExpressionPtr*>& expressions,
                                     bool below_aggregate = false);

  const SessionCatalog& catalog_;
  const std::vector<exec::Value>& parameters_;
  const Binder* parent_;
  const exec::FunctionRegistry& registry_;
  // CTEs visible in this query (and inherited from the parent), by name.
  std::map<std::string, const CommonTableExpression*> ctes_;
  // The FROM scope of the SELECT being bound (for correlated-name detection by child binders).
  const BindScope* current_scope_ = nullptr;
  int view_depth_ = 0;
  const SubqueryExecutor* subquery_executor_ = nullptr;
  // now()/current_date of this statement (root binder only; set when first bound).
  mutable std::optional<int64_t> statement_time_;
  const std::vector<bool>* untyped_parameters_ = nullptr;
  // Enclosing-query columns this query reads (filled while binding; read by the parent).
  mutable std::vector<CorrelatedColumn> correlated_;
  // Correlated subqueries bound in the current clause, waiting for ApplySubqueries.
  std::vector<std::shared_ptr<PendingSubquery>> pending_subqueries_;  // shared: incomplete here
};

// Column indexes at and above these mark, inside a bound plan, a correlated column of the
// enclosing query (base + i) and a not yet joined correlated subquery's result (base + i).
inline constexpr size_t kCorrelatedColumnBase = size_t{1} << 40;
inline constexpr size_t kPendingSubqueryBase = size_t{1} << 41;

}  // namespace tarn::sql
