#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "exec/function/builtin_functions.h"
#include "exec/function/function.h"

namespace tarn::exec {
namespace {

std::string Lower(const std::string& name) {
  std::string out = name;
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

template <class F>
std::vector<F>& Slot(std::vector<std::pair<std::string, std::vector<F>>>& table,
                     const std::string& name) {
  for (auto& entry : table) {
    if (entry.first == name) return entry.second;
  }
  table.emplace_back(name, std::vector<F>{});
  return table.back().second;
}

template <class F>
const std::vector<F>& Find(const std::vector<std::pair<std::string, std::vector<F>>>& table,
                           const std::string& name) {
  static const std::vector<F> kEmpty;
  std::string lower = Lower(name);
  for (const auto& entry : table) {
    if (entry.first == lower) return entry.second;
  }
  return kEmpty;
}

}  // namespace

void FunctionRegistry::AddScalar(ScalarFunction function) {
  function.name = Lower(function.name);
  std::string name = function.name;
  Slot(scalar_, name).push_back(std::move(function));
}

void FunctionRegistry::AddAggregate(AggregateFunction function) {
  function.name = Lower(function.name);
  std::string name = function.name;
  Slot(aggregate_, name).push_back(std::move(function));
}

const std::vector<ScalarFunction>& FunctionRegistry::ScalarOverloads(const std::string& name) const {
  return Find(scalar_, name);
}

const std::vector<AggregateFunction>& FunctionRegistry::AggregateOverloads(
    const std::string& name) const {
  return Find(aggregate_, name);
}

bool FunctionRegistry::IsAggregate(const std::string& name) const {
  return !Find(aggregate_, name).empty();
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  for (const auto& entry : scalar_) names.push_back(entry.first);
  for (const auto& entry : aggregate_) names.push_back(entry.first);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void RegisterAllFunctions(FunctionRegistry& registry) {
  RegisterArithmeticFunctions(registry);
  RegisterComparisonFunctions(registry);
  RegisterStringFunctions(registry);
  RegisterMathFunctions(registry);
  RegisterDateFunctions(registry);
  RegisterGenericFunctions(registry);
  RegisterAggregateFunctions(registry);
}

const FunctionRegistry& FunctionRegistry::BuiltIn() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry built;
    RegisterAllFunctions(built);
    return built;
  }();
  return registry;
}

}  // namespace tarn::exec
