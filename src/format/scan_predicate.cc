#include "format/scan_predicate.h"

#include <cmath>

#include <fmt/format.h>

namespace tarn::format {
namespace {

bool IsNan(const exec::Value& value) {
  return value.type().id() == TypeId::kDouble && std::isnan(value.double_value());
}

std::string_view OpText(ScanPredicateOp op) {
  switch (op) {
    case ScanPredicateOp::kEqual: return "=";
    case ScanPredicateOp::kLess: return "<";
    case ScanPredicateOp::kLessEqual: return "<=";
    case ScanPredicateOp::kGreater: return ">";
    case ScanPredicateOp::kGreaterEqual: return ">=";
    case ScanPredicateOp::kIsNull: return "IS NULL";
    case ScanPredicateOp::kIsNotNull: return "IS NOT NULL";
    case ScanPredicateOp::kIn: return "IN";
  }
  return "?";
}

}  // namespace

std::string ScanPredicate::ToString(const std::vector<ColumnSchema>& schema) const {
  std::string name = column < schema.size() ? schema[column].name : fmt::format("#{}", column);
  if (op == ScanPredicateOp::kIsNull || op == ScanPredicateOp::kIsNotNull) {
    return fmt::format("{} {}", name, OpText(op));
  }
  std::string list;
  for (const auto& value : values) {
    if (!list.empty()) list += ", ";
    list += value.type().id() == TypeId::kVarchar ? "'" + value.ToString() + "'" : value.ToString();
  }
  if (op == ScanPredicateOp::kIn) return fmt::format("{} IN ({})", name, list);
  return fmt::format("{} {} {}", name, OpText(op), list);
}

int CompareValues(const exec::Value& left, const exec::Value& right) {
  switch (left.type().id()) {
    case TypeId::kDouble: {
      double a = left.double_value(), b = right.double_value();
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    case TypeId::kVarchar:
      return left.string().compare(right.string());
    default: {
      int64_t a = left.integer(), b = right.integer();
      return a < b ? -1 : (a > b ? 1 : 0);
    }
  }
}

bool MayMatch(const ScanPredicate& predicate, const ValueStatistics& statistics) {
  bool all_null = statistics.null_count && statistics.row_count &&
                  *statistics.null_count >= *statistics.row_count;
  switch (predicate.op) {
    case ScanPredicateOp::kIsNull:
      return !(statistics.null_count && *statistics.null_count == 0);
    case ScanPredicateOp::kIsNotNull:
      return !all_null;
    default:
      break;
  }
  if (all_null) return false;  // a comparison with NULL is never true
  if (!statistics.min || !statistics.max || statistics.min->is_null() || statistics.max->is_null()) {
    return true;
  }
  const exec::Value& min = *statistics.min;
  const exec::Value& max = *statistics.max;
  if (IsNan(min) || IsNan(max) || min.type() != max.type()) return true;
  for (const auto& value : predicate.values) {
    if (value.is_null() || IsNan(value) || value.type() != min.type()) return true;
  }
  if (predicate.values.empty()) return true;
  const exec::Value& value = predicate.values[0];
  switch (predicate.op) {
    case ScanPredicateOp::kEqual:
      return CompareValues(min, value) <= 0 && CompareValues(value, max) <= 0;
    case ScanPredicateOp::kLess:
      return CompareValues(min, value) < 0;
    case ScanPredicateOp::kLessEqual:
      return CompareValues(min, value) <= 0;
    case ScanPredicateOp::kGreater:
      return CompareValues(max, value) > 0;
    case ScanPredicateOp::kGreaterEqual:
      return CompareValues(max, value) >= 0;
    case ScanPredicateOp::kIn:
      for (const auto& item : predicate.values) {
        if (CompareValues(min, item) <= 0 && CompareValues(item, max) <= 0) return true;
      }
      return false;
    default:
      return true;
  }
}

bool MayMatchColumn(const std::vector<ScanPredicate>& predicates, size_t column,
                    const ValueStatistics& statistics) {
  for (const auto& predicate : predicates) {
    if (predicate.column == column && !MayMatch(predicate, statistics)) return false;
  }
  return true;
}

}  // namespace tarn::format
