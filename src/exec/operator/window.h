// Window functions (OVER (PARTITION BY .. ORDER BY .. frame)): a breaker that collects its input,
// splits it into partitions, sorts each partition and appends one result column per function.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/function/function.h"
#include "exec/operator/physical_operator.h"
#include "exec/operator/sort.h"

namespace tarn::exec {

enum class WindowFunctionKind : uint8_t {
  kAggregate,    // sum, avg, count ... over the frame
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,        // ntile(buckets)
  kLag,          // lag(x [, offset [, default]])
  kLead,
  kFirstValue,   // first_value(x) of the frame
  kLastValue,
  kNthValue,     // nth_value(x, n) of the frame
};

enum class WindowFrameUnit : uint8_t { kRows, kRange };

enum class WindowBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,  // 'offset' rows before
  kCurrentRow,  // ROWS: this row; RANGE: the first (start) or last (end) peer of this row
  kFollowing,
  kUnboundedFollowing,
};

// Which rows of its partition a row's aggregate, first_value, last_value and nth_value see. The
// default is PostgreSQL's: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, peers included (all of
// the partition without ORDER BY, as every row is then a peer). Offsets are ROWS only (>= 0).
struct WindowFrame {
  WindowFrameUnit unit = WindowFrameUnit::kRange;
  WindowBoundKind start = WindowBoundKind::kUnboundedPreceding;
  WindowBoundKind end = WindowBoundKind::kCurrentRow;
  int64_t start_offset = 0;
  int64_t end_offset = 0;

  bool Equals(const WindowFrame& other) const;
  std::string ToString() const;  // "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW"
};

// One window function call. Arguments are evaluated over the operator's input, once per row:
// ntile's bucket count, lag/lead's offset (BIGINT) and default (cast to return_type), nth_value's
// n (BIGINT) may differ per row.
struct WindowExpression {
  WindowFunctionKind kind = WindowFunctionKind::kRowNumber;
  std::optional<AggregateFunction> aggregate;  // kAggregate: registry copy, return type resolved
  std::vector<ExpressionPtr> arguments;
  LogicalType return_type;
  WindowFrame frame;
  std::string name;  // the SQL name, for EXPLAIN

  bool UsesFrame() const;
  std::string ToString() const;
};

// Breaker (sink then source). Output = input columns, then one column per function. All functions
// of one operator share 'partitions' and 'orders' (the planner chains one Window per distinct
// OVER clause).
//
// Rows are collected in morsel order, hashed on the partition keys into buckets (their number
// depends on the row count only), each bucket is stably sorted by partition keys then 'orders'
// (ties keep input order) and evaluated on the thread pool; output is bucket by bucket. So results
// and row order are the same for any thread count. NULL partition keys form one partition. Stored
// rows, sorted copies and result columns are reserved on context.memory ("window").
// Throws Error(kInvalidArgument) for ntile <= 0, a negative nth_value position, and whatever an
// aggregate's finalize throws (sum overflow).
class Window : public PhysicalOperator {
 public:
  Window(PhysicalOperatorPtr child, std::vector<ExpressionPtr> partitions,
         std::vector<SortKey> orders, std::vector<WindowExpression> functions);
  ~Window() override;

  std::string name() const override { return "WINDOW"; }
  std::string ParamsToString() const override;
  bool IsSource() const override { return true; }
  bool IsSink() const override { return true; }

  std::unique_ptr<GlobalSinkState> CreateGlobalSinkState(ExecutionContext& context) const override;
  std::unique_ptr<LocalSinkState> CreateLocalSinkState(ExecutionContext& context,
                                                       GlobalSinkState& global) const override;
  SinkResult Sink(ExecutionContext& context, const DataChunk& chunk, GlobalSinkState& global,
                  LocalSinkState& local) const override;
  void FinishMorsel(ExecutionContext& context, int64_t morsel_index, GlobalSinkState& global,
                    LocalSinkState& local) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& global) const override;

  std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(ExecutionContext& context,
                                                             GlobalSinkState* sink_state) const override;
  std::unique_ptr<LocalSourceState> CreateLocalSourceState(ExecutionContext& context,
                                                           GlobalSourceState& global) const override;
  bool NextMorsel(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
                  int64_t& morsel_index) const override;
  bool GetData(ExecutionContext& context, GlobalSourceState& global, LocalSourceState& local,
               DataChunk& chunk) const override;

  const std::vector<ExpressionPtr>& partitions() const { return partitions_; }
  const std::vector<SortKey>& orders() const { return orders_; }
  const std::vector<WindowExpression>& functions() const { return functions_; }

 private:
  std::vector<ExpressionPtr> partitions_;
  std::vector<SortKey> orders_;
  std::vector<WindowExpression> functions_;
};

}  // namespace tarn::exec
