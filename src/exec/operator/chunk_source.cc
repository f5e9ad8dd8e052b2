#include "exec/operator/chunk_source.h"

#include <fmt/format.h>

#include "exec/operator/morsel_chunks.h"

namespace tarn::exec {

ChunkSource::ChunkSource(std::vector<LogicalType> types,
                         std::shared_ptr<const std::vector<DataChunk>> chunks)
    : PhysicalOperator(PhysicalOperatorType::kChunkSource, std::move(types), 0),
      chunks_(std::move(chunks)) {}

std::string ChunkSource::ParamsToString() const {
  size_t rows = 0;
  for (const auto& chunk : *chunks_) rows += chunk.size();
  return fmt::format("{} rows in {} chunks", rows, chunks_->size());
}

std::unique_ptr<GlobalSourceState> ChunkSource::CreateGlobalSourceState(ExecutionContext&,
                                                                        GlobalSinkState*) const {
  auto state = std::make_unique<ChunkListSourceState>();
  state->chunks = chunks_.get();
  return state;
}

std::unique_ptr<LocalSourceState> ChunkSource::CreateLocalSourceState(ExecutionContext&,
                                                                      GlobalSourceState&) const {
  return std::make_unique<ChunkListLocalState>();
}

bool ChunkSource::NextMorsel(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                             int64_t& morsel_index) const {
  return ChunkListNextMorsel(static_cast<ChunkListSourceState&>(global),
                             static_cast<ChunkListLocalState&>(local), morsel_index);
}

bool ChunkSource::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                          DataChunk& chunk) const {
  return ChunkListGetData(static_cast<ChunkListSourceState&>(global),
                          static_cast<ChunkListLocalState&>(local), chunk);
}

double ChunkSource::Progress(const GlobalSourceState& global) const {
  const auto& state = static_cast<const ChunkListSourceState&>(global);
  if (chunks_->empty()) return 1.0;
  return static_cast<double>(state.done.load()) / static_cast<double>(chunks_->size());
}

}  // namespace tarn::exec
