#include "format/database_value.h"

#include "common/date_time.h"
#include "common/number_parse.h"
#include "common/string_ref.h"

namespace tarn::format {

bool StoreTextValue(std::string_view text, exec::Vector& vector, size_t row) {
  const LogicalType& type = vector.type();
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool value = false;
      if (!ParseBoolean(text, value)) return false;
      vector.data<uint8_t>()[row] = value ? 1 : 0;
      return true;
    }
    case TypeId::kInteger:
      return ParseInt32(text, vector.data<int32_t>()[row]);
    case TypeId::kBigint:
      return ParseInt64(text, vector.data<int64_t>()[row]);
    case TypeId::kDouble:
      return ParseDouble(text, vector.data<double>()[row]);
    case TypeId::kDecimal:
      return ParseDecimal(text, type.width(), type.scale(), vector.data<int64_t>()[row]);
    case TypeId::kVarchar:
      vector.data<StringRef>()[row] = vector.AddString(text);
      return true;
    case TypeId::kDate: {
      std::optional<int32_t> days = ParseDate(text);
      if (!days) return false;
      vector.data<int32_t>()[row] = *days;
      return true;
    }
    case TypeId::kTimestamp: {
      std::optional<int64_t> micros = ParseTimestamp(text);
      if (!micros) return false;
      vector.data<int64_t>()[row] = *micros;
      return true;
    }
    default:
      return false;
  }
}

}  // namespace tarn::format
