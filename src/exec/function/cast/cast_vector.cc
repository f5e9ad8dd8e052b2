// CastVector: one typed loop per (source, target) pair, chosen once per batch.
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "common/date_time.h"
#include "common/error.h"
#include "common/number_parse.h"
#include "exec/function/cast/cast.h"
#include "exec/function/kernel_templates.h"
#include "exec/vector/value.h"

namespace tarn::exec {
namespace {

// Runs op(in, out) -> bool over the non-NULL rows. Failing rows become NULL under 'try_cast';
// otherwise returns the first failing row (-1 when none).
template <class In, class Out, class Op>
int64_t CastLoop(const Vector& source, Vector& result, size_t count, bool try_cast, Op&& op) {
  if (source.IsConstant()) {
    bool is_null = source.IsNull(0);
    MakeConstantResult(result, is_null);
    if (is_null) return -1;
    if (op(source.data<In>()[0], result.data<Out>()[0])) return -1;
    if (try_cast) {
      result.validity().SetInvalid(0);
      return -1;
    }
    return 0;
  }
  result.Reset();
  result.validity() = source.validity();
  const In* in = source.data<In>();
  Out* out = result.data<Out>();
  const ValidityMask& mask = source.validity();
  for (size_t i = 0; i < count; ++i) {
    if (!mask.IsValid(i)) continue;
    if (!op(in[i], out[i])) {
      if (!try_cast) return static_cast<int64_t>(i);
      result.validity().SetInvalid(i);
    }
  }
  return -1;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

template <class T>
bool IntegerFitsIn(int64_t value) {
  return value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max();
}

constexpr int64_t kDecimalLimit = 1000000000000000000;  // 10^18

bool FitsWidth(int64_t unscaled, uint8_t width) {
  int64_t limit = width >= 18 ? kDecimalLimit : PowerOfTen(width);
  return unscaled > -limit && unscaled < limit;
}

// Rounds value / 10^scale half away from zero.
int64_t DivideRounded(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  int64_t remainder = value % divisor;
  if (remainder < 0) remainder = -remainder;
  if (remainder * 2 >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

// Double -> integer type T, rounding to nearest with ties to even (PostgreSQL's rint); NaN, inf
// and out of range fail.
template <class T>
bool DoubleToInteger(double value, T& out) {
  if (!std::isfinite(value)) return false;
  double rounded = std::nearbyint(value);
  // 2^63 is exactly representable; every double below it converts safely.
  if (rounded < -9223372036854775808.0 || rounded >= 9223372036854775808.0) return false;
  int64_t wide = static_cast<int64_t>(rounded);
  if (!IntegerFitsIn<T>(wide)) return false;
  out = static_cast<T>(wide);
  return true;
}

bool DoubleToDecimal(double value, uint8_t width, uint8_t scale, int64_t& out) {
  if (!std::isfinite(value)) return false;
  if (std::fabs(value) >= 1e19) return false;
  // The shortest round-trip digits, so 0.285 -> 0.29 as PostgreSQL does (not 0.28499...).
  char buffer[400];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  if (ec != std::errc()) return false;
  return ParseDecimal(std::string_view(buffer, end - buffer), width, scale, out);
}

bool RescaleDecimal(int64_t value, uint8_t from_scale, uint8_t to_width, uint8_t to_scale,
                    int64_t& out) {
  if (to_scale >= from_scale) {
    if (__builtin_mul_overflow(value, PowerOfTen(to_scale - from_scale), &out)) return false;
  } else {
    out = DivideRounded(value, PowerOfTen(from_scale - to_scale));
  }
  return FitsWidth(out, to_width);
}

StringRef IntegerText(int64_t value, Arena& arena) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return arena.AddString(std::string_view(buffer, end - buffer));
}

[[noreturn]] void ThrowCastError(const Vector& source, size_t row, LogicalType target,
                                 int64_t query_offset) {
  Value value = source.GetValue(row);
  if (source.type().id() == TypeId::kVarchar) {
    throw Error(ErrorCode::kInvalidCast, "could not convert string '" + value.string() + "' to " +
                                             target.ToString())
        .AtQueryOffset(query_offset);
  }
  throw Error(ErrorCode::kOutOfRange,
              "value " + value.ToString() + " is out of range for " + target.ToString())
      .AtQueryOffset(query_offset);
}

// Integer-like source (INTEGER, BIGINT, BOOLEAN) of physical type In.
template <class In>
int64_t CastFromInteger(const Vector& source, Vector& result, size_t count, bool try_cast) {
  LogicalType target = result.type();
  switch (target.id()) {
    case TypeId::kBoolean:
      return CastLoop<In, uint8_t>(source, result, count, try_cast, [](In v, uint8_t& out) {
        out = v != 0;
        return true;
      });
    case TypeId::kInteger:
      return CastLoop<In, int32_t>(source, result, count, try_cast, [](In v, int32_t& out) {
        out = static_cast<int32_t>(v);
        return IntegerFitsIn<int32_t>(static_cast<int64_t>(v));
      });
    case TypeId::kBigint:
      return CastLoop<In, int64_t>(source, result, count, try_cast, [](In v, int64_t& out) {
        out = static_cast<int64_t>(v);
        return true;
      });
    case TypeId::kDouble:
      return CastLoop<In, double>(source, result, count, try_cast, [](In v, double& out) {
        out = static_cast<double>(v);
        return true;
      });
    case TypeId::kDecimal: {
      int64_t factor = PowerOfTen(target.scale());
      uint8_t width = target.width();
      return CastLoop<In, int64_t>(source, result, count, try_cast,
                                   [factor, width](In v, int64_t& out) {
                                     return !__builtin_mul_overflow(static_cast<int64_t>(v),
                                                                    factor, &out) &&
                                            FitsWidth(out, width);
                                   });
    }
    case TypeId::kVarchar: {
      bool boolean = source.type().id() == TypeId::kBoolean;
      return CastLoop<In, StringRef>(source, result, count, try_cast,
                                     [&result, boolean](In v, StringRef& out) {
                                       if (boolean) {
                                         out = StringRef(v != 0 ? "true" : "false");
                                       } else {
                                         out = IntegerText(static_cast<int64_t>(v),
                                                           result.string_arena());
                                       }
                                       return true;
                                     });
    }
    default: break;
  }
  throw Error(ErrorCode::kTypeMismatch,
              "cannot cast " + source.type().ToString() + " to " + target.ToString());
}

int64_t CastFromDouble(const Vector& source, Vector& result, size_t count, bool try_cast) {
  LogicalType target = result.type();
  switch (target.id()) {
    case TypeId::kInteger:
      return CastLoop<double, int32_t>(source, result, count, try_cast, DoubleToInteger<int32_t>);
    case TypeId::kBigint:
      return CastLoop<double, int64_t>(source, result, count, try_cast, DoubleToInteger<int64_t>);
    case TypeId::kDecimal: {
      uint8_t width = target.width();
      uint8_t scale = target.scale();
      return CastLoop<double, int64_t>(source, result, count, try_cast,
                                       [width, scale](double v, int64_t& out) {
                                         return DoubleToDecimal(v, width, scale, out);
                                       });
    }
    case TypeId::kVarchar:
      return CastLoop<double, StringRef>(source, result, count, try_cast,
                                         [&result](double v, StringRef& out) {
                                           out = result.AddString(FormatDouble(v));
                                           return true;
                                         });
    default: break;
  }
  throw Error(ErrorCode::kTypeMismatch, "cannot cast DOUBLE to " + target.ToString());
}

int64_t CastFromDecimal(const Vector& source, Vector& result, size_t count, bool try_cast) {
  LogicalType target = result.type();
  uint8_t scale = source.type().scale();
  int64_t factor = PowerOfTen(scale);
  switch (target.id()) {
    case TypeId::kInteger:
      return CastLoop<int64_t, int32_t>(source, result, count, try_cast,
                                        [factor](int64_t v, int32_t& out) {
                                          int64_t rounded = DivideRounded(v, factor);
                                          out = static_cast<int32_t>(rounded);
                                          return IntegerFitsIn<int32_t>(rounded);
                                        });
    case TypeId::kBigint:
      return CastLoop<int64_t, int64_t>(source, result, count, try_cast,
                                        [factor](int64_t v, int64_t& out) {
                                          out = DivideRounded(v, factor);
                                          return true;
                                        });
    case TypeId::kDouble: {
      double divisor = static_cast<double>(factor);
      return CastLoop<int64_t, double>(source, result, count, try_cast,
                                       [divisor](int64_t v, double& out) {
                                         out = static_cast<double>(v) / divisor;
                                         return true;
                                       });
    }
    case TypeId::kDecimal: {
      uint8_t width = target.width();
      uint8_t to_scale = target.scale();
      return CastLoop<int64_t, int64_t>(source, result, count, try_cast,
                                        [scale, width, to_scale](int64_t v, int64_t& out) {
                                          return RescaleDecimal(v, scale, width, to_scale, out);
                                        });
    }
    case TypeId::kVarchar:
      return CastLoop<int64_t, StringRef>(source, result, count, try_cast,
                                          [&result, scale](int64_t v, StringRef& out) {
                                            out = result.AddString(FormatDecimal(v, scale));
                                            return true;
                                          });
    default: break;
  }
  throw Error(ErrorCode::kTypeMismatch,
              "cannot cast " + source.type().ToString() + " to " + target.ToString());
}

int64_t CastFromVarchar(const Vector& source, Vector& result, size_t count, bool try_cast) {
  LogicalType target = result.type();
  switch (target.id()) {
    case TypeId::kBoolean:
      return CastLoop<StringRef, uint8_t>(source, result, count, try_cast,
                                          [](StringRef v, uint8_t& out) {
                                            bool parsed;
                                            if (!ParseBoolean(TrimSpaces(v.view()), parsed))
                                              return false;
                                            out = parsed;
                                            return true;
                                          });
    case TypeId::kInteger:
      return CastLoop<StringRef, int32_t>(source, result, count, try_cast,
                                          [](StringRef v, int32_t& out) {
                                            return ParseInt32(TrimSpaces(v.view()), out);
                                          });
    case TypeId::kBigint:
      return CastLoop<StringRef, int64_t>(source, result, count, try_cast,
                                          [](StringRef v, int64_t& out) {
                                            return ParseInt64(TrimSpaces(v.view()), out);
                                          });
    case TypeId::kDouble:
      return CastLoop<StringRef, double>(source, result, count, try_cast,
                                         [](StringRef v, double& out) {
                                           return ParseDouble(TrimSpaces(v.view()), out);
                                         });
    case TypeId::kDecimal: {
      uint8_t width = target.width();
      uint8_t scale = target.scale();
      return CastLoop<StringRef, int64_t>(source, result, count, try_cast,
                                          [width, scale](StringRef v, int64_t& out) {
                                            return ParseDecimal(TrimSpaces(v.view()), width,
                                                                scale, out);
                                          });
    }
    case TypeId::kDate:
      return CastLoop<StringRef, int32_t>(source, result, count, try_cast,
                                          [](StringRef v, int32_t& out) {
                                            auto parsed = ParseDate(TrimSpaces(v.view()));
                                            if (!parsed) return false;
                                            out = *parsed;
                                            return true;
                                          });
    case TypeId::kTimestamp:
      return CastLoop<StringRef, int64_t>(source, result, count, try_cast,
                                          [](StringRef v, int64_t& out) {
                                            auto parsed = ParseTimestamp(TrimSpaces(v.view()));
                                            if (!parsed) return false;
                                            out = *parsed;
                                            return true;
                                          });
    default: break;
  }
  throw Error(ErrorCode::kTypeMismatch, "cannot cast VARCHAR to " + target.ToString());
}

int64_t CastFromTemporal(const Vector& source, Vector& result, size_t count, bool try_cast) {
  LogicalType target = result.type();
  bool is_date = source.type().id() == TypeId::kDate;
  if (is_date && target.id() == TypeId::kTimestamp) {
    return CastLoop<int32_t, int64_t>(source, result, count, try_cast,
                                      [](int32_t days, int64_t& out) {
                                        return !__builtin_mul_overflow(
                                            static_cast<int64_t>(days), kMicrosPerDay, &out);
                                      });
  }
  if (!is_date && target.id() == TypeId::kDate) {
    return CastLoop<int64_t, int32_t>(source, result, count, try_cast,
                                      [](int64_t micros, int32_t& out) {
                                        int64_t days = micros / kMicrosPerDay;
                                        if (micros % kMicrosPerDay < 0) --days;
                                        out = static_cast<int32_t>(days);
                                        return true;
                                      });
  }
  if (target.id() == TypeId::kVarchar) {
    if (is_date) {
      return CastLoop<int32_t, StringRef>(source, result, count, try_cast,
                                          [&result](int32_t days, StringRef& out) {
                                            out = result.AddString(FormatDate(days));
                                            return true;
                                          });
    }
    return CastLoop<int64_t, StringRef>(source, result, count, try_cast,
                                        [&result](int64_t micros, StringRef& out) {
                                          out = result.AddString(FormatTimestamp(micros));
                                          return true;
                                        });
  }
  throw Error(ErrorCode::kTypeMismatch,
              "cannot cast " + source.type().ToString() + " to " + target.ToString());
}

}  // namespace

void CastVector(const Vector& source, Vector& result, size_t count, bool try_cast,
                int64_t query_offset) {
  LogicalType from = source.type();
  LogicalType target = result.type();
  if (from == target) {
    result.Reference(source);
    return;
  }
  if (from.id() == TypeId::kNull) {
    if (source.IsConstant()) {
      MakeConstantResult(result, true);
    } else {
      result.Reset();
      result.validity().SetAllInvalid(count);
    }
    return;
  }
  int64_t bad_row = -1;
  try {
    switch (from.id()) {
      case TypeId::kBoolean:
        bad_row = CastFromInteger<uint8_t>(source, result, count, try_cast);
        break;
      case TypeId::kInteger:
        bad_row = CastFromInteger<int32_t>(source, result, count, try_cast);
        break;
      case TypeId::kBigint:
        bad_row = CastFromInteger<int64_t>(source, result, count, try_cast);
        break;
      case TypeId::kDouble: bad_row = CastFromDouble(source, result, count, try_cast); break;
      case TypeId::kDecimal: bad_row = CastFromDecimal(source, result, count, try_cast); break;
      case TypeId::kVarchar: bad_row = CastFromVarchar(source, result, count, try_cast); break;
      case TypeId::kDate:
      case TypeId::kTimestamp:
        bad_row = CastFromTemporal(source, result, count, try_cast);
        break;
      default:
        throw Error(ErrorCode::kTypeMismatch,
                    "cannot cast " + from.ToString() + " to " + target.ToString());
    }
  } catch (Error& error) {
    if (error.location().query_offset < 0) throw std::move(error).AtQueryOffset(query_offset);
    throw;
  }
  if (bad_row >= 0) ThrowCastError(source, static_cast<size_t>(bad_row), target, query_offset);
}

}  // namespace tarn::exec
