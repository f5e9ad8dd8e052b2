#include "exec/vector/cell_text.h"

#include <charconv>
#include <cmath>

#include "common/date_time.h"
#include "exec/vector/value.h"

namespace tarn::exec {
namespace {

size_t Index(const Vector& vector, size_t row) { return vector.IsConstant() ? 0 : row; }

template <class T>
void AppendInteger(T value, std::string& out) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, end);
}

}  // namespace

void AppendCellText(const Vector& vector, size_t row, std::string& out) {
  size_t index = Index(vector, row);
  const LogicalType& type = vector.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      out += vector.data<uint8_t>()[index] != 0 ? "true" : "false";
      return;
    case TypeId::kInteger:
      AppendInteger(vector.data<int32_t>()[index], out);
      return;
    case TypeId::kBigint:
      AppendInteger(vector.data<int64_t>()[index], out);
      return;
    case TypeId::kDouble: {
      double value = vector.data<double>()[index];
      if (!std::isfinite(value)) {
        out += FormatDouble(value);
        return;
      }
      // The same shortest round-trip text as FormatDouble, without a temporary string.
      char buffer[32];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
      out.append(buffer, end);
      return;
    }
    case TypeId::kDecimal:
      out += FormatDecimal(vector.data<int64_t>()[index], type.scale());
      return;
    case TypeId::kVarchar:
      out.append(vector.data<StringRef>()[index].view());
      return;
    case TypeId::kDate:
      out += FormatDate(vector.data<int32_t>()[index]);
      return;
    case TypeId::kTimestamp:
      out += FormatTimestamp(vector.data<int64_t>()[index]);
      return;
    case TypeId::kNull:
    case TypeId::kInvalid:
      out += "NULL";
      return;
  }
}

}  // namespace tarn::exec
