#include "catalog/schema_evolution.h"

#include <fmt/format.h>

#include <set>

#include "common/error.h"

namespace tarn::catalog {
namespace {

// Digits a type holds before the decimal point (integral types as decimals).
int IntegerDigits(LogicalType type) {
  switch (type.id()) {
    case TypeId::kInteger:
      return 10;
    case TypeId::kBigint:
      return 19;
    case TypeId::kDecimal:
      return type.width() - type.scale();
    default:
      return 0;
  }
}

}  // namespace

std::string LowerName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool IsWidening(LogicalType from, LogicalType to) {
  if (from == to) return true;
  switch (to.id()) {
    case TypeId::kBigint:
      return from.id() == TypeId::kInteger;
    case TypeId::kDouble:
      return from.id() == TypeId::kInteger || from.id() == TypeId::kBigint;
    case TypeId::kDecimal:
      if (from.id() == TypeId::kDecimal) {
        return to.scale() >= from.scale() && IntegerDigits(to) >= IntegerDigits(from);
      }
      return from.id() == TypeId::kInteger && IntegerDigits(to) >= IntegerDigits(from);
    default:
      return false;
  }
}

std::optional<std::vector<ColumnDef>> EvolveSchema(const std::vector<ColumnDef>& current,
                                                   const std::vector<ColumnDef>& proposed) {
  std::set<std::string> seen;
  for (const ColumnDef& column : proposed) {
    if (!seen.insert(LowerName(column.name)).second) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("column '{}' appears twice in the new schema", column.name));
    }
  }
  std::vector<ColumnDef> result;
  bool changed = false;
  // Existing columns keep their place; proposed order decides only where new columns go.
  for (const ColumnDef& old_column : current) {
    const ColumnDef* match = nullptr;
    for (const ColumnDef& column : proposed) {
      if (LowerName(column.name) == old_column.name) match = &column;
    }
    if (match == nullptr) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("schema change would drop column '{}' ({}); columns can only be "
                              "added or widened",
                              old_column.name, old_column.type.ToString()));
    }
    if (!IsWidening(old_column.type, match->type)) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("schema change would narrow column '{}' from {} to {}; columns can "
                              "only be widened (INTEGER -> BIGINT -> DOUBLE, wider DECIMAL)",
                              old_column.name, old_column.type.ToString(),
                              match->type.ToString()));
    }
    if (old_column.nullable && !match->nullable) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("schema change would make column '{}' ({}) NOT NULL",
                              old_column.name, old_column.type.ToString()));
    }
    ColumnDef next = old_column;
    if (next.type != match->type || next.nullable != match->nullable) changed = true;
    next.type = match->type;
    next.nullable = match->nullable;
    result.push_back(std::move(next));
  }
  for (const ColumnDef& column : proposed) {
    std::string name = LowerName(column.name);
    bool exists = false;
    for (const ColumnDef& old_column : current) exists = exists || old_column.name == name;
    if (exists) continue;
    if (!column.nullable) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("added column '{}' ({}) must be nullable: older files hold no "
                              "values for it",
                              column.name, column.type.ToString()));
    }
    ColumnDef next = column;
    next.name = name;
    result.push_back(std::move(next));
    changed = true;
  }
  if (!changed) return std::nullopt;
  return result;
}

}  // namespace tarn::catalog
