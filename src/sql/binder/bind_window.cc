// Binding of window function calls (f(...) OVER (PARTITION BY .. ORDER BY .. frame), OVER w with
// a WINDOW clause) and their layout as LogicalWindow operators, one per distinct OVER clause.
#include "sql/binder/bind_window.h"

#include <fmt/format.h>

#include <map>

#include "common/error.h"
#include "exec/function/function_resolution.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

// A window specification with its WINDOW-clause base merged in.
struct ResolvedSpec {
  std::vector<const ParsedExpression*> partitions;
  const std::vector<OrderByItem>* orders = nullptr;
  FrameUnit unit = FrameUnit::kNone;
  const FrameBound* start = nullptr;
  const FrameBound* end = nullptr;
  int64_t query_offset = -1;
};

ResolvedSpec Resolve(const WindowSpec& spec, const QueryNode& node, int depth) {
  ResolvedSpec resolved;
  resolved.query_offset = spec.query_offset;
  if (!spec.base_window.empty()) {
    const WindowDefinition* base = nullptr;
    for (const auto& definition : node.windows) {
      if (EqualsIgnoreCase(definition.name, spec.base_window)) base = &definition;
    }
    if (base == nullptr || depth > 32) {
      throw Error(ErrorCode::kBinderError, "window \"" + spec.base_window + "\" does not exist")
          .AtQueryOffset(spec.query_offset);
    }
    ResolvedSpec inherited = Resolve(*base->spec, node, depth + 1);
    bool bare = spec.partition_by.empty() && spec.order_by.empty() &&
                spec.frame_unit == FrameUnit::kNone;
    if (bare) {
      inherited.query_offset = spec.query_offset;
      return inherited;
    }
    if (!spec.partition_by.empty()) {
      throw Error(ErrorCode::kBinderError,
                  "cannot override PARTITION BY clause of window \"" + spec.base_window + "\"")
          .AtQueryOffset(spec.partition_by[0]->query_offset);
    }
    if (!spec.order_by.empty() && inherited.orders != nullptr && !inherited.orders->empty()) {
      throw Error(ErrorCode::kBinderError,
                  "cannot override ORDER BY clause of window \"" + spec.base_window + "\"")
          .AtQueryOffset(spec.order_by[0].query_offset);
    }
    if (inherited.unit != FrameUnit::kNone) {
      throw Error(ErrorCode::kBinderError,
                  "cannot copy window \"" + spec.base_window + "\" because it has a frame clause")
          .AtQueryOffset(spec.query_offset);
    }
    resolved.partitions = inherited.partitions;
    resolved.orders = inherited.orders;
  }
  for (const auto& partition : spec.partition_by) resolved.partitions.push_back(partition.get());
  if (!spec.order_by.empty()) resolved.orders = &spec.order_by;
  if (spec.frame_unit != FrameUnit::kNone) {
    resolved.unit = spec.frame_unit;
    resolved.start = &spec.frame_start;
    resolved.end = &spec.frame_end;
  }
  return resolved;
}

exec::WindowBoundKind ToBoundKind(FrameBoundKind kind) {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding: return exec::WindowBoundKind::kUnboundedPreceding;
    case FrameBoundKind::kPreceding: return exec::WindowBoundKind::kPreceding;
    case FrameBoundKind::kCurrentRow: return exec::WindowBoundKind::kCurrentRow;
    case FrameBoundKind::kFollowing: return exec::WindowBoundKind::kFollowing;
    case FrameBoundKind::kUnboundedFollowing: return exec::WindowBoundKind::kUnboundedFollowing;
  }
  return exec::WindowBoundKind::kCurrentRow;
}

exec::NullOrder ToNullOrder(NullOrder order) {
  switch (order) {
    case NullOrder::kNullsFirst: return exec::NullOrder::kFirst;
    case NullOrder::kNullsLast: return exec::NullOrder::kLast;
    default: return exec::NullOrder::kDefault;
  }
}

// Which non-aggregate window functions exist, and how many arguments they take.
struct RankingFunction {
  const char* name;
  exec::WindowFunctionKind kind;
  size_t min_arguments;
  size_t max_arguments;
};

constexpr RankingFunction kRankingFunctions[] = {
    {"row_number", exec::WindowFunctionKind::kRowNumber, 0, 0},
    {"rank", exec::WindowFunctionKind::kRank, 0, 0},
    {"dense_rank", exec::WindowFunctionKind::kDenseRank, 0, 0},
    {"percent_rank", exec::WindowFunctionKind::kPercentRank, 0, 0},
    {"cume_dist", exec::WindowFunctionKind::kCumeDist, 0, 0},
    {"ntile", exec::WindowFunctionKind::kNtile, 1, 1},
    {"lag", exec::WindowFunctionKind::kLag, 1, 3},
    {"lead", exec::WindowFunctionKind::kLead, 1, 3},
    {"first_value", exec::WindowFunctionKind::kFirstValue, 1, 1},
    {"last_value", exec::WindowFunctionKind::kLastValue, 1, 1},
    {"nth_value", exec::WindowFunctionKind::kNthValue, 2, 2},
};

std::string TypeList(const std::vector<exec::ExpressionPtr>& arguments) {
  std::string text;
  for (size_t i = 0; i < arguments.size(); ++i) {
    text += (i > 0 ? ", " : "") + arguments[i]->type.ToString();
  }
  return text;
}

bool SameCall(const BoundWindowCall& a, const BoundWindowCall& b) {
  auto same_list = [](const std::vector<exec::ExpressionPtr>& x,
                      const std::vector<exec::ExpressionPtr>& y) {
    if (x.size() != y.size()) return false;
    for (size_t i = 0; i < x.size(); ++i) {
      if (!ExpressionEquals(*x[i], *y[i])) return false;
    }
    return true;
  };
  if (a.function.kind != b.function.kind || a.function.name != b.function.name ||
      a.function.return_type != b.function.return_type ||
      !a.function.frame.Equals(b.function.frame) ||
      !same_list(a.function.arguments, b.function.arguments)) {
    return false;
  }
  if (a.function.aggregate.has_value() != b.function.aggregate.has_value()) return false;
  if (a.function.aggregate.has_value() &&
      a.function.aggregate->update != b.function.aggregate->update) {
    return false;
  }
  return true;  // the OVER clause is compared by SameOver
}

bool SameOver(const BoundWindowCall& a, const BoundWindowCall& b) {
  if (a.partitions.size() != b.partitions.size() || a.orders.size() != b.orders.size()) {
    return false;
  }
  for (size_t i = 0; i < a.partitions.size(); ++i) {
    if (!ExpressionEquals(*a.partitions[i], *b.partitions[i])) return false;
  }
  for (size_t i = 0; i < a.orders.size(); ++i) {
    if (a.orders[i].descending != b.orders[i].descending ||
        a.orders[i].NullsFirst() != b.orders[i].NullsFirst() ||
        !ExpressionEquals(*a.orders[i].expression, *b.orders[i].expression)) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool Binder::ContainsWindow(const ParsedExpression& expression) {
  if (expression.kind == ExpressionKind::kFunction && expression.window != nullptr) return true;
  for (const auto& child : expression.children) {
    if (ContainsWindow(*child)) return true;
  }
  if (expression.case_operand != nullptr && ContainsWindow(*expression.case_operand)) return true;
  for (const auto& branch : expression.case_branches) {
    if (ContainsWindow(*branch.when) || ContainsWindow(*branch.then)) return true;
  }
  return expression.else_expression != nullptr && ContainsWindow(*expression.else_expression);
}

exec::ExpressionPtr Binder::BindWindowCall(const ParsedExpression& expression,
                                           ExpressionContext& context) {
  int64_t offset = expression.query_offset;
  if (context.window == nullptr) {
    throw Error(ErrorCode::kBinderError,
                std::string("window functions are not allowed in ") + context.clause)
        .AtQueryOffset(offset);
  }
  WindowBinding& windows = *context.window;
  const std::string& name = expression.function_name;
  if (!expression.function_schema.empty()) {
    throw Error(ErrorCode::kNotSupported, "not supported: schema-qualified functions")
        .AtQueryOffset(offset);
  }
  if (expression.distinct) {
    throw Error(ErrorCode::kNotSupported, "not supported: DISTINCT in window functions")
        .AtQueryOffset(offset);
  }
  if (expression.filter != nullptr) {
    throw Error(ErrorCode::kNotSupported, "not supported: FILTER in window functions")
        .AtQueryOffset(expression.filter->query_offset);
  }
  if (!expression.order_by.empty()) {
    throw Error(ErrorCode::kNotSupported, "not supported: ORDER BY in window function arguments")
        .AtQueryOffset(offset);
  }
  if (expression.ignore_nulls) {
    throw Error(ErrorCode::kNotSupported, "not supported: IGNORE NULLS").AtQueryOffset(offset);
  }
  for (const auto& argument_name : expression.argument_names) {
    if (!argument_name.empty()) {
      throw Error(ErrorCode::kBinderError, "function " + name + " does not accept named arguments")
          .AtQueryOffset(offset);
    }
  }
  for (const auto& child : expression.children) {
    if (ContainsWindow(*child)) {
      throw Error(ErrorCode::kBinderError, "window function calls cannot be nested")
          .AtQueryOffset(child->query_offset);
    }
  }

  BoundWindowCall call;
  exec::WindowExpression& function = call.function;
  function.name = name;
  std::vector<exec::ExpressionPtr> arguments;
  for (const auto& child : expression.children) arguments.push_back(Bind(*child, windows.input));
  auto no_match = [&]() {
    return Error(ErrorCode::kTypeMismatch,
                 fmt::format("no function matches {}({})", name, TypeList(arguments)))
        .AtQueryOffset(offset);
  };

  const RankingFunction* ranking = nullptr;
  for (const auto& candidate : kRankingFunctions) {
    if (name == candidate.name) ranking = &candidate;
  }
  if (ranking != nullptr) {
    if (expression.star_argument || arguments.size() < ranking->min_arguments ||
        arguments.size() > ranking->max_arguments) {
      throw no_match();
    }
    function.kind = ranking->kind;
    auto to_bigint = [&](size_t index) {
      TypeId id = arguments[index]->type.id();
      if (id != TypeId::kInteger && id != TypeId::kBigint && id != TypeId::kNull) throw no_match();
      arguments[index] = AddCast(std::move(arguments[index]), TypeId::kBigint);
    };
    switch (function.kind) {
      case exec::WindowFunctionKind::kPercentRank:
      case exec::WindowFunctionKind::kCumeDist:
        function.return_type = TypeId::kDouble;
        break;
      case exec::WindowFunctionKind::kNtile:
        to_bigint(0);
        function.return_type = TypeId::kBigint;
        break;
      case exec::WindowFunctionKind::kLag:
      case exec::WindowFunctionKind::kLead:
      case exec::WindowFunctionKind::kFirstValue:
      case exec::WindowFunctionKind::kLastValue:
      case exec::WindowFunctionKind::kNthValue: {
        LogicalType type = arguments[0]->type;
        if (arguments.size() > 1) to_bigint(1);
        if (arguments.size() > 2) {
          type = CommonSuperType(type, arguments[2]->type);
          if (type.id() == TypeId::kInvalid) throw no_match();
        }
        if (type.id() == TypeId::kNull) type = TypeId::kInteger;
        arguments[0] = AddCast(std::move(arguments[0]), type);
        if (arguments.size() > 2) arguments[2] = AddCast(std::move(arguments[2]), type);
        function.return_type = type;
        break;
      }
      default:
        function.return_type = TypeId::kBigint;
        break;
    }
  } else if (registry_.IsAggregate(name)) {
    std::vector<LogicalType> types;
    for (const auto& argument : arguments) types.push_back(argument->type);
    std::vector<LogicalType> cast_to;
    const exec::AggregateFunction* aggregate =
        exec::ResolveAggregate(registry_, name, types, cast_to, false);
    if (aggregate == nullptr && expression.star_argument && name == "count") {
      aggregate = exec::ResolveAggregate(registry_, "count_star", types, cast_to, false);
    }
    if (aggregate == nullptr) throw no_match();
    std::vector<LogicalType> cast_types;
    for (size_t i = 0; i < arguments.size(); ++i) {
      LogicalType target = i < cast_to.size() ? cast_to[i] : arguments[i]->type;
      if (target.id() == TypeId::kNull) target = TypeId::kInteger;
      arguments[i] = AddCast(std::move(arguments[i]), target);
      cast_types.push_back(target);
    }
    std::shared_ptr<exec::FunctionData> bind_data;
    function.kind = exec::WindowFunctionKind::kAggregate;
    function.return_type = exec::BindAggregateFunction(*aggregate, cast_types, bind_data);
    function.aggregate = *aggregate;
    function.aggregate->return_type = function.return_type;
  } else if (!registry_.ScalarOverloads(name).empty()) {
    throw Error(ErrorCode::kBinderError,
                "OVER specified, but " + name + " is not a window function nor an aggregate function")
        .AtQueryOffset(offset);
  } else {
    throw Error(ErrorCode::kBinderError, "function " + name + " does not exist")
        .AtQueryOffset(offset);
  }
  function.arguments = std::move(arguments);

  // The OVER clause.
  ResolvedSpec spec = Resolve(*expression.window, windows.node, 0);
  for (const ParsedExpression* partition : spec.partitions) {
    call.partitions.push_back(Bind(*partition, windows.input));
  }
  if (spec.orders != nullptr) {
    for (const auto& item : *spec.orders) {
      exec::SortKey key;
      key.expression = Bind(*item.expression, windows.input);
      key.descending = item.direction == OrderDirection::kDescending;
      key.nulls = ToNullOrder(item.null_order);
      call.orders.push_back(std::move(key));
    }
  }
  if (spec.unit != FrameUnit::kNone) {
    if (spec.unit == FrameUnit::kGroups) {
      throw Error(ErrorCode::kNotSupported, "not supported: GROUPS frames")
          .AtQueryOffset(spec.query_offset);
    }
    exec::WindowFrame& frame = function.frame;
    frame.unit = spec.unit == FrameUnit::kRows ? exec::WindowFrameUnit::kRows
                                               : exec::WindowFrameUnit::kRange;
    frame.start = ToBoundKind(spec.start->kind);
    frame.end = ToBoundKind(spec.end->kind);
    auto bind_offset = [&](const FrameBound& bound, const char* which) -> int64_t {
      if (bound.offset == nullptr) return 0;
      if (frame.unit == exec::WindowFrameUnit::kRange) {
        throw Error(ErrorCode::kNotSupported,
                    "not supported: RANGE with offset PRECEDING/FOLLOWING")
            .AtQueryOffset(bound.offset->query_offset);
      }
      auto bound_offset = BindStandalone(*bound.offset);
      TypeId id = bound_offset->type.id();
      if (id != TypeId::kInteger && id != TypeId::kBigint && id != TypeId::kNull) {
        throw Error(ErrorCode::kTypeMismatch,
                    fmt::format("argument of ROWS must be type bigint, not type {}",
                                bound_offset->type.ToString()))
            .AtQueryOffset(bound.offset->query_offset);
      }
      exec::Value value = EvaluateConstant(*AddCast(std::move(bound_offset), TypeId::kBigint));
      if (value.is_null()) {
        throw Error(ErrorCode::kInvalidArgument, fmt::format("frame {} offset must not be null", which))
            .AtQueryOffset(bound.offset->query_offset);
      }
      if (value.integer() < 0) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("frame {} offset must not be negative", which))
            .AtQueryOffset(bound.offset->query_offset);
      }
      return value.integer();
    };
    using Kind = exec::WindowBoundKind;
    const char* problem = nullptr;
    if (frame.start == Kind::kUnboundedFollowing) {
      problem = "frame start cannot be UNBOUNDED FOLLOWING";
    } else if (frame.end == Kind::kUnboundedPreceding) {
      problem = "frame end cannot be UNBOUNDED PRECEDING";
    } else if (frame.start == Kind::kCurrentRow && frame.end == Kind::kPreceding) {
      problem = "frame starting from current row cannot have preceding rows";
    } else if (frame.start == Kind::kFollowing &&
               (frame.end == Kind::kPreceding || frame.end == Kind::kCurrentRow)) {
      problem = "frame starting from following row cannot have preceding rows";
    }
    if (problem != nullptr) {
      throw Error(ErrorCode::kSyntaxError, problem).AtQueryOffset(spec.query_offset);
    }
    frame.start_offset = bind_offset(*spec.start, "starting");
    frame.end_offset = bind_offset(*spec.end, "ending");
  }

  // Identical calls (the same function, arguments and OVER clause) are computed once.
  LogicalType type = function.return_type;
  size_t index = windows.calls.size();
  for (size_t i = 0; i < windows.calls.size(); ++i) {
    if (SameCall(windows.calls[i], call) && SameOver(windows.calls[i], call)) index = i;
  }
  if (index == windows.calls.size()) windows.calls.push_back(std::move(call));
  return MakeColumnRef(kWindowColumnBase + index, type);
}

LogicalOperatorPtr Binder::PlanWindows(LogicalOperatorPtr plan, WindowBinding& windows,
                                       std::vector<exec::ExpressionPtr>& expressions) {
  if (windows.calls.empty()) return plan;
  // One operator per distinct OVER clause, in order of first use; output columns accumulate.
  std::vector<size_t> column_of(windows.calls.size());
  std::vector<bool> placed(windows.calls.size(), false);
  for (size_t first = 0; first < windows.calls.size(); ++first) {
    if (placed[first]) continue;
    auto window = std::make_unique<LogicalWindow>();
    window->types = plan->types;
    size_t width = plan->types.size();
    for (size_t i = first; i < windows.calls.size(); ++i) {
      if (placed[i] || !SameOver(windows.calls[first], windows.calls[i])) continue;
      placed[i] = true;
      column_of[i] = width + window->functions.size();
      window->types.push_back(windows.calls[i].function.return_type);
      window->functions.push_back(std::move(windows.calls[i].function));
    }
    window->partitions = std::move(windows.calls[first].partitions);
    window->orders = std::move(windows.calls[first].orders);
    window->children.push_back(std::move(plan));
    plan = std::move(window);
  }
  for (auto& expression : expressions) {
    VisitColumnRefs(*expression, [&](exec::BoundExpression& ref) {
      if (ref.column_index >= kWindowColumnBase) {
        ref.column_index = column_of[ref.column_index - kWindowColumnBase];
      }
    });
  }
  return plan;
}

}  // namespace tarn::sql
