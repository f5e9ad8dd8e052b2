// string_agg(x, separator) (alias group_concat, listagg): the non-NULL values of x joined, each
// after the first preceded by its own row's separator (PostgreSQL); NULL for no non-NULL values.
// string_agg(x) uses ',' (DuckDB).
//
// Order: tarn has no ORDER BY inside aggregates yet, so values are concatenated in input order —
// rows in the order a morsel reads them, morsels merged in morsel order (docs/architecture.md) —
// which makes the result the same for any --threads and equal to a single-threaded scan's order.
#include <string>

#include "exec/function/aggregate/aggregate_templates.h"

namespace tarn::exec {
namespace {

struct StringAggState {
  std::string* text = nullptr;       // null until the first non-NULL value
  std::string* separator = nullptr;  // the separator of the first value, used when merging
};

void StringAggUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  const Vector& input = *args[0];
  static const StringRef kComma(",", 1);
  const StringRef* values = input.data<StringRef>();
  const Vector* separators = args.size() > 1 ? args[1] : nullptr;
  const StringRef* separator_values = separators ? separators->data<StringRef>() : &kComma;
  bool input_constant = input.IsConstant();
  bool separator_constant = separators == nullptr || separators->IsConstant();
  for (size_t i = 0; i < count; ++i) {
    if (input.IsNull(i)) continue;
    auto& state = *reinterpret_cast<StringAggState*>(states[i]);
    const StringRef& value = values[input_constant ? 0 : i];
    std::string_view separator;
    if (separators == nullptr || !separators->IsNull(i))
      separator = separator_values[separator_constant ? 0 : i].view();
    if (state.text == nullptr) {
      state.text = new std::string(value.view());
      state.separator = new std::string(separator);
      continue;
    }
    state.text->append(separator);
    state.text->append(value.view());
  }
}

void StringAggCombine(uint8_t** source, uint8_t** target, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& from = *reinterpret_cast<StringAggState*>(source[i]);
    auto& to = *reinterpret_cast<StringAggState*>(target[i]);
    if (from.text == nullptr) continue;
    if (to.text == nullptr) {  // the source is destroyed after the merge: take its strings
      std::swap(to.text, from.text);
      std::swap(to.separator, from.separator);
      continue;
    }
    to.text->append(*from.separator);
    to.text->append(*from.text);
  }
}

void StringAggFinalize(uint8_t** states, size_t count, Vector& result, size_t offset) {
  StringRef* out = result.data<StringRef>();
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<StringAggState*>(states[i]);
    if (state.text == nullptr) {
      result.validity().SetInvalid(offset + i);
      out[offset + i] = StringRef();
      continue;
    }
    result.validity().SetValid(offset + i);
    out[offset + i] = result.AddString(*state.text);
  }
}

void StringAggDestroy(uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    auto& state = *reinterpret_cast<StringAggState*>(states[i]);
    delete state.text;
    delete state.separator;
    state.text = nullptr;
    state.separator = nullptr;
  }
}

}  // namespace

void RegisterStringAgg(FunctionRegistry& registry) {
  for (const char* name : {"string_agg", "group_concat", "listagg"}) {
    for (size_t arity : {1, 2}) {
      AggregateFunction function;
      function.name = name;
      function.arguments.assign(arity, TypeId::kVarchar);
      function.return_type = TypeId::kVarchar;
      function.state_size = sizeof(StringAggState);
      function.state_alignment = alignof(StringAggState);
      function.initialize = InitializeStates<StringAggState>;
      function.update = StringAggUpdate;
      function.combine = StringAggCombine;
      function.finalize = StringAggFinalize;
      function.destroy = StringAggDestroy;
      registry.AddAggregate(std::move(function));
    }
  }
}

}  // namespace tarn::exec
