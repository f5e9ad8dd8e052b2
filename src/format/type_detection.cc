#include "format/type_detection.h"

#include "common/date_time.h"
#include "common/number_parse.h"

namespace tarn::format {
namespace {

constexpr TypeId kCandidateOrder[] = {TypeId::kBoolean, TypeId::kBigint, TypeId::kDouble,
                                      TypeId::kDate, TypeId::kTimestamp};

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

bool TextFitsType(std::string_view text, TypeId type) {
  switch (type) {
    case TypeId::kBoolean: return EqualsIgnoreCase(text, "true") || EqualsIgnoreCase(text, "false");
    case TypeId::kBigint: {
      int64_t value;
      return ParseInt64(text, value);
    }
    case TypeId::kInteger: {
      int32_t value;
      return ParseInt32(text, value);
    }
    case TypeId::kDouble: {
      double value;
      return ParseDouble(text, value);
    }
    case TypeId::kDate: return ParseDate(text).has_value();
    case TypeId::kTimestamp: return ParseTimestamp(text).has_value();
    case TypeId::kVarchar: return true;
    default: return false;
  }
}

void ColumnTypeDetector::Observe(std::string_view text) {
  if (text.empty()) return;
  saw_value_ = true;
  for (int i = 0; i < 5; ++i) {
    uint8_t bit = static_cast<uint8_t>(1u << i);
    if ((candidates_ & bit) != 0 && !TextFitsType(text, kCandidateOrder[i])) candidates_ &= ~bit;
  }
}

LogicalType ColumnTypeDetector::Result() const {
  if (!saw_value_) return TypeId::kVarchar;
  for (int i = 0; i < 5; ++i) {
    if ((candidates_ & (1u << i)) != 0) return kCandidateOrder[i];
  }
  return TypeId::kVarchar;
}

}  // namespace tarn::format
