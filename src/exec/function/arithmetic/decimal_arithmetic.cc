#include <algorithm>

#include "exec/function/arithmetic/arithmetic_operators.h"

namespace tarn::exec {

std::unique_ptr<FunctionData> BindDecimalAlignedArithmetic(const std::vector<LogicalType>& types,
                                                           LogicalType& return_type) {
  int left_scale = types[0].scale();
  int right_scale = types[1].scale();
  int scale = std::max(left_scale, right_scale);
  int integer_digits = std::max(types[0].width() - left_scale, types[1].width() - right_scale);
  int width = std::min(kMaxDecimalWidth, integer_digits + scale + 1);
  return_type = LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
  auto data = std::make_unique<DecimalArithmeticData>();
  data->left_factor = PowerOfTen(scale - left_scale);
  data->right_factor = PowerOfTen(scale - right_scale);
  data->left_scale = static_cast<uint8_t>(left_scale);
  data->right_scale = static_cast<uint8_t>(right_scale);
  return data;
}

std::unique_ptr<FunctionData> BindDecimalMultiply(const std::vector<LogicalType>& types,
                                                  LogicalType& return_type) {
  int scale = types[0].scale() + types[1].scale();
  if (scale > kMaxDecimalWidth) {
    throw Error(ErrorCode::kOutOfRange, "decimal scale of product exceeds 18 digits");
  }
  int width = std::min(kMaxDecimalWidth, types[0].width() + types[1].width());
  width = std::max(width, scale);
  return_type = LogicalType::Decimal(static_cast<uint8_t>(width), static_cast<uint8_t>(scale));
  auto data = std::make_unique<DecimalArithmeticData>();
  data->left_scale = types[0].scale();
  data->right_scale = types[1].scale();
  return data;
}

}  // namespace tarn::exec
