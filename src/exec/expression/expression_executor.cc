#include "exec/expression/expression_executor.h"

#include <cstring>

#include "common/error.h"
#include "exec/function/cast/cast.h"
#include "exec/function/comparison/compare_values.h"
#include "exec/function/kernel_templates.h"
#include "exec/function/string/secret_function.h"

namespace tarn::exec {

// Intermediate vectors and selections of one expression node, mirroring the expression tree.
struct ExpressionExecutor::Scratch {
  std::vector<Vector> results;  // one per child
  std::vector<std::unique_ptr<Scratch>> children;
  std::vector<const Vector*> arguments;
  SelectionVector remaining;  // dense positions still undecided (AND/OR/CASE)
  SelectionVector matched;    // dense positions a WHEN selected (CASE)
  SelectionVector composed;   // input rows of the positions being evaluated
  std::array<uint8_t, kVectorSize> found;     // IN list
  std::array<uint8_t, kVectorSize> saw_null;  // IN list
  Vector constant_source;  // a constant of the wrong type before its cast
  Vector select_result;    // the filter's boolean vector (Select)
  // An input of this node is a secret (secret('name'), a masking key) or computed from one: its
  // errors must not quote the value they failed on (see ThrowSecretSafe).
  bool secret_input = false;
  bool yields_secret = false;  // this node's result is a secret or computed from one

  explicit Scratch(const BoundExpression& expression) {
    results.resize(expression.children.size());
    arguments.resize(expression.children.size());
    for (const auto& child : expression.children) {
      children.push_back(std::make_unique<Scratch>(*child));
      secret_input = secret_input || children.back()->yields_secret;
    }
    bool secret_call = expression.kind == ExpressionKind::kFunction &&
                       dynamic_cast<const SecretValue*>(expression.bind_data.get()) != nullptr;
    yields_secret = secret_input || secret_call;
  }
};

namespace {

bool IsTrue(const Vector& vector, size_t row) {
  return !vector.IsNull(row) && ValueAt<uint8_t>(vector, row) != 0;
}

// Input rows of dense positions[0..count) when the evaluation runs under 'sel'.
const uint32_t* Compose(const uint32_t* sel, const uint32_t* positions, size_t count,
                        SelectionVector& out) {
  if (sel == nullptr) return positions;
  for (size_t j = 0; j < count; ++j) out[j] = sel[positions[j]];
  return out.data();
}

// result[positions[j]] = source[j] for j in [0, count); result has the same type.
void Scatter(const Vector& source, const uint32_t* positions, size_t count, Vector& result) {
  bool constant = source.IsConstant();
  DispatchPhysical(result.type().id(), [&](auto tag) {
    using T = decltype(tag);
    const T* in = source.data<T>();
    T* out = result.data<T>();
    for (size_t j = 0; j < count; ++j) {
      size_t row = constant ? 0 : j;
      uint32_t position = positions[j];
      if (source.IsNull(row)) {
        result.validity().SetInvalid(position);
        continue;
      }
      if constexpr (std::is_same_v<T, StringRef>) {
        out[position] = result.AddString(in[row].view());
      } else {
        out[position] = in[row];
      }
    }
  });
}

[[noreturn]] void RethrowAt(Error& error, int64_t query_offset) {
  if (error.location().query_offset < 0 && query_offset >= 0) {
    throw std::move(error).AtQueryOffset(query_offset);
  }
  throw;
}

// The error of a cast or function whose input derives from a secret: same code and position, but
// a message that names the operation only, since kernels quote the value they failed on ("could
// not convert string '<value>' to INTEGER") and the value must reach no response, log or audit
// entry. Cancellation and memory errors quote nothing and pass unchanged.
[[noreturn]] void ThrowSecretSafe(const Error& error, const std::string& operation,
                                  int64_t query_offset) {
  if (error.code() == ErrorCode::kInterrupted || error.code() == ErrorCode::kOutOfMemory) throw;
  // The code names the kind of failure ("invalid cast: ..."); the message only the operation.
  Error safe(error.code(), operation + " failed on a value derived from a secret (value not shown)");
  ErrorLocation location = error.location();
  if (location.query_offset < 0) location.query_offset = query_offset;
  throw std::move(safe).At(location);
}

}  // namespace

ExpressionExecutor::ExpressionExecutor(std::vector<const BoundExpression*> expressions) {
  for (const BoundExpression* expression : expressions) AddExpression(expression);
}

ExpressionExecutor::~ExpressionExecutor() = default;
ExpressionExecutor::ExpressionExecutor(ExpressionExecutor&&) noexcept = default;
ExpressionExecutor& ExpressionExecutor::operator=(ExpressionExecutor&&) noexcept = default;

void ExpressionExecutor::AddExpression(const BoundExpression* expression) {
  TARN_CHECK(expression != nullptr);
  expressions_.push_back(expression);
  scratch_.push_back(std::make_unique<Scratch>(*expression));
}

namespace {

class Evaluator {
 public:
  explicit Evaluator(const DataChunk& input) : input_(input) {}

  // Evaluates 'expression' over input rows sel[0..count) (rows [0, count) when sel is null)
  // into 'result': dense, 'count' rows, or constant.
  template <class ScratchT>
  void Evaluate(const BoundExpression& expression, ScratchT& scratch, const uint32_t* sel,
                size_t count, Vector& result) {
    switch (expression.kind) {
      case ExpressionKind::kColumnRef: {
        TARN_CHECK(expression.column_index < input_.column_count());
        const Vector& column = input_.column(expression.column_index);
        if (sel == nullptr) {
          result.Reference(column);
        } else {
          result.CopyFrom(column, sel, count);
        }
        return;
      }
      case ExpressionKind::kConstant: EvaluateConstant(expression, scratch, result); return;
      case ExpressionKind::kParameter:
        throw Error(ErrorCode::kInvalidInput,
                    "no value for parameter $" + std::to_string(expression.parameter_index))
            .AtQueryOffset(expression.query_offset);
      case ExpressionKind::kFunction: EvaluateFunction(expression, scratch, sel, count, result); return;
      case ExpressionKind::kCast: {
        Vector& child = EvaluateChild(expression, scratch, 0, sel, count);
        result.Reset(expression.type);
        if (!scratch.secret_input) {
          CastVector(child, result, count, expression.try_cast, expression.query_offset);
          return;
        }
        try {
          CastVector(child, result, count, expression.try_cast, expression.query_offset);
        } catch (const Error& error) {
          ThrowSecretSafe(error, "cast to " + expression.type.ToString(), expression.query_offset);
        }
        return;
      }
      case ExpressionKind::kAnd: EvaluateConjunction<true>(expression, scratch, sel, count, result); return;
      case ExpressionKind::kOr: EvaluateConjunction<false>(expression, scratch, sel, count, result); return;
      case ExpressionKind::kNot:
      case ExpressionKind::kIsNull:
      case ExpressionKind::kIsNotNull: EvaluateUnaryBoolean(expression, scratch, sel, count, result); return;
      case ExpressionKind::kCase: EvaluateCase(expression, scratch, sel, count, result); return;
      case ExpressionKind::kInList: EvaluateInList(expression, scratch, sel, count, result); return;
    }
    TARN_CHECK(false);
  }

 private:
  template <class ScratchT>
  Vector& EvaluateChild(const BoundExpression& expression, ScratchT& scratch, size_t index,
                        const uint32_t* sel, size_t count) {
    Vector& out = scratch.results[index];
    Evaluate(*expression.children[index], *scratch.children[index], sel, count, out);
    return out;
  }

  template <class ScratchT>
  void EvaluateConstant(const BoundExpression& expression, ScratchT& scratch, Vector& result) {
    const Value& value = expression.constant;
    result.Reset(expression.type);
    if (value.is_null() || value.type() == expression.type ||
        expression.type.id() == TypeId::kNull) {
      result.SetConstant(value.is_null() ? Value::Null(expression.type) : value);
      return;
    }
    // A literal typed differently from its node (e.g. 1 where BIGINT is expected): cast it.
    scratch.constant_source.Reset(value.type());
    scratch.constant_source.SetConstant(value);
    CastVector(scratch.constant_source, result, 1, false, expression.query_offset);
  }

  template <class ScratchT>
  void EvaluateFunction(const BoundExpression& expression, ScratchT& scratch, const uint32_t* sel,
                        size_t count, Vector& result) {
    TARN_CHECK(expression.function != nullptr && expression.function->kernel != nullptr);
    for (size_t i = 0; i < expression.children.size(); ++i) {
      scratch.arguments[i] = &EvaluateChild(expression, scratch, i, sel, count);
    }
    result.Reset(expression.type);
    ScalarCall call;
    call.bind_data = expression.bind_data.get();
    call.query_offset = expression.query_offset;
    try {
      expression.function->kernel(call, scratch.arguments, count, result);
    } catch (Error& error) {
      if (scratch.secret_input) {
        ThrowSecretSafe(error, expression.function->name + "()", expression.query_offset);
      }
      RethrowAt(error, expression.query_offset);
    }
  }

  template <class ScratchT>
  void EvaluateUnaryBoolean(const BoundExpression& expression, ScratchT& scratch,
                            const uint32_t* sel, size_t count, Vector& result) {
    Vector& child = EvaluateChild(expression, scratch, 0, sel, count);
    ExpressionKind kind = expression.kind;
    auto compute = [kind, &child](size_t row, uint8_t& out) {  // returns validity
      if (kind == ExpressionKind::kIsNull) {
        out = child.IsNull(row);
        return true;
      }
      if (kind == ExpressionKind::kIsNotNull) {
        out = !child.IsNull(row);
        return true;
      }
      if (child.IsNull(row)) return false;
      out = ValueAt<uint8_t>(child, row) == 0;
      return true;
    };
    result.Reset(TypeId::kBoolean);
    if (child.IsConstant()) {
      uint8_t value = 0;
      bool valid = compute(0, value);
      MakeConstantResult(result, !valid);
      result.data<uint8_t>()[0] = value;
      return;
    }
    uint8_t* out = result.data<uint8_t>();
    for (size_t i = 0; i < count; ++i) {
      if (!compute(i, out[i])) result.validity().SetInvalid(i);
    }
  }

  // AND (kAnd) / OR: later children only see the rows earlier children left undecided.
  template <bool kAnd, class ScratchT>
  void EvaluateConjunction(const BoundExpression& expression, ScratchT& scratch,
                           const uint32_t* sel, size_t count, Vector& result) {
    result.Reset(TypeId::kBoolean);
    uint8_t* out = result.data<uint8_t>();
    std::memset(out, kAnd ? 1 : 0, count);
    uint32_t* active = scratch.remaining.data();
    for (size_t i = 0; i < count; ++i) active[i] = static_cast<uint32_t>(i);
    size_t active_count = count;
    for (size_t c = 0; c < expression.children.size() && active_count > 0; ++c) {
      const uint32_t* child_sel =
          active_count == count ? sel : Compose(sel, active, active_count, scratch.composed);
      Vector& child = EvaluateChild(expression, scratch, c, child_sel, active_count);
      size_t still_active = 0;
      for (size_t j = 0; j < active_count; ++j) {
        uint32_t position = active[j];
        if (child.IsNull(j)) {
          result.validity().SetInvalid(position);
          active[still_active++] = position;
        } else if ((ValueAt<uint8_t>(child, j) != 0) != kAnd) {
          // FALSE decides AND, TRUE decides OR, whatever NULLs came before.
          out[position] = kAnd ? 0 : 1;
          result.validity().SetValid(position);
        } else {
          active[still_active++] = position;
        }
      }
      active_count = still_active;
    }
  }

  template <class ScratchT>
  void EvaluateCase(const BoundExpression& expression, ScratchT& scratch, const uint32_t* sel,
                    size_t count, Vector& result) {
    result.Reset(expression.type);
    uint32_t* remaining = scratch.remaining.data();
    uint32_t* matched = scratch.matched.data();
    for (size_t i = 0; i < count; ++i) remaining[i] = static_cast<uint32_t>(i);
    size_t remaining_count = count;
    size_t pairs = expression.children.size() / 2;
    for (size_t p = 0; p < pairs && remaining_count > 0; ++p) {
      const uint32_t* when_sel = remaining_count == count
                                     ? sel
                                     : Compose(sel, remaining, remaining_count, scratch.composed);
      Vector& when = EvaluateChild(expression, scratch, 2 * p, when_sel, remaining_count);
      size_t matched_count = 0;
      size_t still_remaining = 0;
      for (size_t j = 0; j < remaining_count; ++j) {
        if (IsTrue(when, j)) {
          matched[matched_count++] = remaining[j];
        } else {
          remaining[still_remaining++] = remaining[j];
        }
      }
      if (matched_count > 0) {
        const uint32_t* then_sel = matched_count == count
                                       ? sel
                                       : Compose(sel, matched, matched_count, scratch.composed);
        Vector& then = EvaluateChild(expression, scratch, 2 * p + 1, then_sel, matched_count);
        Scatter(then, matched, matched_count, result);
      }
      remaining_count = still_remaining;
    }
    if (remaining_count == 0) return;
    if (expression.children.size() % 2 == 1) {
      size_t last = expression.children.size() - 1;
      const uint32_t* else_sel = remaining_count == count
                                     ? sel
                                     : Compose(sel, remaining, remaining_count, scratch.composed);
      Vector& otherwise = EvaluateChild(expression, scratch, last, else_sel, remaining_count);
      Scatter(otherwise, remaining, remaining_count, result);
    } else {
      for (size_t j = 0; j < remaining_count; ++j) result.validity().SetInvalid(remaining[j]);
    }
  }

  template <class ScratchT>
  void EvaluateInList(const BoundExpression& expression, ScratchT& scratch, const uint32_t* sel,
                      size_t count, Vector& result) {
    Vector& left = EvaluateChild(expression, scratch, 0, sel, count);
    uint8_t* found = scratch.found.data();
    uint8_t* saw_null = scratch.saw_null.data();
    std::memset(found, 0, count);
    std::memset(saw_null, 0, count);
    for (size_t k = 1; k < expression.children.size(); ++k) {
      Vector& item = EvaluateChild(expression, scratch, k, sel, count);
      DispatchPhysical(left.type().id(), [&](auto tag) {
        using T = decltype(tag);
        for (size_t i = 0; i < count; ++i) {
          if (item.IsNull(i)) {
            saw_null[i] = 1;
          } else if (!left.IsNull(i)) {
            found[i] |= ValueEquals(ValueAt<T>(left, i), ValueAt<T>(item, i));
          }
        }
      });
    }
    result.Reset(TypeId::kBoolean);
    uint8_t* out = result.data<uint8_t>();
    bool negated = expression.negated;
    for (size_t i = 0; i < count; ++i) {
      if (left.IsNull(i) || (!found[i] && saw_null[i])) {
        result.validity().SetInvalid(i);
        continue;
      }
      out[i] = found[i] != negated;
    }
  }

  const DataChunk& input_;
};

}  // namespace

void ExpressionExecutor::Execute(size_t index, const DataChunk& input, Vector& result) {
  TARN_CHECK(index < expressions_.size());
  Evaluator evaluator(input);
  evaluator.Evaluate(*expressions_[index], *scratch_[index], input.selection(), input.size(),
                     result);
}

void ExpressionExecutor::ExecuteAll(const DataChunk& input, DataChunk& output) {
  TARN_CHECK(output.column_count() >= expressions_.size());
  for (size_t i = 0; i < expressions_.size(); ++i) Execute(i, input, output.column(i));
  output.ClearSelection();
  output.SetPhysicalSize(input.size());
}

size_t ExpressionExecutor::Select(const DataChunk& input, SelectionVector& selection) {
  TARN_CHECK(!expressions_.empty());
  Vector& result = scratch_[0]->select_result;
  Execute(0, input, result);
  const uint32_t* sel = input.selection();
  size_t count = input.size();
  size_t selected = 0;
  uint32_t* out = selection.data();
  if (result.IsConstant()) {
    if (!IsTrue(result, 0)) return 0;
    for (size_t i = 0; i < count; ++i) out[i] = sel != nullptr ? sel[i] : static_cast<uint32_t>(i);
    return count;
  }
  const uint8_t* values = result.data<uint8_t>();
  const ValidityMask& mask = result.validity();
  for (size_t i = 0; i < count; ++i) {
    out[selected] = sel != nullptr ? sel[i] : static_cast<uint32_t>(i);
    selected += (values[i] != 0) & mask.IsValid(i);
  }
  return selected;
}

}  // namespace tarn::exec
