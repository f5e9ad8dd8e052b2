// var_samp/variance, var_pop, stddev_samp/stddev, stddev_pop on DOUBLE (other numbers are cast by
// the binder). Welford's update per row and Chan et al.'s pairwise formula to merge partial states,
// both numerically stable for data like 1e9 + small noise. Sample variants are NULL for fewer than
// two rows; population variants are NULL for no rows.
#include <cmath>

#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

struct VarianceState {
  int64_t count = 0;
  double mean = 0;
  double m2 = 0;  // sum of squared deviations from the mean
};

// kKind: 0 var_samp, 1 var_pop, 2 stddev_samp, 3 stddev_pop.
template <int kKind>
struct VarianceOperator {
  static void Update(VarianceState& state, double value) {
    ++state.count;
    double delta = value - state.mean;
    state.mean += delta / static_cast<double>(state.count);
    state.m2 += delta * (value - state.mean);
  }
  static void Combine(const VarianceState& source, VarianceState& target) {
    if (source.count == 0) return;
    if (target.count == 0) {
      target = source;
      return;
    }
    double source_count = static_cast<double>(source.count);
    double target_count = static_cast<double>(target.count);
    double total = source_count + target_count;
    double delta = source.mean - target.mean;
    target.mean = (source_count * source.mean + target_count * target.mean) / total;
    target.m2 = source.m2 + target.m2 + delta * delta * source_count * target_count / total;
    target.count += source.count;
  }
  static bool Finalize(const VarianceState& state, double& out) {
    bool sample = kKind == 0 || kKind == 2;
    if (state.count < (sample ? 2 : 1)) return false;
    double variance = state.m2 / static_cast<double>(sample ? state.count - 1 : state.count);
    out = kKind >= 2 ? std::sqrt(variance) : variance;
    return true;
  }
};

template <int kKind>
void Add(FunctionRegistry& registry, const char* name) {
  registry.AddAggregate(MakeUnaryAggregate<VarianceState, double, double, VarianceOperator<kKind>>(
      name, TypeId::kDouble, TypeId::kDouble));
}

}  // namespace

void RegisterVariance(FunctionRegistry& registry) {
  Add<0>(registry, "var_samp");
  Add<0>(registry, "variance");
  Add<1>(registry, "var_pop");
  Add<2>(registry, "stddev_samp");
  Add<2>(registry, "stddev");
  Add<3>(registry, "stddev_pop");
}

}  // namespace tarn::exec
