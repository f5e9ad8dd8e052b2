// Which casts exist and which the binder may insert silently (see cast.h).
#include "exec/function/cast/cast.h"

namespace tarn::exec {
namespace {

// Integer digits a type can hold.
int IntegerDigits(LogicalType type) {
  switch (type.id()) {
    case TypeId::kInteger: return 10;
    case TypeId::kBigint: return 18;  // BIGINT -> DECIMAL(18,0) may overflow per value
    case TypeId::kDecimal: return type.width() - type.scale();
    default: return 0;
  }
}

}  // namespace

bool CanCast(LogicalType from, LogicalType to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (to.id() == TypeId::kNull || to.id() == TypeId::kInvalid || from.id() == TypeId::kInvalid) {
    return false;
  }
  if (from.id() == TypeId::kVarchar || to.id() == TypeId::kVarchar) return true;
  if (from.IsNumeric() && to.IsNumeric()) return true;
  if (from.IsTemporal() && to.IsTemporal()) return true;
  if (from.id() == TypeId::kBoolean) return to.IsIntegral();
  if (to.id() == TypeId::kBoolean) return from.IsIntegral();
  return false;
}

int ImplicitCastCost(LogicalType from, LogicalType to) {
  if (to.id() == TypeId::kDecimal && to.width() == 0) {  // wildcard DECIMAL in a signature
    switch (from.id()) {
      case TypeId::kDecimal: return 0;
      case TypeId::kBigint: return 1;
      case TypeId::kNull: return 1;
      case TypeId::kInteger: return 2;
      default: return -1;
    }
  }
  if (from == to) return 0;
  if (from.id() == TypeId::kNull) return 1;
  switch (from.id()) {
    case TypeId::kInteger:
      if (to.id() == TypeId::kBigint) return 1;
      if (to.id() == TypeId::kDecimal) return IntegerDigits(to) >= 10 ? 2 : -1;
      if (to.id() == TypeId::kDouble) return 3;
      return -1;
    case TypeId::kBigint:
      if (to.id() == TypeId::kDecimal) return IntegerDigits(to) >= 18 ? 1 : -1;
      if (to.id() == TypeId::kDouble) return 2;
      return -1;
    case TypeId::kDecimal:
      if (to.id() == TypeId::kDecimal) {
        return to.scale() >= from.scale() && IntegerDigits(to) >= IntegerDigits(from) ? 1 : -1;
      }
      if (to.id() == TypeId::kDouble) return 1;
      return -1;
    case TypeId::kDate: return to.id() == TypeId::kTimestamp ? 1 : -1;
    default: return -1;
  }
}

bool CanImplicitCast(LogicalType from, LogicalType to) { return ImplicitCastCost(from, to) >= 0; }

}  // namespace tarn::exec
