#include "sql/planner/scan_predicates.h"

#include <optional>

#include "exec/function/function.h"

namespace tarn::sql {
namespace {

using exec::BoundExpression;
using exec::ExpressionKind;
using format::ScanPredicateOp;

std::optional<ScanPredicateOp> ComparisonOp(const std::string& name, bool flipped) {
  if (name == "=") return ScanPredicateOp::kEqual;
  if (name == "<") return flipped ? ScanPredicateOp::kGreater : ScanPredicateOp::kLess;
  if (name == "<=") return flipped ? ScanPredicateOp::kGreaterEqual : ScanPredicateOp::kLessEqual;
  if (name == ">") return flipped ? ScanPredicateOp::kLess : ScanPredicateOp::kGreater;
  if (name == ">=") return flipped ? ScanPredicateOp::kLessEqual : ScanPredicateOp::kGreaterEqual;
  return std::nullopt;
}

bool IsColumn(const BoundExpression& expression) {
  return expression.kind == ExpressionKind::kColumnRef;
}

// A non-NULL constant of exactly the column's type.
bool IsConstantFor(const BoundExpression& expression, const BoundExpression& column) {
  return expression.kind == ExpressionKind::kConstant && !expression.constant.is_null() &&
         expression.constant.type() == column.type;
}

void Extract(const BoundExpression& expression, const std::vector<size_t>& column_ids,
             std::vector<format::ScanPredicate>& out) {
  auto source_column = [&](const BoundExpression& column) -> std::optional<size_t> {
    if (column.column_index >= column_ids.size()) return std::nullopt;
    return column_ids[column.column_index];
  };
  switch (expression.kind) {
    case ExpressionKind::kAnd:
      for (const auto& child : expression.children) Extract(*child, column_ids, out);
      return;
    case ExpressionKind::kIsNull:
    case ExpressionKind::kIsNotNull: {
      if (expression.children.size() != 1 || !IsColumn(*expression.children[0])) return;
      auto column = source_column(*expression.children[0]);
      if (!column) return;
      out.push_back({*column,
                     expression.kind == ExpressionKind::kIsNull ? ScanPredicateOp::kIsNull
                                                                 : ScanPredicateOp::kIsNotNull,
                     {}});
      return;
    }
    case ExpressionKind::kInList: {
      if (expression.negated || expression.children.size() < 2 || !IsColumn(*expression.children[0])) {
        return;
      }
      const BoundExpression& column_ref = *expression.children[0];
      auto column = source_column(column_ref);
      if (!column) return;
      format::ScanPredicate predicate{*column, ScanPredicateOp::kIn, {}};
      for (size_t i = 1; i < expression.children.size(); ++i) {
        const BoundExpression& item = *expression.children[i];
        if (item.kind == ExpressionKind::kConstant && item.constant.is_null()) continue;  // never true
        if (!IsConstantFor(item, column_ref)) return;
        predicate.values.push_back(item.constant);
      }
      if (!predicate.values.empty()) out.push_back(std::move(predicate));
      return;
    }
    case ExpressionKind::kFunction: {
      if (expression.function == nullptr || expression.children.size() != 2) return;
      const BoundExpression& left = *expression.children[0];
      const BoundExpression& right = *expression.children[1];
      bool flipped = !IsColumn(left);
      const BoundExpression& column_ref = flipped ? right : left;
      const BoundExpression& constant = flipped ? left : right;
      if (!IsColumn(column_ref) || !IsConstantFor(constant, column_ref)) return;
      auto op = ComparisonOp(expression.function->name, flipped);
      auto column = source_column(column_ref);
      if (!op || !column) return;
      out.push_back({*column, *op, {constant.constant}});
      return;
    }
    default:
      return;
  }
}

}  // namespace

std::vector<format::ScanPredicate> ExtractScanPredicates(const exec::BoundExpression& filter,
                                                         const std::vector<size_t>& column_ids) {
  std::vector<format::ScanPredicate> out;
  Extract(filter, column_ids, out);
  return out;
}

}  // namespace tarn::sql
