#include "exec/operator/physical_operator.h"

#include <fmt/format.h>

#include "common/error.h"
#include "exec/operator/join_type.h"

namespace tarn::exec {

void ExecutionContext::CheckCancelled() const {
  if (cancelled.load(std::memory_order_relaxed) ||
      (cancel_request != nullptr && cancel_request->load(std::memory_order_relaxed))) {
    throw Error(ErrorCode::kInterrupted, "query cancelled");
  }
}

std::string_view JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "INNER";
    case JoinType::kLeft: return "LEFT";
    case JoinType::kRight: return "RIGHT";
    case JoinType::kFull: return "FULL";
    case JoinType::kSemi: return "SEMI";
    case JoinType::kAnti: return "ANTI";
    case JoinType::kMark: return "MARK";
  }
  return "?";
}

namespace {

void Render(const PhysicalOperator& op, int depth,
            const std::function<const OperatorStats*(const PhysicalOperator&)>& stats,
            std::string& out) {
  std::string indent(depth * 2, ' ');
  out += indent + op.name();
  if (stats) {
    if (const OperatorStats* s = stats(op)) {
      out += fmt::format(" (rows={}, time={:.3f}ms)", s->rows_out, s->nanoseconds / 1e6);
    }
  }
  out += '\n';
  std::string params = op.ParamsToString();
  size_t start = 0;
  while (start < params.size()) {
    size_t end = params.find('\n', start);
    if (end == std::string::npos) end = params.size();
    if (end > start) out += indent + "    " + params.substr(start, end - start) + '\n';
    start = end + 1;
  }
  for (const auto& child : op.children()) Render(*child, depth + 1, stats, out);
}

[[noreturn]] void NotARole(const PhysicalOperator& op, const char* role) {
  throw Error(ErrorCode::kInternal, fmt::format("{} is not a {}", op.name(), role));
}

}  // namespace

std::string PhysicalOperator::ToString(
    const std::function<const OperatorStats*(const PhysicalOperator&)>& stats) const {
  std::string out;
  Render(*this, 0, stats, out);
  return out;
}

std::unique_ptr<GlobalSourceState> PhysicalOperator::CreateGlobalSourceState(
    ExecutionContext&, GlobalSinkState*) const {
  return std::make_unique<GlobalSourceState>();
}
std::unique_ptr<LocalSourceState> PhysicalOperator::CreateLocalSourceState(ExecutionContext&,
                                                                           GlobalSourceState&) const {
  return std::make_unique<LocalSourceState>();
}
bool PhysicalOperator::NextMorsel(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                                  int64_t&) const {
  NotARole(*this, "source");
}
bool PhysicalOperator::GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState&,
                               DataChunk&) const {
  NotARole(*this, "source");
}
std::unique_ptr<OperatorState> PhysicalOperator::CreateOperatorState(ExecutionContext&,
                                                                     GlobalSinkState*) const {
  return std::make_unique<OperatorState>();
}
OperatorResult PhysicalOperator::Execute(ExecutionContext&, const DataChunk&, DataChunk&,
                                         OperatorState&) const {
  NotARole(*this, "streaming operator");
}
OperatorResult PhysicalOperator::FinalExecute(ExecutionContext&, DataChunk&, OperatorState&) const {
  return OperatorResult::kNeedMoreInput;
}
std::unique_ptr<GlobalSinkState> PhysicalOperator::CreateGlobalSinkState(ExecutionContext&) const {
  return std::make_unique<GlobalSinkState>();
}
std::unique_ptr<LocalSinkState> PhysicalOperator::CreateLocalSinkState(ExecutionContext&,
                                                                       GlobalSinkState&) const {
  return std::make_unique<LocalSinkState>();
}
SinkResult PhysicalOperator::Sink(ExecutionContext&, const DataChunk&, GlobalSinkState&,
                                  LocalSinkState&) const {
  NotARole(*this, "sink");
}

}  // namespace tarn::exec
