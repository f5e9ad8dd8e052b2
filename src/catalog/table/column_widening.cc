#include "catalog/table/column_widening.h"

#include "common/error.h"
#include "exec/vector/value.h"

namespace tarn::catalog {
namespace {

int64_t PowerOfTen(int exponent) {
  int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// Integer digits a type holds (before the decimal point).
int IntegerDigits(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kInteger: return 10;
    case TypeId::kBigint: return 19;
    case TypeId::kDecimal: return type.width() - type.scale();
    default: return 0;
  }
}

template <class From, class To, class Convert>
void Map(const exec::Vector& from, size_t count, exec::Vector& to, Convert convert) {
  const From* in = from.data<From>();
  To* out = to.data<To>();
  for (size_t i = 0; i < count; ++i) {
    if (from.IsNull(i)) {
      to.validity().SetInvalid(i);
    } else {
      out[i] = convert(in[i]);
    }
  }
}

}  // namespace

bool CanWiden(const LogicalType& from, const LogicalType& to) {
  if (from == to) return true;
  switch (to.id()) {
    case TypeId::kBigint: return from.id() == TypeId::kInteger;
    case TypeId::kDouble: return from.IsNumeric();
    case TypeId::kDecimal:
      return (from.id() == TypeId::kInteger || from.id() == TypeId::kBigint || from.id() == TypeId::kDecimal) &&
             IntegerDigits(from) <= IntegerDigits(to) &&
             (from.id() != TypeId::kDecimal || from.scale() <= to.scale());
    case TypeId::kTimestamp: return from.id() == TypeId::kDate;
    default: return false;
  }
}

void WidenColumn(const exec::Vector& from, size_t count, exec::Vector& to) {
  const LogicalType& source = from.type();
  const LogicalType& target = to.type();
  TARN_CHECK(CanWiden(source, target) && !from.IsConstant());
  bool from_wide = source.id() == TypeId::kBigint || source.id() == TypeId::kDecimal;
  switch (target.id()) {
    case TypeId::kBigint:
      Map<int32_t, int64_t>(from, count, to, [](int32_t v) { return static_cast<int64_t>(v); });
      return;
    case TypeId::kDouble:
      if (source.id() == TypeId::kInteger) {
        Map<int32_t, double>(from, count, to, [](int32_t v) { return static_cast<double>(v); });
      } else if (source.id() == TypeId::kBigint) {
        Map<int64_t, double>(from, count, to, [](int64_t v) { return static_cast<double>(v); });
      } else if (source.id() == TypeId::kDecimal) {
        double divisor = static_cast<double>(PowerOfTen(source.scale()));
        Map<int64_t, double>(from, count, to, [&](int64_t v) { return static_cast<double>(v) / divisor; });
      } else {
        Map<double, double>(from, count, to, [](double v) { return v; });
      }
      return;
    case TypeId::kDecimal: {
      int64_t factor = PowerOfTen(target.scale() - (source.id() == TypeId::kDecimal ? source.scale() : 0));
      if (from_wide) {
        Map<int64_t, int64_t>(from, count, to, [&](int64_t v) { return v * factor; });
      } else {
        Map<int32_t, int64_t>(from, count, to, [&](int32_t v) { return v * factor; });
      }
      return;
    }
    case TypeId::kTimestamp:
      Map<int32_t, int64_t>(from, count, to,
                            [](int32_t days) { return static_cast<int64_t>(days) * 86'400'000'000; });
      return;
    default:
      // Same type: copy.
      to.CopyFrom(from, nullptr, count);
      return;
  }
}

exec::Value WidenValue(const exec::Value& value, const LogicalType& to) {
  const LogicalType& from = value.type();
  TARN_CHECK(CanWiden(from, to));
  if (value.is_null() || from == to) return value.is_null() ? exec::Value::Null(to) : value;
  switch (to.id()) {
    case TypeId::kBigint:
      return exec::Value::Bigint(value.integer());
    case TypeId::kDouble:
      if (from.id() == TypeId::kDecimal) {
        return exec::Value::Double(static_cast<double>(value.integer()) /
                                   static_cast<double>(PowerOfTen(from.scale())));
      }
      return exec::Value::Double(static_cast<double>(value.integer()));
    case TypeId::kDecimal: {
      int64_t factor = PowerOfTen(to.scale() - (from.id() == TypeId::kDecimal ? from.scale() : 0));
      return exec::Value::Decimal(value.integer() * factor, to.width(), to.scale());
    }
    case TypeId::kTimestamp:
      return exec::Value::Timestamp(value.integer() * 86'400'000'000);
    default:
      return value;
  }
}

}  // namespace tarn::catalog
