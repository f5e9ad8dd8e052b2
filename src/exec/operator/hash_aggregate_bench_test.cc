// Micro-benchmark of HashAggregate on the seed job's shape: 10M rows of (int key in [0,1000), three
// doubles) with 12 aggregates (avg, stddev, min, max of each double). Disabled by default; run with
//   tarn_operator_test --gtest_also_run_disabled_tests --gtest_filter='*HashAggregateBench*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <limits>

#include "common/error.h"
#include "exec/operator/hash_aggregate.h"
#include "exec/operator/operator_test_fixture.h"

namespace tarn::exec {
namespace {

using testing::ColumnRef;

// Emits 'morsels' morsels of 'chunks_per_morsel' chunks, cycling over a small set of chunks.
class RepeatSource : public PhysicalOperator {
 public:
  RepeatSource(std::vector<LogicalType> types, std::shared_ptr<std::vector<DataChunk>> chunks,
               size_t morsels, size_t chunks_per_morsel)
      : PhysicalOperator(PhysicalOperatorType::kChunkSource, std::move(types), 0),
        chunks_(std::move(chunks)),
        morsels_(morsels),
        chunks_per_morsel_(chunks_per_morsel) {}
  std::string name() const override { return "REPEAT_SOURCE"; }
  bool IsSource() const override { return true; }
  struct Global : GlobalSourceState {
    std::atomic<size_t> next{0};
  };
  struct Local : LocalSourceState {
    size_t morsel = 0;
    size_t emitted = 0;
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
    if (claim >= morsels_) return false;
    auto& state = static_cast<Local&>(local);
    state.morsel = claim;
    state.emitted = 0;
    morsel = static_cast<int64_t>(claim);
    return true;
  }
  bool GetData(ExecutionContext&, GlobalSourceState&, LocalSourceState& local,
               DataChunk& chunk) const override {
    auto& state = static_cast<Local&>(local);
    if (state.emitted == chunks_per_morsel_) return false;
    size_t index = (state.morsel * chunks_per_morsel_ + state.emitted++) % chunks_->size();
    chunk.Reference((*chunks_)[index]);
    return true;
  }

 private:
  std::shared_ptr<std::vector<DataChunk>> chunks_;
  size_t morsels_;
  size_t chunks_per_morsel_;
};

struct AvgState {
  double sum;
  int64_t count;
};
struct StddevState {
  int64_t count;
  double mean;
  double m2;
};
struct MinMaxState {
  double value;
  bool any;
};

template <class State, class Step>
void UpdateLoop(const std::vector<const Vector*>& args, uint8_t** states, size_t count, Step step) {
  const Vector& input = *args[0];
  const double* values = input.data<double>();
  if (input.validity().AllValid() && !input.IsConstant()) {
    for (size_t i = 0; i < count; ++i) step(*reinterpret_cast<State*>(states[i]), values[i]);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    size_t row = input.IsConstant() ? 0 : i;
    if (input.validity().IsValid(row)) step(*reinterpret_cast<State*>(states[i]), values[row]);
  }
}

AggregateFunction Avg() {
  AggregateFunction f;
  f.name = "avg";
  f.return_type = TypeId::kDouble;
  f.state_size = sizeof(AvgState);
  f.initialize = [](uint8_t** s, size_t n) {
    for (size_t i = 0; i < n; ++i) *reinterpret_cast<AvgState*>(s[i]) = {0, 0};
  };
  f.update = [](const std::vector<const Vector*>& args, uint8_t** s, size_t n) {
    UpdateLoop<AvgState>(args, s, n, [](AvgState& st, double v) {
      st.sum += v;
      ++st.count;
    });
  };
  f.combine = [](uint8_t** source, uint8_t** target, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      auto& a = *reinterpret_cast<AvgState*>(source[i]);
      auto& b = *reinterpret_cast<AvgState*>(target[i]);
      b.sum += a.sum;
      b.count += a.count;
    }
  };
  f.finalize = [](uint8_t** s, size_t n, Vector& result, size_t offset) {
    for (size_t i = 0; i < n; ++i) {
      auto& st = *reinterpret_cast<AvgState*>(s[i]);
      if (st.count == 0) {
        result.validity().SetInvalid(offset + i);
      } else {
        result.data<double>()[offset + i] = st.sum / st.count;
      }
    }
  };
  return f;
}

AggregateFunction Stddev() {
  AggregateFunction f;
  f.name = "stddev";
  f.return_type = TypeId::kDouble;
  f.state_size = sizeof(StddevState);
  f.initialize = [](uint8_t** s, size_t n) {
    for (size_t i = 0; i < n; ++i) *reinterpret_cast<StddevState*>(s[i]) = {0, 0, 0};
  };
  f.update = [](const std::vector<const Vector*>& args, uint8_t** s, size_t n) {
    UpdateLoop<StddevState>(args, s, n, [](StddevState& st, double v) {
      ++st.count;
      double delta = v - st.mean;
      st.mean += delta / st.count;
      st.m2 += delta * (v - st.mean);
    });
  };
  f.combine = [](uint8_t** source, uint8_t** target, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      auto& a = *reinterpret_cast<StddevState*>(source[i]);
      auto& b = *reinterpret_cast<StddevState*>(target[i]);
      if (a.count == 0) continue;
      if (b.count == 0) {
        b = a;
        continue;
      }
      int64_t count = a.count + b.count;
      double delta = a.mean - b.mean;
      b.mean += delta * a.count / count;
      b.m2 += a.m2 + delta * delta * a.count * b.count / count;
      b.count = count;
    }
  };
  f.finalize = [](uint8_t** s, size_t n, Vector& result, size_t offset) {
    for (size_t i = 0; i < n; ++i) {
      auto& st = *reinterpret_cast<StddevState*>(s[i]);
      if (st.count < 2) {
        result.validity().SetInvalid(offset + i);
      } else {
        result.data<double>()[offset + i] = std::sqrt(st.m2 / (st.count - 1));
      }
    }
  };
  return f;
}

template <bool kMin>
AggregateFunction MinMax() {
  AggregateFunction f;
  f.name = kMin ? "min" : "max";
  f.return_type = TypeId::kDouble;
  f.state_size = sizeof(MinMaxState);
  f.initialize = [](uint8_t** s, size_t n) {
    for (size_t i = 0; i < n; ++i) *reinterpret_cast<MinMaxState*>(s[i]) = {0, false};
  };
  f.update = [](const std::vector<const Vector*>& args, uint8_t** s, size_t n) {
    UpdateLoop<MinMaxState>(args, s, n, [](MinMaxState& st, double v) {
      if (!st.any || (kMin ? v < st.value : v > st.value)) st.value = v;
      st.any = true;
    });
  };
  f.combine = [](uint8_t** source, uint8_t** target, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      auto& a = *reinterpret_cast<MinMaxState*>(source[i]);
      auto& b = *reinterpret_cast<MinMaxState*>(target[i]);
      if (a.any && (!b.any || (kMin ? a.value < b.value : a.value > b.value))) b = a;
    }
  };
  f.finalize = [](uint8_t** s, size_t n, Vector& result, size_t offset) {
    for (size_t i = 0; i < n; ++i) {
      auto& st = *reinterpret_cast<MinMaxState*>(s[i]);
      if (!st.any) {
        result.validity().SetInvalid(offset + i);
      } else {
        result.data<double>()[offset + i] = st.value;
      }
    }
  };
  return f;
}

// The registry's overload of aggregate 'name' for one DOUBLE argument.
AggregateFunction BuiltIn(const std::string& name) {
  for (const auto& overload : FunctionRegistry::BuiltIn().AggregateOverloads(name)) {
    if (overload.arguments.size() == 1 && overload.arguments[0] == TypeId::kDouble) return overload;
  }
  throw Error(ErrorCode::kBinderError, "bench: no aggregate " + name);
}

void RunBench(bool builtin) {
  std::vector<LogicalType> types = {TypeId::kInteger, TypeId::kDouble, TypeId::kDouble,
                                    TypeId::kDouble};
  auto chunks = std::make_shared<std::vector<DataChunk>>();
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal;
  for (int c = 0; c < 128; ++c) {
    DataChunk chunk(types);
    for (size_t i = 0; i < kVectorSize; ++i) {
      chunk.column(0).data<int32_t>()[i] = static_cast<int32_t>(random() % 1000);
      for (size_t v = 1; v <= 3; ++v) chunk.column(v).data<double>()[i] = normal(random);
    }
    chunk.SetPhysicalSize(kVectorSize);
    chunks->push_back(std::move(chunk));
  }
  constexpr size_t kChunksPerMorsel = 16;
  size_t total_rows = 10'000'000;
  size_t morsels = total_rows / (kVectorSize * kChunksPerMorsel);
  size_t rows = morsels * kVectorSize * kChunksPerMorsel;
  for (size_t threads : {1, 2}) {
    std::vector<AggregateExpression> aggregates;
    for (size_t column = 1; column <= 3; ++column) {
      std::vector<AggregateFunction> functions;
      if (builtin) {
        for (const char* name : {"avg", "stddev", "min", "max"}) functions.push_back(BuiltIn(name));
      } else {
        functions = {Avg(), Stddev(), MinMax<true>(), MinMax<false>()};
      }
      for (auto& function : functions) {
        std::vector<ExpressionPtr> args;
        args.push_back(ColumnRef(column, TypeId::kDouble));
        aggregates.push_back(testing::Aggregate(std::move(function), std::move(args)));
      }
    }
    std::vector<ExpressionPtr> groups;
    groups.push_back(ColumnRef(0, TypeId::kInteger));
    HashAggregate plan(std::make_unique<RepeatSource>(types, chunks, morsels, kChunksPerMorsel),
                       std::move(groups), std::move(aggregates));
    testing::TestRunner runner(threads);
    auto start = std::chrono::steady_clock::now();
    auto result = runner.Run(plan);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(testing::RowCount(result), 1000u);
    std::printf("%s threads=%zu rows=%zu time=%.3fs rows/s=%.1fM rows/s/thread=%.1fM\n",
                builtin ? "builtin" : "local", threads, rows, seconds, rows / seconds / 1e6,
                rows / seconds / 1e6 / threads);
  }
}

TEST(HashAggregateBench, DISABLED_SeedShape10MRows12Aggregates) {
  RunBench(true);
  RunBench(false);
}

}  // namespace
}  // namespace tarn::exec
