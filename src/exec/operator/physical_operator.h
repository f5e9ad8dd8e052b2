// The physical operator contract: push-based, morsel-driven execution of a plan tree. The planner
// builds a tree of PhysicalOperators; pipeline/executor.h cuts it into pipelines and runs them.
//
// Protocol
// --------
// A plan is a tree. The Executor cuts it at pipeline breakers into pipelines, each
//     source -> streaming operator* -> sink
// and runs the pipelines in dependency order (a join's build pipeline before its probe pipeline, an
// aggregate's input pipeline before the pipeline that reads its groups). An operator plays the roles
// its flags declare (IsSource / IsStreaming / IsSink), always relative to fixed children:
//   - leaf source (TableScan, ChunkSource):   IsSource.
//   - streaming (Filter, Projection):         IsStreaming; children[0] streams through it.
//   - breaker (HashAggregate, Sort, TopN, Limit, ResultCollector): IsSink && IsSource; children[0]
//     feeds the sink; once finalized, the operator is the source of the pipeline above it.
//   - join (HashJoin, NestedLoopJoin):       IsSink && IsStreaming; children[1] (the build side)
//     feeds the sink; children[0] (the probe side) streams through Execute.
//   - UnionAll: no role of its own; each child becomes its own pipeline feeding the operators above
//     the union, one after the other, in child order.
//
// Running one pipeline: the executor creates the source's GlobalSourceState and the sink's
// GlobalSinkState (once per sink, shared by all pipelines feeding it), then on each of N worker
// threads (ThreadPool::Run) creates a LocalSourceState, one OperatorState per streaming operator and
// a LocalSinkState, and loops:
//     while (source.NextMorsel(..., &morsel)) {           // thread-safe claim
//       while (source.GetData(..., chunk)) {              // chunk.morsel_index() == morsel
//         for each streaming operator: Execute(input, output, state)
//             kNeedMoreInput  -> output (maybe empty) is complete, go on with the next input
//             kHaveMoreOutput -> call again with the same input after pushing output downstream
//         sink.Sink(chunk)                            // kFinished -> stop claiming morsels
//       }
//       sink.FinishMorsel(morsel)                     // called for every claimed morsel, even empty
//     }
//     sink.Combine(local)                             // once per thread
// then, on one thread, streaming operators with HasFinalOutput() drain FinalExecute() (e.g. the
// unmatched build rows of a RIGHT/FULL join) through the rest of the pipeline as one extra morsel,
// and after the last pipeline feeding the sink, sink.Finalize(global).
//
// Morsels: a source numbers its morsels densely 0, 1, 2 ... in input order, independent of the
// thread count. The executor adds an offset when several pipelines feed one sink (UNION ALL), so a
// sink always sees dense indexes. Order-sensitive sinks (aggregates with floating-point states,
// sorts, limits, the result collector) keep per-morsel partial results and merge them in morsel
// order, which makes results bit-identical for any number of threads.
//
// Ownership and threads: operators hold only immutable plan data and are shared read-only by all
// threads; every mutable byte lives in a state object. Global states are shared and synchronize
// internally; local states and OperatorStates belong to one thread. Chunks passed to Execute and
// Sink are owned by the executor and reused after the call returns: a sink that keeps rows copies
// them. Operators throw tarn::Error to stop the query (kOutOfMemory from the MemoryTracker,
// kInterrupted on cancellation, any expression error); the executor stops the other threads and
// rethrows on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "common/memory.h"
#include "common/thread_pool.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn::exec {

// Everything a running query shares: threads, memory accounting, cancellation, progress, params.
// Outlives the Executor that uses it. Thread-safe members only.
struct ExecutionContext {
  ExecutionContext(ThreadPool& pool, MemoryTracker& memory) : pool(pool), memory(memory) {}
  ExecutionContext(const ExecutionContext&) = delete;
  ExecutionContext& operator=(const ExecutionContext&) = delete;

  ThreadPool& pool;
  MemoryTracker& memory;
  // Worker threads per pipeline; 0 = pool.size().
  size_t threads = 0;
  // Set from any thread (e.g. a Ctrl-C handler) to stop the query with Error(kInterrupted).
  std::atomic<bool> cancelled{false};
  // A flag owned by the caller (e.g. the HTTP server's DELETE /v1/queries/{id}) with the same
  // effect as 'cancelled'; may be null. Must outlive the query.
  const std::atomic<bool>* cancel_request = nullptr;
  // Called on the coordinating thread with a fraction in [0,1] between morsels (may be empty).
  std::function<void(double fraction)> progress;
  // Values of $1, $2 ... (the binder normally folds them into constants before execution).
  std::vector<Value> parameters;
  // Measure rows and time per operator (EXPLAIN ANALYZE). Off: no clock reads on the hot path.
  bool collect_stats = false;

  // Throws Error(kInterrupted, "query cancelled") when 'cancelled' is set.
  void CheckCancelled() const;
};

enum class PhysicalOperatorType : uint8_t {
  kTableScan,
  kChunkSource,
  kFilter,
  kProjection,
  kHashAggregate,
  kHashJoin,
  kNestedLoopJoin,
  kSort,
  kTopN,
  kLimit,
  kUnionAll,
  kWindow,
  kReplicate,
  kResultCollector,
};

// Answer of a streaming operator's Execute / FinalExecute.
enum class OperatorResult : uint8_t {
  kNeedMoreInput,   // the output is complete for this input; send the next input
  kHaveMoreOutput,  // call Execute again with the same input after consuming 'output'
};

// Answer of Sink.
enum class SinkResult : uint8_t {
  kNeedMoreInput,
  kFinished,  // the sink needs no further morsels (e.g. LIMIT satisfied); threads stop claiming
};

// State objects. Operators derive their own and downcast (static_cast) in their callbacks.
struct GlobalSourceState {
  virtual ~GlobalSourceState() = default;
};
struct LocalSourceState {
  virtual ~LocalSourceState() = default;
};
struct OperatorState {
  virtual ~OperatorState() = default;
};
struct GlobalSinkState {
  virtual ~GlobalSinkState() = default;
};
struct LocalSinkState {
  virtual ~LocalSinkState() = default;
};

// Rows and time one operator produced, summed over threads (EXPLAIN ANALYZE).
struct OperatorStats {
  uint64_t rows_out = 0;
  uint64_t nanoseconds = 0;  // time inside this operator's GetData/Execute/Sink calls
  uint64_t calls = 0;
};

class PhysicalOperator {
 public:
  PhysicalOperator(PhysicalOperatorType type, std::vector<LogicalType> types,
                   uint64_t estimated_cardinality)
      : type_(type), types_(std::move(types)), estimated_cardinality_(estimated_cardinality) {}
  virtual ~PhysicalOperator() = default;
  PhysicalOperator(const PhysicalOperator&) = delete;
  PhysicalOperator& operator=(const PhysicalOperator&) = delete;

  PhysicalOperatorType type() const { return type_; }
  // Column types of the chunks this operator outputs.
  const std::vector<LogicalType>& types() const { return types_; }
  uint64_t estimated_cardinality() const { return estimated_cardinality_; }
  const std::vector<std::unique_ptr<PhysicalOperator>>& children() const { return children_; }
  PhysicalOperator& child(size_t index) const { return *children_[index]; }
  void AddChild(std::unique_ptr<PhysicalOperator> child) { children_.push_back(std::move(child)); }

  // "HASH_AGGREGATE", "FILTER" ... for EXPLAIN.
  virtual std::string name() const = 0;
  // Operator details for EXPLAIN, one item per line ("groups: #0", "aggregates: avg(#1)").
  virtual std::string ParamsToString() const { return {}; }
  // Renders this subtree, indented, one operator per line plus its params (and stats when given).
  std::string ToString(const std::function<const OperatorStats*(const PhysicalOperator&)>& stats =
                           nullptr) const;

  virtual bool IsSource() const { return false; }
  virtual bool IsStreaming() const { return false; }
  virtual bool IsSink() const { return false; }

  // ---- Source ----------------------------------------------------------------------------------
  // 'sink_state' is this operator's own finalized GlobalSinkState for breakers, null for leaves.
  virtual std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(
      ExecutionContext& context, GlobalSinkState* sink_state) const;
  virtual std::unique_ptr<LocalSourceState> CreateLocalSourceState(
      ExecutionContext& context, GlobalSourceState& global) const;
  // Claims the next morsel for 'local' and stores its index. Returns false when none is left.
  // Thread-safe.
  virtual bool NextMorsel(ExecutionContext& context, GlobalSourceState& global,
                          LocalSourceState& local, int64_t& morsel_index) const;
  // Fills 'chunk' (initialized with types()) with the next rows of the current morsel. Returns false
  // (chunk empty) when the morsel is exhausted. May return true with an empty chunk.
  virtual bool GetData(ExecutionContext& context, GlobalSourceState& global,
                       LocalSourceState& local, DataChunk& chunk) const;
  // Fraction of the source consumed, in [0,1], or negative if unknown.
  virtual double Progress(const GlobalSourceState& global) const { return -1; }

  // ---- Streaming -------------------------------------------------------------------------------
  // One per thread. 'sink_state' is this operator's GlobalSinkState for joins (the finalized build
  // side), null otherwise.
  virtual std::unique_ptr<OperatorState> CreateOperatorState(ExecutionContext& context,
                                                             GlobalSinkState* sink_state) const;
  // Transforms 'input' into 'output'. 'output' has types() and holds whatever this operator left in
  // it on the previous call (the operator Resets or re-References it; the executor does not, so
  // buffers are reused). May leave 'output' empty. The executor stamps input's morsel index on it.
  virtual OperatorResult Execute(ExecutionContext& context, const DataChunk& input,
                                 DataChunk& output, OperatorState& state) const;
  // True when the operator emits rows after all input has passed (RIGHT/FULL join tails).
  virtual bool HasFinalOutput() const { return false; }
  // Called on one thread with one of the thread states after every morsel of the pipeline was
  // processed; kHaveMoreOutput means call again.
  virtual OperatorResult FinalExecute(ExecutionContext& context, DataChunk& output,
                                      OperatorState& state) const;

  // ---- Sink ------------------------------------------------------------------------------------
  virtual std::unique_ptr<GlobalSinkState> CreateGlobalSinkState(ExecutionContext& context) const;
  virtual std::unique_ptr<LocalSinkState> CreateLocalSinkState(ExecutionContext& context,
                                                               GlobalSinkState& global) const;
  // Consumes the live rows of 'chunk' (chunk.morsel_index() is the current morsel).
  virtual SinkResult Sink(ExecutionContext& context, const DataChunk& chunk, GlobalSinkState& global,
                          LocalSinkState& local) const;
  // Every chunk of morsel 'morsel_index' has been sunk by this thread's 'local'.
  virtual void FinishMorsel(ExecutionContext& context, int64_t morsel_index,
                            GlobalSinkState& global, LocalSinkState& local) const {}
  // This thread is done with the pipeline; merges what 'local' still holds.
  virtual void Combine(ExecutionContext& context, GlobalSinkState& global,
                       LocalSinkState& local) const {}
  // All input has arrived (single-threaded). After this the operator may act as a source.
  virtual void Finalize(ExecutionContext& context, GlobalSinkState& global) const {}

 private:
  PhysicalOperatorType type_;
  std::vector<LogicalType> types_;
  uint64_t estimated_cardinality_;
  std::vector<std::unique_ptr<PhysicalOperator>> children_;
};

using PhysicalOperatorPtr = std::unique_ptr<PhysicalOperator>;

}  // namespace tarn::exec
