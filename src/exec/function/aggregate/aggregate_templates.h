// The loops every aggregate is built from. An aggregate file supplies a State struct and an Op with
//   static void Update(State&, In value);             // one non-NULL input value
//   static void Combine(const State& source, State& target);
//   static bool Finalize(const State&, Out& out);     // false -> NULL result
// and these templates walk the per-row state pointers (rows of one group share a pointer) without a
// virtual call or a branch beyond the validity test. States are plain structs, default-initialized
// by placement new; an Op with resources also has `static void Destroy(State&)`.
#pragma once

#include <new>
#include <string>
#include <type_traits>
#include <vector>

#include "exec/function/function.h"
#include "exec/function/kernel_templates.h"

namespace tarn::exec {

template <class State>
void InitializeStates(uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) new (states[i]) State();
}

template <class State, class In, class Op>
void UnaryUpdate(const std::vector<const Vector*>& args, uint8_t** states, size_t count) {
  const Vector& input = *args[0];
  if (input.IsConstant()) {
    if (input.IsNull(0)) return;
    In value = input.data<In>()[0];
    for (size_t i = 0; i < count; ++i) Op::Update(*reinterpret_cast<State*>(states[i]), value);
    return;
  }
  const In* data = input.data<In>();
  const uint64_t* words = input.validity().words_if_any();
  if (words == nullptr) {
    for (size_t i = 0; i < count; ++i) Op::Update(*reinterpret_cast<State*>(states[i]), data[i]);
    return;
  }
  for (size_t i = 0; i < count; ++i) {
    if ((words[i >> 6] >> (i & 63)) & 1) {
      Op::Update(*reinterpret_cast<State*>(states[i]), data[i]);
    }
  }
}

template <class State, class Op>
void CombineStates(uint8_t** source, uint8_t** target, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    Op::Combine(*reinterpret_cast<const State*>(source[i]), *reinterpret_cast<State*>(target[i]));
  }
}

template <class State, class Out, class Op>
void FinalizeStates(uint8_t** states, size_t count, Vector& result, size_t offset) {
  Out* out = result.data<Out>();
  for (size_t i = 0; i < count; ++i) {
    Out value{};
    if (!Op::Finalize(*reinterpret_cast<const State*>(states[i]), value)) {
      result.validity().SetInvalid(offset + i);
      continue;
    }
    result.validity().SetValid(offset + i);
    if constexpr (std::is_same_v<Out, StringRef>) {
      out[offset + i] = result.AddString(value.view());  // the state's bytes die with the state
    } else {
      out[offset + i] = value;
    }
  }
}

template <class State, class Op>
void DestroyStates(uint8_t** states, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    State& state = *reinterpret_cast<State*>(states[i]);
    Op::Destroy(state);
    state.~State();
  }
}

template <class Op, class State, class = void>
struct HasDestroy : std::false_type {};
template <class Op, class State>
struct HasDestroy<Op, State, std::void_t<decltype(Op::Destroy(std::declval<State&>()))>>
    : std::true_type {};

// An aggregate of one argument of physical type In producing Out.
template <class State, class In, class Out, class Op>
AggregateFunction MakeUnaryAggregate(std::string name, LogicalType argument,
                                     LogicalType return_type) {
  AggregateFunction function;
  function.name = std::move(name);
  function.arguments = {argument};
  function.return_type = return_type;
  function.state_size = sizeof(State);
  function.state_alignment = alignof(State);
  function.initialize = InitializeStates<State>;
  function.update = UnaryUpdate<State, In, Op>;
  function.combine = CombineStates<State, Op>;
  function.finalize = FinalizeStates<State, Out, Op>;
  if constexpr (HasDestroy<Op, State>::value) function.destroy = DestroyStates<State, Op>;
  return function;
}

}  // namespace tarn::exec
