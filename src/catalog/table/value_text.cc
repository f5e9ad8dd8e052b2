#include "catalog/table/value_text.h"

#include "common/date_time.h"
#include "common/number_parse.h"

namespace tarn::catalog {

std::optional<exec::Value> ParseValueText(std::string_view text, const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool value;
      if (!ParseBoolean(text, value)) return std::nullopt;
      return exec::Value::Boolean(value);
    }
    case TypeId::kInteger: {
      int32_t value;
      if (!ParseInt32(text, value)) return std::nullopt;
      return exec::Value::Integer(value);
    }
    case TypeId::kBigint: {
      int64_t value;
      if (!ParseInt64(text, value)) return std::nullopt;
      return exec::Value::Bigint(value);
    }
    case TypeId::kDouble: {
      double value;
      if (!ParseDouble(text, value)) return std::nullopt;
      return exec::Value::Double(value);
    }
    case TypeId::kDecimal: {
      int64_t value;
      if (!ParseDecimal(text, type.width(), type.scale(), value)) return std::nullopt;
      return exec::Value::Decimal(value, type.width(), type.scale());
    }
    case TypeId::kVarchar:
      return exec::Value::Varchar(std::string(text));
    case TypeId::kDate: {
      auto days = ParseDate(text);
      if (!days) return std::nullopt;
      return exec::Value::Date(*days);
    }
    case TypeId::kTimestamp: {
      auto micros = ParseTimestamp(text);
      if (!micros) return std::nullopt;
      return exec::Value::Timestamp(*micros);
    }
    default:
      return std::nullopt;
  }
}

}  // namespace tarn::catalog
