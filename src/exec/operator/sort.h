// ORDER BY: materializes its input and outputs it sorted, stable and deterministic.
#pragma once

#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/operator/physical_operator.h"

namespace tarn::exec {

enum class NullOrder : uint8_t {
  kDefault,  // PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC
  kFirst,
  kLast,
};

// One ORDER BY item, evaluated over the operator's input columns.
struct SortKey {
  ExpressionPtr expression;
  bool descending = false;
  NullOrder nulls = NullOrder::kDefault;

  bool NullsFirst() const { return nulls == NullOrder::kDefault ? descending : nulls == NullOrder::kFirst; }
  std::string ToString() const;
};

// Breaker. Output = input columns, rows sorted by 'keys'; ties keep input order (morsel, then row),
// so the result is the same for any thread count. Doubles order -inf < ... < inf < NaN; strings
// byte-wise. Rows and keys are reserved on context.memory.
class Sort : public PhysicalOperator {
 public:
  Sort(PhysicalOperatorPtr child, std::vector<SortKey> keys);
  ~Sort() override;

  std::string name() const override { return "SORT"; }
  std::string ParamsToString() const override;
  bool IsSource() const override { return true; }
  bool IsSink() const override { return true; }
  const std::vector<SortKey>& keys() const { return keys_; }

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

 protected:
  // TopN reuses the sort machinery with a row bound.
  Sort(PhysicalOperatorType type, PhysicalOperatorPtr child, std::vector<SortKey> keys,
       uint64_t limit, uint64_t offset);
  uint64_t limit_ = UINT64_MAX;  // rows to output after 'offset_' (UINT64_MAX = all)
  uint64_t offset_ = 0;

 private:
  std::vector<SortKey> keys_;
};

}  // namespace tarn::exec
