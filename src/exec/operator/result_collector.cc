#include "exec/operator/result_collector.h"

#include "exec/operator/morsel_chunks.h"

namespace tarn::exec {

namespace {

struct CollectorGlobalState : GlobalSinkState {
  explicit CollectorGlobalState(MemoryTracker& memory) : store(memory, "query result") {}
  MorselChunkStore store;
  std::vector<DataChunk> result;
};

struct CollectorLocalState : LocalSinkState {
  MorselChunkStore::Local local;
};

}  // namespace

ResultCollector::ResultCollector(PhysicalOperatorPtr child)
    : PhysicalOperator(PhysicalOperatorType::kResultCollector, child->types(),
                       child->estimated_cardinality()) {
  AddChild(std::move(child));
}

ResultCollector::ResultCollector(std::vector<LogicalType> types)
    : PhysicalOperator(PhysicalOperatorType::kResultCollector, std::move(types), 0) {}

ResultCollector::~ResultCollector() = default;

std::vector<DataChunk> ResultCollector::TakeResult(GlobalSinkState& global) {
  return std::move(static_cast<CollectorGlobalState&>(global).result);
}

std::unique_ptr<GlobalSinkState> ResultCollector::CreateGlobalSinkState(
    ExecutionContext& context) const {
  return std::make_unique<CollectorGlobalState>(context.memory);
}

std::unique_ptr<LocalSinkState> ResultCollector::CreateLocalSinkState(ExecutionContext&,
                                                                      GlobalSinkState&) const {
  return std::make_unique<CollectorLocalState>();
}

SinkResult ResultCollector::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                                 LocalSinkState& local) const {
  static_cast<CollectorGlobalState&>(global).store.Append(
      static_cast<CollectorLocalState&>(local).local, chunk);
  return SinkResult::kNeedMoreInput;
}

void ResultCollector::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                                   LocalSinkState& local) const {
  static_cast<CollectorGlobalState&>(global).store.FinishMorsel(
      static_cast<CollectorLocalState&>(local).local, morsel_index);
}

void ResultCollector::Finalize(ExecutionContext&, GlobalSinkState& global) const {
  auto& state = static_cast<CollectorGlobalState&>(global);
  state.result = state.store.TakeInOrder();
}

std::unique_ptr<GlobalSourceState> ResultCollector::CreateGlobalSourceState(
    ExecutionContext&, GlobalSinkState* sink_state) const {
  auto state = std::make_unique<ChunkListSourceState>();
  state->chunks = &static_cast<CollectorGlobalState*>(sink_state)->result;
  return state;
}

std::unique_ptr<LocalSourceState> ResultCollector::CreateLocalSourceState(ExecutionContext&,
                                                                          GlobalSourceState&) const {
  return std::make_unique<ChunkListLocalState>();
}

bool ResultCollector::NextMorsel(ExecutionContext&, GlobalSourceState& global,
                                 LocalSourceState& local, int64_t& morsel_index) const {
  return ChunkListNextMorsel(static_cast<ChunkListSourceState&>(global),
                             static_cast<ChunkListLocalState&>(local), morsel_index);
}

bool ResultCollector::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                              DataChunk& chunk) const {
  return ChunkListGetData(static_cast<ChunkListSourceState&>(global),
                          static_cast<ChunkListLocalState&>(local), chunk);
}

}  // namespace tarn::exec
