// Runs a physical plan: cuts the operator tree into pipelines at sinks (see
// operator/physical_operator.h for the protocol), runs each pipeline on all threads of the pool with
// every thread pulling morsels, in dependency order, and collects the result chunks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "exec/operator/physical_operator.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

struct Pipeline;

// Not thread-safe: one Executor per query, used from one coordinating thread. The plan and the
// context are borrowed and must outlive the Executor.
class Executor {
 public:
  explicit Executor(ExecutionContext& context);
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Runs the plan rooted at 'root' and returns its rows as compact chunks (no selection, every
  // column flat) in the plan's deterministic order. A ResultCollector is added on top unless 'root'
  // already is one. Throws the first Error any thread raised (other threads are stopped first);
  // Error(kInterrupted) when context.cancelled is set.
  std::vector<DataChunk> Execute(const PhysicalOperator& root);

  // Rows and time per operator of the last Execute (filled when context.collect_stats is set).
  const OperatorStats* StatsOf(const PhysicalOperator& op) const;
  // EXPLAIN ANALYZE text for 'root' with the collected stats.
  std::string RenderProfile(const PhysicalOperator& root) const;
  // The pipelines 'root' would be cut into, one per line, in execution order (for tests/EXPLAIN).
  static std::string DescribePipelines(const PhysicalOperator& root);

 private:
  ExecutionContext& context_;
  std::unordered_map<const PhysicalOperator*, OperatorStats> stats_;
};

}  // namespace tarn::exec
