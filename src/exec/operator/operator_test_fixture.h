// Test-only helpers for operator and pipeline tests: in-memory inputs, expressions, simple aggregate
// functions and a one-call plan runner. Not product code.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/memory.h"
#include "common/thread_pool.h"
#include "exec/expression/bound_expression.h"
#include "exec/function/function.h"
#include "exec/operator/chunk_source.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/physical_operator.h"
#include "exec/pipeline/executor.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn::exec::testing {

// Builds chunks of 'rows' (one vector of Values per row), 'rows_per_chunk' rows per chunk.
inline std::shared_ptr<std::vector<DataChunk>> MakeChunks(
    const std::vector<LogicalType>& types, const std::vector<std::vector<Value>>& rows,
    size_t rows_per_chunk = kVectorSize) {
  auto chunks = std::make_shared<std::vector<DataChunk>>();
  for (size_t begin = 0; begin < rows.size(); begin += rows_per_chunk) {
    size_t count = std::min(rows_per_chunk, rows.size() - begin);
    DataChunk chunk(types);
    for (size_t r = 0; r < count; ++r) {
      for (size_t c = 0; c < types.size(); ++c) chunk.column(c).SetValue(r, rows[begin + r][c]);
    }
    chunk.SetPhysicalSize(count);
    chunks->push_back(std::move(chunk));
  }
  return chunks;
}

inline PhysicalOperatorPtr Source(const std::vector<LogicalType>& types,
                                  const std::vector<std::vector<Value>>& rows,
                                  size_t rows_per_chunk = kVectorSize) {
  return std::make_unique<ChunkSource>(types, MakeChunks(types, rows, rows_per_chunk));
}

inline ExpressionPtr ColumnRef(size_t index, LogicalType type) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kColumnRef;
  expression->type = type;
  expression->column_index = index;
  return expression;
}

inline ExpressionPtr Constant(Value value) {
  auto expression = std::make_unique<BoundExpression>();
  expression->kind = ExpressionKind::kConstant;
  expression->type = value.type();
  expression->constant = std::move(value);
  return expression;
}

// A call of built-in scalar function 'name' with the overload whose argument types match exactly.
inline ExpressionPtr Call(const std::string& name, std::vector<ExpressionPtr> args) {
  for (const auto& overload : FunctionRegistry::BuiltIn().ScalarOverloads(name)) {
    if (overload.arguments.size() != args.size()) continue;
    bool match = true;
    for (size_t i = 0; i < args.size(); ++i) match &= overload.arguments[i] == args[i]->type;
    if (!match) continue;
    auto expression = std::make_unique<BoundExpression>();
    expression->kind = ExpressionKind::kFunction;
    expression->type = overload.return_type;
    expression->function = &overload;
    expression->children = std::move(args);
    return expression;
  }
  throw Error(ErrorCode::kBinderError, "test: no overload " + name);
}

inline ExpressionPtr Call(const std::string& name, ExpressionPtr left, ExpressionPtr right) {
  std::vector<ExpressionPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return Call(name, std::move(args));
}

// ---- Test aggregates (the real ones live in exec/function/aggregate) ------------------------------

struct SumState {
  double sum;
  int64_t count;
};

inline AggregateFunction SumDouble() {
  AggregateFunction f;
  f.name = "sum";
  f.arguments = {TypeId::kDouble};
  f.return_type = TypeId::kDouble;
  f.state_size = sizeof(SumState);
  f.initialize = [](uint8_t** states, size_t count) {
    for (size_t i = 0; i < count; ++i) *reinterpret_cast<SumState*>(states[i]) = {0, 0};
  };
  f.update = [](const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
    const Vector& input = *args[0];
    const double* values = input.data<double>();
    for (size_t i = 0; i < count; ++i) {
      size_t row = input.IsConstant() ? 0 : i;
      if (!input.validity().IsValid(row)) continue;
      auto* state = reinterpret_cast<SumState*>(states[i]);
      state->sum += values[row];
      ++state->count;
    }
  };
  f.combine = [](uint8_t** source, uint8_t** target, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      auto* from = reinterpret_cast<SumState*>(source[i]);
      auto* to = reinterpret_cast<SumState*>(target[i]);
      to->sum += from->sum;
      to->count += from->count;
    }
  };
  f.finalize = [](uint8_t** states, size_t count, Vector& result, size_t offset) {
    for (size_t i = 0; i < count; ++i) {
      auto* state = reinterpret_cast<SumState*>(states[i]);
      if (state->count == 0) {
        result.validity().SetInvalid(offset + i);
      } else {
        result.data<double>()[offset + i] = state->sum;
      }
    }
  };
  return f;
}

inline AggregateFunction CountStar() {
  AggregateFunction f;
  f.name = "count";
  f.return_type = TypeId::kBigint;
  f.state_size = sizeof(int64_t);
  f.initialize = [](uint8_t** states, size_t count) {
    for (size_t i = 0; i < count; ++i) *reinterpret_cast<int64_t*>(states[i]) = 0;
  };
  f.update = [](const std::vector<const Vector*>&, uint8_t** states, size_t count) {
    for (size_t i = 0; i < count; ++i) ++*reinterpret_cast<int64_t*>(states[i]);
  };
  f.combine = [](uint8_t** source, uint8_t** target, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      *reinterpret_cast<int64_t*>(target[i]) += *reinterpret_cast<int64_t*>(source[i]);
    }
  };
  f.finalize = [](uint8_t** states, size_t count, Vector& result, size_t offset) {
    for (size_t i = 0; i < count; ++i) {
      result.data<int64_t>()[offset + i] = *reinterpret_cast<int64_t*>(states[i]);
    }
  };
  return f;
}

inline AggregateExpression Aggregate(AggregateFunction function, std::vector<ExpressionPtr> args) {
  AggregateExpression aggregate;
  aggregate.function = std::move(function);
  aggregate.arguments = std::move(args);
  return aggregate;
}

// ---- Running plans --------------------------------------------------------------------------------

struct TestRunner {
  explicit TestRunner(size_t threads, uint64_t memory_limit = 0)
      : pool(threads), memory(memory_limit), context(pool, memory) {}
  std::vector<DataChunk> Run(const PhysicalOperator& plan) {
    Executor executor(context);
    return executor.Execute(plan);
  }
  ThreadPool pool;
  MemoryTracker memory;
  ExecutionContext context;
};

// Rows of 'chunks' as "a|b|c" strings, in order.
inline std::vector<std::string> Rows(const std::vector<DataChunk>& chunks) {
  std::vector<std::string> rows;
  for (const auto& chunk : chunks) {
    std::string text = chunk.ToString();
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      rows.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return rows;
}

inline size_t RowCount(const std::vector<DataChunk>& chunks) {
  size_t rows = 0;
  for (const auto& chunk : chunks) rows += chunk.size();
  return rows;
}

// A source over in-memory chunks that hands its morsels out in a shuffled order (still numbered by
// position), so tests can check that results do not depend on morsel completion order.
class ShuffledSource : public PhysicalOperator {
 public:
  ShuffledSource(std::vector<LogicalType> types, std::shared_ptr<std::vector<DataChunk>> chunks,
                 uint64_t seed)
      : PhysicalOperator(PhysicalOperatorType::kChunkSource, std::move(types), 0),
        chunks_(std::move(chunks)) {
    order_.resize(chunks_->size());
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    std::mt19937_64 random(seed);
    std::shuffle(order_.begin(), order_.end(), random);
  }
  std::string name() const override { return "SHUFFLED_SOURCE"; }
  bool IsSource() const override { return true; }

  struct Global : GlobalSourceState {
    std::atomic<size_t> next{0};
  };
  struct Local : LocalSourceState {
    size_t current = 0;
    bool emitted = true;
  };
  std::unique_ptr<GlobalSourceState> CreateGlobalSourceState(ExecutionContext&,
                                                             GlobalSinkState*) const override {
    return std::make_unique<Global>();
  }
  std::unique_ptr<LocalSourceState> CreateLocalSourceState(ExecutionContext&,
                                                           GlobalSourceState&) const override {
    return std::make_unique<Local>();
  }
  bool NextMorsel(ExecutionContext&, GlobalSourceState& global, LocalSourceState& local,
                  int64_t& morsel) const override {
    size_t claim = static_cast<Global&>(global).next.fetch_add(1);
    if (claim >= order_.size()) return false;
    auto& state = static_cast<Local&>(local);
    state.current = order_[claim];
    state.emitted = false;
    morsel = static_cast<int64_t>(state.current);
    return true;
  }
  bool GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState& local,
               DataChunk& chunk) const override {
    auto& state = static_cast<Local&>(local);
    if (state.emitted) return false;
    state.emitted = true;
    chunk.Reference((*chunks_)[state.current]);
    return true;
  }

 private:
  std::shared_ptr<std::vector<DataChunk>> chunks_;
  std::vector<size_t> order_;
};

}  // namespace tarn::exec::testing
