#include "exec/operator/window_evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "common/error.h"
#include "common/memory.h"

namespace tarn::exec {

namespace {

// Sorted row 'position' of 'rows': its chunk and row within the chunk.
struct RowRef {
  DataChunk* chunk;
  size_t row;
};

RowRef At(SortedWindowRows& rows, size_t position) {
  return {&(*rows.chunks)[position / kVectorSize], position % kVectorSize};
}

// Copies one value (or NULL) between vectors of the same physical type. Strings are re-pointed:
// the window operator keeps every source chunk alive while its output is read.
void CopyValue(const Vector& source, size_t source_row, Vector& target, size_t target_row) {
  if (!source.validity().IsValid(source_row)) {
    target.validity().SetInvalid(target_row);
    return;
  }
  size_t width = target.type().PhysicalSize();
  std::memcpy(target.raw_data() + target_row * width, source.raw_data() + source_row * width,
              width);
}

// Reads a BIGINT argument; false for NULL.
bool ReadBigint(SortedWindowRows& rows, size_t position, size_t column, int64_t& value) {
  RowRef ref = At(rows, position);
  const Vector& vector = ref.chunk->column(column);
  if (!vector.validity().IsValid(ref.row)) return false;
  value = vector.data<int64_t>()[ref.row];
  return true;
}

// The rows [begin, end) of the partition a row's frame covers, given its partition [p0, p1) and
// its peer group [peer_begin, peer_end).
void FrameBounds(const WindowFrame& frame, size_t i, size_t p0, size_t p1, size_t peer_begin,
                 size_t peer_end, size_t& begin, size_t& end) {
  auto offset_back = [&](int64_t offset) -> size_t {
    uint64_t back = static_cast<uint64_t>(offset);
    return back >= i - p0 ? p0 : i - back;
  };
  auto offset_forward = [&](int64_t offset) -> size_t {
    uint64_t forward = static_cast<uint64_t>(offset);
    return forward >= p1 - i ? p1 : i + forward;
  };
  bool rows = frame.unit == WindowFrameUnit::kRows;
  switch (frame.start) {
    case WindowBoundKind::kUnboundedPreceding: begin = p0; break;
    case WindowBoundKind::kPreceding: begin = offset_back(frame.start_offset); break;
    case WindowBoundKind::kCurrentRow: begin = rows ? i : peer_begin; break;
    case WindowBoundKind::kFollowing: begin = offset_forward(frame.start_offset); break;
    case WindowBoundKind::kUnboundedFollowing: begin = p1; break;
  }
  switch (frame.end) {
    case WindowBoundKind::kUnboundedPreceding: end = p0; break;
    case WindowBoundKind::kPreceding: {
      // Rows up to and including i - offset.
      uint64_t back = static_cast<uint64_t>(frame.end_offset);
      end = back > i - p0 ? p0 : i - back + 1;
      break;
    }
    case WindowBoundKind::kCurrentRow: end = rows ? i + 1 : peer_end; break;
    case WindowBoundKind::kFollowing: {
      size_t last = offset_forward(frame.end_offset);
      end = last >= p1 ? p1 : last + 1;
      break;
    }
    case WindowBoundKind::kUnboundedFollowing: end = p1; break;
  }
  if (end < begin) end = begin;
}

// One aggregate state folded over ranges of sorted rows. Frames only move forward, so a frame
// that keeps its start extends the state; one whose start moved rebuilds it.
class FrameAggregator {
 public:
  FrameAggregator(const AggregateFunction& function, const std::vector<size_t>& columns,
                  SortedWindowRows& rows)
      : function_(function), columns_(columns), rows_(rows) {
    state_.resize(function.state_size + function.state_alignment);
    void* raw = state_.data();
    size_t space = state_.size();
    state_pointer_ = static_cast<uint8_t*>(
        std::align(function.state_alignment, function.state_size, raw, space));
    std::fill(std::begin(pointers_), std::end(pointers_), state_pointer_);
    std::iota(std::begin(positions_), std::end(positions_), 0u);
    for (size_t column : columns) {
      slices_.emplace_back((*rows.chunks)[0].column(column).type());
    }
    for (auto& slice : slices_) arguments_.push_back(&slice);
  }
  ~FrameAggregator() { Destroy(); }
  FrameAggregator(const FrameAggregator&) = delete;
  FrameAggregator& operator=(const FrameAggregator&) = delete;

  // Sets the state to the rows [begin, end): extends it when the frame grows at one end, else
  // rebuilds it.
  void Cover(size_t begin, size_t end) {
    if (live_ && begin == begin_ && end >= end_) {
      Add(end_, end);
      end_ = end;
    } else if (live_ && end == end_ && begin <= begin_) {
      Add(begin, begin_);
      begin_ = begin;
    } else {
      Destroy();
      function_.initialize(pointers_, 1);
      live_ = true;
      Add(begin, end);
      begin_ = begin;
      end_ = end;
    }
  }
  void Finalize(Vector& result, size_t row) { function_.finalize(pointers_, 1, result, row); }

 private:
  void Add(size_t begin, size_t end) {
    while (begin < end) {
      DataChunk& chunk = (*rows_.chunks)[begin / kVectorSize];
      size_t row = begin % kVectorSize;
      size_t count = std::min(end - begin, kVectorSize - row);
      for (size_t a = 0; a < columns_.size(); ++a) {
        slices_[a].CopyFrom(chunk.column(columns_[a]), positions_ + row, count);
      }
      function_.update(arguments_, pointers_, count);
      begin += count;
    }
  }
  void Destroy() {
    if (live_ && function_.destroy != nullptr) function_.destroy(pointers_, 1);
    live_ = false;
  }

  const AggregateFunction& function_;
  const std::vector<size_t>& columns_;
  SortedWindowRows& rows_;
  std::vector<uint8_t> state_;
  uint8_t* state_pointer_ = nullptr;
  uint8_t* pointers_[kVectorSize];     // every entry points at the one state
  uint32_t positions_[kVectorSize];    // 0, 1, 2 ...: positions_ + r selects rows r, r+1 ...
  std::vector<Vector> slices_;         // argument rows of the range being added
  std::vector<const Vector*> arguments_;
  bool live_ = false;
  size_t begin_ = 0;
  size_t end_ = 0;
};

// Evaluates one function over the partition [p0, p1); peer_begin/peer_end are indexed by i - p0.
class PartitionEvaluator {
 public:
  PartitionEvaluator(const WindowExpression& function, const std::vector<size_t>& columns,
                     size_t result_column, SortedWindowRows& rows)
      : function_(function), columns_(columns), result_column_(result_column), rows_(rows) {
    if (function.kind == WindowFunctionKind::kAggregate) {
      aggregator_ = std::make_unique<FrameAggregator>(*function.aggregate, columns, rows);
    }
  }

  void Run(size_t p0, size_t p1, const std::vector<uint32_t>& peer_begin,
           const std::vector<uint32_t>& peer_end) {
    if (function_.kind == WindowFunctionKind::kAggregate) {
      RunAggregate(p0, p1, peer_begin, peer_end);
      return;
    }
    size_t size = p1 - p0;
    int64_t dense_rank = 0;
    for (size_t i = p0; i < p1; ++i) {
      RowRef out = At(rows_, i);
      Vector& result = out.chunk->column(result_column_);
      size_t local = i - p0;
      size_t group_begin = p0 + peer_begin[local];
      size_t group_end = p0 + peer_end[local];
      if (group_begin == i) ++dense_rank;
      switch (function_.kind) {
        case WindowFunctionKind::kRowNumber:
          result.data<int64_t>()[out.row] = static_cast<int64_t>(local + 1);
          break;
        case WindowFunctionKind::kRank:
          result.data<int64_t>()[out.row] = static_cast<int64_t>(group_begin - p0 + 1);
          break;
        case WindowFunctionKind::kDenseRank:
          result.data<int64_t>()[out.row] = dense_rank;
          break;
        case WindowFunctionKind::kPercentRank:
          result.data<double>()[out.row] =
              size > 1 ? static_cast<double>(group_begin - p0) / static_cast<double>(size - 1) : 0;
          break;
        case WindowFunctionKind::kCumeDist:
          result.data<double>()[out.row] =
              static_cast<double>(group_end - p0) / static_cast<double>(size);
          break;
        case WindowFunctionKind::kNtile: Ntile(i, local, size, result, out.row); break;
        case WindowFunctionKind::kLag:
        case WindowFunctionKind::kLead: Shift(i, p0, p1, result, out.row); break;
        default: {
          size_t begin, end;
          FrameBounds(function_.frame, i, p0, p1, group_begin, group_end, begin, end);
          FrameValue(i, begin, end, result, out.row);
          break;
        }
      }
    }
  }

 private:
  // Frames ending at the partition's end are walked backwards, so the state only ever grows.
  void RunAggregate(size_t p0, size_t p1, const std::vector<uint32_t>& peer_begin,
                    const std::vector<uint32_t>& peer_end) {
    const WindowFrame& frame = function_.frame;
    bool backward = frame.end == WindowBoundKind::kUnboundedFollowing &&
                    frame.start != WindowBoundKind::kUnboundedPreceding;
    size_t size = p1 - p0;
    for (size_t k = 0; k < size; ++k) {
      size_t i = backward ? p1 - 1 - k : p0 + k;
      size_t local = i - p0;
      size_t begin, end;
      FrameBounds(frame, i, p0, p1, p0 + peer_begin[local], p0 + peer_end[local], begin, end);
      aggregator_->Cover(begin, end);
      RowRef out = At(rows_, i);
      aggregator_->Finalize(out.chunk->column(result_column_), out.row);
    }
  }

  void Ntile(size_t i, size_t local, size_t size, Vector& result, size_t row) {
    int64_t buckets;
    if (!ReadBigint(rows_, i, columns_[0], buckets)) {
      result.validity().SetInvalid(row);
      return;
    }
    if (buckets <= 0) {
      throw Error(ErrorCode::kInvalidArgument, "argument of ntile must be greater than zero");
    }
    // The first size % buckets buckets hold one row more than the others.
    uint64_t n = static_cast<uint64_t>(buckets);
    uint64_t per_bucket = size / n;
    uint64_t larger = size % n;
    uint64_t in_larger = larger * (per_bucket + 1);
    uint64_t bucket = local < in_larger ? local / (per_bucket + 1)
                                        : larger + (local - in_larger) / per_bucket;
    result.data<int64_t>()[row] = static_cast<int64_t>(bucket + 1);
  }

  void Shift(size_t i, size_t p0, size_t p1, Vector& result, size_t row) {
    int64_t offset = 1;
    if (columns_.size() > 1 && !ReadBigint(rows_, i, columns_[1], offset)) {
      result.validity().SetInvalid(row);
      return;
    }
    // lag(x, -n) is lead(x, n).
    bool forward = (function_.kind == WindowFunctionKind::kLead) == (offset >= 0);
    uint64_t distance = offset >= 0 ? static_cast<uint64_t>(offset)
                                    : uint64_t{0} - static_cast<uint64_t>(offset);
    bool inside = forward ? distance < p1 - i : distance <= i - p0;
    if (inside) {
      size_t target = forward ? i + distance : i - distance;
      RowRef source = At(rows_, target);
      CopyValue(source.chunk->column(columns_[0]), source.row, result, row);
    } else if (columns_.size() > 2) {
      RowRef self = At(rows_, i);
      CopyValue(self.chunk->column(columns_[2]), self.row, result, row);
    } else {
      result.validity().SetInvalid(row);
    }
  }

  void FrameValue(size_t i, size_t begin, size_t end, Vector& result, size_t row) {
    size_t source = SIZE_MAX;
    switch (function_.kind) {
      case WindowFunctionKind::kFirstValue:
        if (begin < end) source = begin;
        break;
      case WindowFunctionKind::kLastValue:
        if (begin < end) source = end - 1;
        break;
      case WindowFunctionKind::kNthValue: {
        int64_t n;
        if (!ReadBigint(rows_, i, columns_[1], n)) break;
        if (n <= 0) {
          throw Error(ErrorCode::kInvalidArgument, "argument of nth_value must be greater than zero");
        }
        if (static_cast<uint64_t>(n) <= end - begin) source = begin + static_cast<size_t>(n) - 1;
        break;
      }
      default: TARN_CHECK(false);
    }
    if (source == SIZE_MAX) {
      result.validity().SetInvalid(row);
      return;
    }
    RowRef ref = At(rows_, source);
    CopyValue(ref.chunk->column(columns_[0]), ref.row, result, row);
  }

  const WindowExpression& function_;
  const std::vector<size_t>& columns_;
  size_t result_column_;
  SortedWindowRows& rows_;
  std::unique_ptr<FrameAggregator> aggregator_;
};

}  // namespace

void EvaluateWindowFunction(const WindowExpression& function,
                            const std::vector<size_t>& argument_columns, size_t result_column,
                            SortedWindowRows& rows) {
  if (rows.count == 0) return;
  PartitionEvaluator evaluator(function, argument_columns, result_column, rows);
  std::vector<uint32_t> peer_begin;
  std::vector<uint32_t> peer_end;
  size_t p0 = 0;
  while (p0 < rows.count) {
    size_t p1 = p0 + 1;
    while (p1 < rows.count && !rows.partition_start[p1]) ++p1;
    size_t size = p1 - p0;
    peer_begin.resize(size);
    peer_end.resize(size);
    uint32_t group = 0;
    for (size_t k = 0; k < size; ++k) {
      if (k > 0 && rows.peer_start[p0 + k]) group = static_cast<uint32_t>(k);
      peer_begin[k] = group;
    }
    uint32_t group_end = static_cast<uint32_t>(size);
    for (size_t k = size; k-- > 0;) {
      peer_end[k] = group_end;
      if (peer_begin[k] == k) group_end = static_cast<uint32_t>(k);
    }
    evaluator.Run(p0, p1, peer_begin, peer_end);
    p0 = p1;
  }
}

}  // namespace tarn::exec
