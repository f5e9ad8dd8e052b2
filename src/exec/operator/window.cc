#include "exec/operator/window.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>

#include "common/error.h"
#include "exec/operator/chunk_append.h"
#include "exec/operator/expression_columns.h"
#include "exec/operator/morsel_chunks.h"
#include "exec/operator/sort_key.h"
#include "exec/operator/window_evaluator.h"

namespace tarn::exec {

namespace {

constexpr size_t kRowsPerBucket = 4096;  // partitioned input: about this many rows per bucket
constexpr size_t kMaxBuckets = 256;

const char* BoundName(WindowBoundKind kind) {
  switch (kind) {
    case WindowBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case WindowBoundKind::kPreceding: return "PRECEDING";
    case WindowBoundKind::kCurrentRow: return "CURRENT ROW";
    case WindowBoundKind::kFollowing: return "FOLLOWING";
    case WindowBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "?";
}

std::string BoundToString(WindowBoundKind kind, int64_t offset) {
  if (kind == WindowBoundKind::kPreceding || kind == WindowBoundKind::kFollowing) {
    return fmt::format("{} {}", offset, BoundName(kind));
  }
  return BoundName(kind);
}

// Where every expression the operator evaluates is stored. Stored chunks hold the input columns,
// then one column per computed (non column-reference) expression. Sorted chunks hold the input
// columns, one result column per function, then the computed columns.
struct Layout {
  size_t input_columns = 0;
  size_t function_count = 0;
  std::vector<const BoundExpression*> computed;
  std::vector<LogicalType> computed_types;
  std::vector<size_t> partition_columns;             // stored
  std::vector<size_t> order_columns;                 // stored
  std::vector<std::vector<size_t>> argument_columns;  // stored, per function

  size_t Sorted(size_t stored) const {
    return stored < input_columns ? stored : stored + function_count;
  }
};

Layout MakeLayout(const Window& window) {
  Layout layout;
  layout.input_columns = window.child(0).types().size();
  layout.function_count = window.functions().size();
  auto place = [&](const BoundExpression& expression) -> size_t {
    if (expression.kind == ExpressionKind::kColumnRef) return expression.column_index;
    layout.computed.push_back(&expression);
    layout.computed_types.push_back(expression.type);
    return layout.input_columns + layout.computed.size() - 1;
  };
  for (const auto& partition : window.partitions()) {
    layout.partition_columns.push_back(place(*partition));
  }
  for (const auto& order : window.orders()) layout.order_columns.push_back(place(*order.expression));
  for (const auto& function : window.functions()) {
    std::vector<size_t> columns;
    for (const auto& argument : function.arguments) columns.push_back(place(*argument));
    layout.argument_columns.push_back(std::move(columns));
  }
  return layout;
}

// Compares rows of 'chunks' addressed as chunk * kVectorSize + row.
class KeyComparator {
 public:
  KeyComparator(const std::vector<DataChunk>& chunks, std::vector<SortKeyColumn> keys)
      : chunks_(chunks), keys_(std::move(keys)) {}

  int Compare(uint32_t a, uint32_t b) const {
    return CompareSortKeys(keys_, chunks_[a / kVectorSize], a % kVectorSize,
                           chunks_[b / kVectorSize], b % kVectorSize);
  }

 private:
  const std::vector<DataChunk>& chunks_;
  std::vector<SortKeyColumn> keys_;
};

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

// Adds the hash of rows [0, count) of 'vector' into 'hashes'. Values that compare equal hash
// equally (-0.0 and 0.0, every NaN).
void HashColumn(const Vector& vector, size_t count, uint64_t* hashes) {
  const ValidityMask& validity = vector.validity();
  for (size_t row = 0; row < count; ++row) {
    uint64_t value;
    if (!validity.IsValid(row)) {
      value = 0x5bd1e9955bd1e995ULL;
    } else {
      switch (vector.type().id()) {
        case TypeId::kDouble: {
          double x = vector.data<double>()[row];
          if (x == 0) x = 0;
          if (std::isnan(x)) x = NAN;
          std::memcpy(&value, &x, sizeof(value));
          break;
        }
        case TypeId::kVarchar: {
          std::string_view text = vector.data<StringRef>()[row].view();
          value = 0xcbf29ce484222325ULL;
          for (unsigned char c : text) value = (value ^ c) * 0x100000001b3ULL;
          break;
        }
        default:
          switch (vector.type().PhysicalSize()) {
            case 1: value = vector.data<uint8_t>()[row]; break;
            case 4: value = vector.data<uint32_t>()[row]; break;
            default: value = vector.data<uint64_t>()[row]; break;
          }
      }
    }
    hashes[row] = Mix(hashes[row] ^ Mix(value));
  }
}

template <class T>
void GatherColumn(const std::vector<DataChunk>& input, const uint32_t* ids, size_t count,
                  size_t source_column, Vector& out) {
  T* data = out.data<T>();
  for (size_t i = 0; i < count; ++i) {
    const Vector& source = input[ids[i] / kVectorSize].column(source_column);
    size_t row = ids[i] % kVectorSize;
    data[i] = source.data<T>()[row];
    if (!source.validity().IsValid(row)) out.validity().SetInvalid(i);
  }
}

struct WindowGlobalState : GlobalSinkState {
  explicit WindowGlobalState(MemoryTracker& memory) : store(memory, "window"), memory(memory) {}
  ~WindowGlobalState() override { memory.Release(reserved.load()); }

  void Reserve(uint64_t bytes) {
    memory.Reserve(bytes, "window");
    reserved.fetch_add(bytes);
  }

  MorselChunkStore store;
  MemoryTracker& memory;
  std::atomic<uint64_t> reserved{0};  // bytes of 'buckets' and bookkeeping on 'memory'
  // After Finalize: the input rows in morsel order (the sorted rows' strings point into them),
  // the sorted rows with results per bucket, and all sorted chunks in output order.
  std::vector<DataChunk> input;
  std::vector<std::vector<DataChunk>> buckets;
  std::vector<const DataChunk*> output;
};

struct WindowLocalState : LocalSinkState {
  explicit WindowLocalState(const std::vector<const BoundExpression*>& computed)
      : computed(computed) {}
  ExpressionColumns computed;
  MorselChunkStore::Local local;
  DataChunk compacted;
  DataChunk combined;
};

struct WindowSourceState : GlobalSourceState {
  WindowGlobalState* sink = nullptr;
  std::atomic<size_t> next{0};
};

struct WindowLocalSourceState : LocalSourceState {
  size_t current = 0;
  bool emitted = true;
};

}  // namespace

bool WindowFrame::Equals(const WindowFrame& other) const {
  return unit == other.unit && start == other.start && end == other.end &&
         start_offset == other.start_offset && end_offset == other.end_offset;
}

std::string WindowFrame::ToString() const {
  return fmt::format("{} BETWEEN {} AND {}", unit == WindowFrameUnit::kRows ? "ROWS" : "RANGE",
                     BoundToString(start, start_offset), BoundToString(end, end_offset));
}

bool WindowExpression::UsesFrame() const {
  return kind == WindowFunctionKind::kAggregate || kind == WindowFunctionKind::kFirstValue ||
         kind == WindowFunctionKind::kLastValue || kind == WindowFunctionKind::kNthValue;
}

std::string WindowExpression::ToString() const {
  std::string text = name + "(";
  if (kind == WindowFunctionKind::kAggregate && arguments.empty() && name == "count") text += "*";
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (i > 0) text += ", ";
    text += arguments[i]->ToString();
  }
  text += ")";
  if (UsesFrame()) text += " " + frame.ToString();
  return text;
}

Window::Window(PhysicalOperatorPtr child, std::vector<ExpressionPtr> partitions,
               std::vector<SortKey> orders, std::vector<WindowExpression> functions)
    : PhysicalOperator(PhysicalOperatorType::kWindow,
                       [&] {
                         std::vector<LogicalType> types = child->types();
                         for (const auto& function : functions) {
                           types.push_back(function.return_type);
                         }
                         return types;
                       }(),
                       child->estimated_cardinality()),
      partitions_(std::move(partitions)),
      orders_(std::move(orders)),
      functions_(std::move(functions)) {
  AddChild(std::move(child));
}

Window::~Window() = default;

std::string Window::ParamsToString() const {
  std::string text;
  if (!partitions_.empty()) {
    text += "partition: ";
    for (size_t i = 0; i < partitions_.size(); ++i) {
      text += (i > 0 ? ", " : "") + partitions_[i]->ToString();
    }
    text += '\n';
  }
  if (!orders_.empty()) {
    text += "order: ";
    for (size_t i = 0; i < orders_.size(); ++i) text += (i > 0 ? ", " : "") + orders_[i].ToString();
    text += '\n';
  }
  for (size_t i = 0; i < functions_.size(); ++i) {
    text += (i > 0 ? "\n" : "") + functions_[i].ToString();
  }
  return text;
}

std::unique_ptr<GlobalSinkState> Window::CreateGlobalSinkState(ExecutionContext& context) const {
  return std::make_unique<WindowGlobalState>(context.memory);
}

std::unique_ptr<LocalSinkState> Window::CreateLocalSinkState(ExecutionContext&,
                                                             GlobalSinkState&) const {
  return std::make_unique<WindowLocalState>(MakeLayout(*this).computed);
}

SinkResult Window::Sink(ExecutionContext&, const DataChunk& chunk, GlobalSinkState& global,
                        LocalSinkState& local) const {
  auto& state = static_cast<WindowGlobalState&>(global);
  auto& window_local = static_cast<WindowLocalState&>(local);
  const DataChunk* input = &chunk;
  if (chunk.selection() != nullptr) {
    CopyChunk(chunk, window_local.compacted);
    input = &window_local.compacted;
  }
  size_t computed = window_local.computed.size();
  if (computed == 0) {
    state.store.Append(window_local.local, *input);
    return SinkResult::kNeedMoreInput;
  }
  window_local.computed.Evaluate(*input);
  DataChunk& combined = window_local.combined;
  if (combined.column_count() != input->column_count() + computed) {
    std::vector<LogicalType> types = input->types();
    for (size_t k = 0; k < computed; ++k) types.push_back(window_local.computed.Get(k).type());
    combined.Initialize(types);
  }
  for (size_t c = 0; c < input->column_count(); ++c) combined.column(c).Reference(input->column(c));
  for (size_t k = 0; k < computed; ++k) {
    combined.column(input->column_count() + k).Reference(window_local.computed.Get(k));
  }
  combined.ClearSelection();
  combined.SetPhysicalSize(input->size());
  state.store.Append(window_local.local, combined);
  return SinkResult::kNeedMoreInput;
}

void Window::FinishMorsel(ExecutionContext&, int64_t morsel_index, GlobalSinkState& global,
                          LocalSinkState& local) const {
  auto& state = static_cast<WindowGlobalState&>(global);
  state.store.FinishMorsel(static_cast<WindowLocalState&>(local).local, morsel_index);
}

void Window::Finalize(ExecutionContext& context, GlobalSinkState& global) const {
  auto& state = static_cast<WindowGlobalState&>(global);
  Layout layout = MakeLayout(*this);
  state.input = state.store.TakeInOrder();
  const std::vector<DataChunk>& input = state.input;
  if (input.size() > UINT32_MAX / kVectorSize) {
    throw Error(ErrorCode::kNotSupported, "not supported: window input of more than 2^32 rows");
  }
  size_t total = 0;
  for (const auto& chunk : input) total += chunk.physical_size();
  if (total == 0) return;

  // Bucket of every row (hash of the partition keys), then row ids grouped by bucket in input order.
  size_t bucket_count = layout.partition_columns.empty()
                            ? 1
                            : std::clamp<size_t>(total / kRowsPerBucket, 1, kMaxBuckets);
  state.Reserve(total * (sizeof(uint32_t) + sizeof(uint16_t)));
  std::vector<uint16_t> bucket_of(total);
  std::vector<size_t> offsets(bucket_count + 1, 0);
  {
    std::vector<uint64_t> hashes(kVectorSize);
    size_t position = 0;
    for (const auto& chunk : input) {
      size_t count = chunk.physical_size();
      std::fill(hashes.begin(), hashes.begin() + count, 0);
      for (size_t column : layout.partition_columns) {
        HashColumn(chunk.column(column), count, hashes.data());
      }
      for (size_t row = 0; row < count; ++row) {
        uint16_t bucket = static_cast<uint16_t>(hashes[row] % bucket_count);
        bucket_of[position++] = bucket;
        ++offsets[bucket + 1];
      }
    }
  }
  for (size_t b = 0; b < bucket_count; ++b) offsets[b + 1] += offsets[b];
  std::vector<uint32_t> ids(total);
  {
    std::vector<size_t> fill(offsets.begin(), offsets.end() - 1);
    size_t position = 0;
    for (size_t c = 0; c < input.size(); ++c) {
      for (size_t row = 0; row < input[c].physical_size(); ++row) {
        ids[fill[bucket_of[position++]]++] = static_cast<uint32_t>(c * kVectorSize + row);
      }
    }
  }

  std::vector<SortKeyColumn> partition_keys;
  std::vector<SortKeyColumn> all_keys;
  std::vector<LogicalType> stored_types = child(0).types();
  stored_types.insert(stored_types.end(), layout.computed_types.begin(),
                      layout.computed_types.end());
  for (size_t column : layout.partition_columns) {
    partition_keys.push_back({column, stored_types[column].id(), false, false});
  }
  all_keys = partition_keys;
  for (size_t k = 0; k < orders_.size(); ++k) {
    size_t column = layout.order_columns[k];
    all_keys.push_back(
        {column, stored_types[column].id(), orders_[k].descending, orders_[k].NullsFirst()});
  }
  std::vector<LogicalType> sorted_types = types();
  sorted_types.insert(sorted_types.end(), layout.computed_types.begin(),
                      layout.computed_types.end());
  size_t row_width = 0;
  for (const auto& type : sorted_types) row_width += type.PhysicalSize();
  std::vector<std::vector<size_t>> sorted_arguments;
  for (const auto& columns : layout.argument_columns) {
    std::vector<size_t> sorted;
    for (size_t column : columns) sorted.push_back(layout.Sorted(column));
    sorted_arguments.push_back(std::move(sorted));
  }

  state.buckets.resize(bucket_count);
  auto gather = [&](const std::vector<DataChunk>& from, const uint32_t* rows, size_t count,
                    bool to_sorted_layout, std::vector<DataChunk>& into) {
    for (size_t start = 0; start < count; start += kVectorSize) {
      size_t rows_here = std::min(kVectorSize, count - start);
      DataChunk& chunk = into.emplace_back(to_sorted_layout ? sorted_types : stored_types);
      for (size_t stored = 0; stored < stored_types.size(); ++stored) {
        Vector& out = chunk.column(to_sorted_layout ? layout.Sorted(stored) : stored);
        const uint32_t* part = rows + start;
        switch (stored_types[stored].PhysicalSize()) {
          case 1: GatherColumn<uint8_t>(from, part, rows_here, stored, out); break;
          case 4: GatherColumn<uint32_t>(from, part, rows_here, stored, out); break;
          case 8: GatherColumn<uint64_t>(from, part, rows_here, stored, out); break;
          case 16: GatherColumn<StringRef>(from, part, rows_here, stored, out); break;
          default: TARN_CHECK(false);
        }
      }
      chunk.SetPhysicalSize(rows_here);
    }
  };
  auto process = [&](size_t bucket) {
    const uint32_t* bucket_ids = ids.data() + offsets[bucket];
    size_t count = offsets[bucket + 1] - offsets[bucket];
    if (count == 0) return;
    // The bucket's rows, compact and in input order, so that sorting touches only them; row p is
    // local[p / kVectorSize] row p % kVectorSize, the same addressing as 'input'.
    uint64_t local_bytes = count * (row_width + sizeof(uint32_t));
    state.memory.Reserve(local_bytes, "window");
    struct Release {
      MemoryTracker& memory;
      uint64_t bytes;
      ~Release() { memory.Release(bytes); }
    } release_local{state.memory, local_bytes};
    std::vector<DataChunk> local;
    gather(input, bucket_ids, count, false, local);
    std::vector<uint32_t> order(count);
    for (size_t i = 0; i < count; ++i) order[i] = static_cast<uint32_t>(i);
    KeyComparator sort_order(local, all_keys);
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return sort_order.Compare(a, b) < 0; });
    // Partition and peer boundaries.
    SortedWindowRows rows;
    rows.count = count;
    rows.partition_start.assign(count, 0);
    rows.peer_start.assign(count, 0);
    KeyComparator partition_order(local, partition_keys);
    rows.partition_start[0] = rows.peer_start[0] = 1;
    for (size_t i = 1; i < count; ++i) {
      bool new_partition = partition_order.Compare(order[i - 1], order[i]) != 0;
      rows.partition_start[i] = new_partition;
      rows.peer_start[i] = new_partition || sort_order.Compare(order[i - 1], order[i]) != 0;
    }
    // The sorted rows, with room for the results.
    state.Reserve(count * (row_width + 2));
    std::vector<DataChunk>& chunks = state.buckets[bucket];
    gather(local, order.data(), count, true, chunks);
    local.clear();
    rows.chunks = &chunks;
    for (size_t f = 0; f < functions_.size(); ++f) {
      context.CheckCancelled();
      EvaluateWindowFunction(functions_[f], sorted_arguments[f], layout.input_columns + f, rows);
    }
  };

  size_t threads = context.threads == 0 ? context.pool.size() : context.threads;
  threads = std::clamp<size_t>(threads, 1, std::min(context.pool.size(), bucket_count));
  std::atomic<size_t> next{0};
  context.pool.Run(threads, [&](size_t) {
    for (size_t bucket = next.fetch_add(1); bucket < bucket_count; bucket = next.fetch_add(1)) {
      process(bucket);
    }
  });
  for (const auto& chunks : state.buckets) {
    for (const auto& chunk : chunks) state.output.push_back(&chunk);
  }
}

std::unique_ptr<GlobalSourceState> Window::CreateGlobalSourceState(
    ExecutionContext&, GlobalSinkState* sink_state) const {
  auto state = std::make_unique<WindowSourceState>();
  state->sink = static_cast<WindowGlobalState*>(sink_state);
  return state;
}

std::unique_ptr<LocalSourceState> Window::CreateLocalSourceState(ExecutionContext&,
                                                                 GlobalSourceState&) const {
  return std::make_unique<WindowLocalSourceState>();
}

bool Window::NextMorsel(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                        int64_t& morsel_index) const {
  auto& state = static_cast<WindowSourceState&>(global);
  auto& local_state = static_cast<WindowLocalSourceState&>(local);
  size_t index = state.next.fetch_add(1);
  if (index >= state.sink->output.size()) return false;
  local_state.current = index;
  local_state.emitted = false;
  morsel_index = static_cast<int64_t>(index);
  return true;
}

bool Window::GetData(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                     DataChunk& chunk) const {
  auto& state = static_cast<WindowSourceState&>(global);
  auto& local_state = static_cast<WindowLocalSourceState&>(local);
  if (local_state.emitted) return false;
  local_state.emitted = true;
  const DataChunk& sorted = *state.sink->output[local_state.current];
  for (size_t c = 0; c < types().size(); ++c) chunk.column(c).Reference(sorted.column(c));
  chunk.ClearSelection();
  chunk.SetPhysicalSize(sorted.physical_size());
  return true;
}

}  // namespace tarn::exec
