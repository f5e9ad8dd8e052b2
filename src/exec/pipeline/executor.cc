#include "exec/pipeline/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>

#include "common/error.h"
#include "common/read_counter.h"
#include "exec/operator/result_collector.h"

namespace tarn::exec {

// source -> operators -> sink, the unit the executor runs on all threads.
struct Pipeline {
  const PhysicalOperator* source = nullptr;
  std::vector<const PhysicalOperator*> operators;  // streaming, from the source upwards
  const PhysicalOperator* sink = nullptr;
};

namespace {

uint64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Cuts the subtree at 'op' into pipelines; 'above' holds the streaming operators between 'op' and
// 'sink', topmost first. Pipelines are appended in an order that satisfies every dependency.
void BuildPipelines(const PhysicalOperator& op, std::vector<const PhysicalOperator*> above,
                    const PhysicalOperator* sink, std::vector<Pipeline>& pipelines) {
  auto finish = [&](const PhysicalOperator* source) {
    Pipeline pipeline;
    pipeline.source = source;
    pipeline.operators.assign(above.rbegin(), above.rend());
    pipeline.sink = sink;
    pipelines.push_back(std::move(pipeline));
  };
  if (op.type() == PhysicalOperatorType::kUnionAll) {
    for (const auto& child : op.children()) BuildPipelines(*child, above, sink, pipelines);
    return;
  }
  if (op.IsSink() && op.IsSource()) {
    TARN_CHECK(op.children().size() == 1);
    BuildPipelines(op.child(0), {}, &op, pipelines);
    finish(&op);
    return;
  }
  if (op.IsSink() && op.IsStreaming()) {
    TARN_CHECK(op.children().size() == 2);
    BuildPipelines(op.child(1), {}, &op, pipelines);
    above.push_back(&op);
    BuildPipelines(op.child(0), std::move(above), sink, pipelines);
    return;
  }
  if (op.IsStreaming()) {
    TARN_CHECK(op.children().size() == 1);
    above.push_back(&op);
    BuildPipelines(op.child(0), std::move(above), sink, pipelines);
    return;
  }
  TARN_CHECK(op.IsSource());
  finish(&op);
}

// Per-thread execution state of one pipeline.
struct ThreadState {
  std::unique_ptr<LocalSourceState> source;
  std::vector<std::unique_ptr<OperatorState>> operators;
  std::unique_ptr<LocalSinkState> sink;
  DataChunk source_chunk;
  std::vector<DataChunk> outputs;    // one per streaming operator
  std::vector<OperatorStats> stats;  // source, operators..., sink
};

class PipelineRun {
 public:
  PipelineRun(ExecutionContext& context, const Pipeline& pipeline, GlobalSinkState& sink_state,
              GlobalSourceState& source_state, std::atomic<bool>& stop, int64_t morsel_base)
      : context_(context),
        pipeline_(pipeline),
        sink_state_(sink_state),
        source_state_(source_state),
        stop_(stop),
        morsel_base_(morsel_base) {}

  void InitThread(ThreadState& thread,
                  const std::map<const PhysicalOperator*, std::unique_ptr<GlobalSinkState>>& sinks) {
    thread.source = pipeline_.source->CreateLocalSourceState(context_, source_state_);
    for (const PhysicalOperator* op : pipeline_.operators) {
      auto found = sinks.find(op);
      thread.operators.push_back(
          op->CreateOperatorState(context_, found == sinks.end() ? nullptr : found->second.get()));
      thread.outputs.emplace_back(op->types());
    }
    thread.sink = pipeline_.sink->CreateLocalSinkState(context_, sink_state_);
    thread.source_chunk.Initialize(pipeline_.source->types());
    thread.stats.assign(pipeline_.operators.size() + 2, OperatorStats{});
  }

  void RunThread(ThreadState& thread, bool report_progress) {
    const PhysicalOperator& source = *pipeline_.source;
    int64_t morsel = 0;
    while (!stop_.load(std::memory_order_relaxed)) {
      context_.CheckCancelled();
      if (!source.NextMorsel(context_, source_state_, *thread.source, morsel)) break;
      int64_t global_morsel = morsel_base_ + morsel;
      int64_t seen = max_morsel_.load(std::memory_order_relaxed);
      while (global_morsel > seen && !max_morsel_.compare_exchange_weak(seen, global_morsel)) {
      }
      while (true) {
        context_.CheckCancelled();
        uint64_t start = context_.collect_stats ? NowNanos() : 0;
        bool more = source.GetData(context_, source_state_, *thread.source, thread.source_chunk);
        if (context_.collect_stats) {
          OperatorStats& stats = thread.stats[0];
          stats.nanoseconds += NowNanos() - start;
          stats.rows_out += more ? thread.source_chunk.size() : 0;
          ++stats.calls;
        }
        if (!more) break;
        if (thread.source_chunk.size() == 0) continue;
        thread.source_chunk.set_morsel_index(global_morsel);
        if (Push(thread, 0, thread.source_chunk)) {
          stop_.store(true, std::memory_order_relaxed);
          break;
        }
      }
      pipeline_.sink->FinishMorsel(context_, global_morsel, sink_state_, *thread.sink);
      if (report_progress && context_.progress) {
        double fraction = source.Progress(source_state_);
        if (fraction >= 0) context_.progress(fraction);
      }
    }
  }

  // Drains FinalExecute of each operator that has one (after all morsels), each as one extra
  // morsel. Returns the number of extra morsels used.
  int64_t RunFinalOutputs(ThreadState& thread) {
    int64_t extra = 0;
    for (size_t i = 0; i < pipeline_.operators.size(); ++i) {
      const PhysicalOperator* op = pipeline_.operators[i];
      if (!op->HasFinalOutput()) continue;
      int64_t global_morsel = MorselCount() + extra;
      ++extra;
      DataChunk& output = thread.outputs[i];
      bool finished = false;
      while (true) {
        context_.CheckCancelled();
        OperatorResult result = op->FinalExecute(context_, output, *thread.operators[i]);
        output.set_morsel_index(global_morsel);
        if (context_.collect_stats) thread.stats[i + 1].rows_out += output.size();
        if (output.size() > 0 && !finished) finished = Push(thread, i + 1, output);
        if (result == OperatorResult::kNeedMoreInput) break;
      }
      pipeline_.sink->FinishMorsel(context_, global_morsel, sink_state_, *thread.sink);
    }
    return extra;
  }

  // Morsels claimed by the parallel phase (dense from morsel_base_).
  int64_t MorselCount() const {
    int64_t max = max_morsel_.load();
    return max < morsel_base_ ? 0 : max + 1 - morsel_base_;
  }

 private:
  // Pushes 'input' through operators [index, end) into the sink. Returns true when the sink is
  // finished.
  bool Push(ThreadState& thread, size_t index, DataChunk& input) {
    if (index == pipeline_.operators.size()) {
      uint64_t start = context_.collect_stats ? NowNanos() : 0;
      SinkResult result = pipeline_.sink->Sink(context_, input, sink_state_, *thread.sink);
      if (context_.collect_stats) {
        thread.stats.back().nanoseconds += NowNanos() - start;
        ++thread.stats.back().calls;
      }
      return result == SinkResult::kFinished;
    }
    const PhysicalOperator& op = *pipeline_.operators[index];
    DataChunk& output = thread.outputs[index];
    while (true) {
      uint64_t start = context_.collect_stats ? NowNanos() : 0;
      OperatorResult result = op.Execute(context_, input, output, *thread.operators[index]);
      output.set_morsel_index(input.morsel_index());
      if (context_.collect_stats) {
        OperatorStats& stats = thread.stats[index + 1];
        stats.nanoseconds += NowNanos() - start;
        stats.rows_out += output.size();
        ++stats.calls;
      }
      if (output.size() > 0 && Push(thread, index + 1, output)) return true;
      if (result == OperatorResult::kNeedMoreInput) return false;
    }
  }

  ExecutionContext& context_;
  const Pipeline& pipeline_;
  GlobalSinkState& sink_state_;
  GlobalSourceState& source_state_;
  std::atomic<bool>& stop_;
  int64_t morsel_base_;
  std::atomic<int64_t> max_morsel_{-1};
};

}  // namespace

Executor::Executor(ExecutionContext& context) : context_(context) {}
Executor::~Executor() = default;

std::vector<DataChunk> Executor::Execute(const PhysicalOperator& root) {
  stats_.clear();
  std::unique_ptr<ResultCollector> own_collector;
  const PhysicalOperator* collector = &root;
  std::vector<Pipeline> pipelines;
  if (root.type() == PhysicalOperatorType::kResultCollector && !root.children().empty()) {
    BuildPipelines(root.child(0), {}, &root, pipelines);
  } else {
    own_collector = std::make_unique<ResultCollector>(root.types());
    collector = own_collector.get();
    BuildPipelines(root, {}, collector, pipelines);
  }

  // The last pipeline feeding each sink finalizes it.
  std::map<const PhysicalOperator*, size_t> last_feeder;
  for (size_t i = 0; i < pipelines.size(); ++i) last_feeder[pipelines[i].sink] = i;

  std::map<const PhysicalOperator*, std::unique_ptr<GlobalSinkState>> sink_states;
  std::map<const PhysicalOperator*, int64_t> morsel_bases;
  size_t threads = context_.threads == 0 ? context_.pool.size() : context_.threads;
  threads = std::max<size_t>(1, std::min(threads, context_.pool.size()));

  for (size_t p = 0; p < pipelines.size(); ++p) {
    const Pipeline& pipeline = pipelines[p];
    context_.CheckCancelled();
    auto& sink_state = sink_states[pipeline.sink];
    if (!sink_state) sink_state = pipeline.sink->CreateGlobalSinkState(context_);
    GlobalSinkState* own_sink = nullptr;
    if (auto found = sink_states.find(pipeline.source); found != sink_states.end()) {
      own_sink = found->second.get();
    }
    std::unique_ptr<GlobalSourceState> source_state =
        pipeline.source->CreateGlobalSourceState(context_, own_sink);
    std::atomic<bool> stop{false};
    PipelineRun run(context_, pipeline, *sink_state, *source_state, stop,
                    morsel_bases[pipeline.sink]);
    std::vector<ThreadState> thread_states(threads);
    for (auto& thread : thread_states) run.InitThread(thread, sink_states);
    std::atomic<uint64_t>* read_counter = CurrentReadCounter();  // the query's bytes_scanned
    context_.pool.Run(threads, [&](size_t worker) {
      ScopedReadCounter counting(read_counter);
      try {
        run.RunThread(thread_states[worker], worker == 0);
      } catch (...) {
        stop.store(true);
        throw;
      }
    });
    int64_t extra = run.RunFinalOutputs(thread_states[0]);
    morsel_bases[pipeline.sink] += run.MorselCount() + extra;
    for (auto& thread : thread_states) {
      pipeline.sink->Combine(context_, *sink_state, *thread.sink);
    }
    if (context_.collect_stats) {
      std::vector<const PhysicalOperator*> ops;
      ops.push_back(pipeline.source);
      ops.insert(ops.end(), pipeline.operators.begin(), pipeline.operators.end());
      ops.push_back(pipeline.sink);
      for (auto& thread : thread_states) {
        for (size_t i = 0; i < ops.size(); ++i) {
          OperatorStats& total = stats_[ops[i]];
          total.rows_out += thread.stats[i].rows_out;
          total.nanoseconds += thread.stats[i].nanoseconds;
          total.calls += thread.stats[i].calls;
        }
      }
    }
    thread_states.clear();
    if (last_feeder[pipeline.sink] == p) pipeline.sink->Finalize(context_, *sink_state);
  }
  if (context_.progress) context_.progress(1.0);
  auto& result_state = sink_states[collector];
  if (!result_state) {
    // Defensive: a plan always has at least one pipeline into the collector.
    result_state = collector->CreateGlobalSinkState(context_);
    collector->Finalize(context_, *result_state);
  }
  return ResultCollector::TakeResult(*result_state);
}

const OperatorStats* Executor::StatsOf(const PhysicalOperator& op) const {
  auto found = stats_.find(&op);
  return found == stats_.end() ? nullptr : &found->second;
}

std::string Executor::RenderProfile(const PhysicalOperator& root) const {
  return root.ToString([this](const PhysicalOperator& op) { return StatsOf(op); });
}

std::string Executor::DescribePipelines(const PhysicalOperator& root) {
  std::vector<Pipeline> pipelines;
  ResultCollector collector(root.types());
  BuildPipelines(root, {}, &collector, pipelines);
  std::string out;
  for (const Pipeline& pipeline : pipelines) {
    out += pipeline.source->name();
    for (const PhysicalOperator* op : pipeline.operators) out += " -> " + op->name();
    out += " -> " + pipeline.sink->name() + "\n";
  }
  return out;
}

}  // namespace tarn::exec
