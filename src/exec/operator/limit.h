// LIMIT / OFFSET without ORDER BY: the first rows in input (morsel) order, deterministic.
#pragma once

#include <cstdint>

#include "exec/operator/physical_operator.h"

namespace tarn::exec {

// Breaker. Outputs rows [offset, offset + limit) of the input in morsel order. Stops the input
// pipeline early (SinkResult::kFinished) once the morsels before the limit are complete.
// 'limit' = UINT64_MAX means no limit (OFFSET only).
class Limit : public PhysicalOperator {
 public:
  Limit(PhysicalOperatorPtr child, uint64_t limit, uint64_t offset = 0);
  ~Limit() override;

  std::string name() const override { return "LIMIT"; }
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

 private:
  uint64_t limit_;
  uint64_t offset_;
};

}  // namespace tarn::exec
