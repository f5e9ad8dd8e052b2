// SQL ordering and equality of single values of every physical type, shared by comparisons,
// IN lists, greatest/least and min/max. DOUBLE follows PostgreSQL: NaN equals NaN and sorts above
// every other value. Strings compare byte-wise.
#pragma once

#include <cmath>
#include <cstdint>

#include "common/string_ref.h"

namespace tarn::exec {

template <class T>
inline bool ValueEquals(T a, T b) {
  return a == b;
}
template <>
inline bool ValueEquals<double>(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

template <class T>
inline bool ValueLess(T a, T b) {
  return a < b;
}
template <>
inline bool ValueLess<double>(double a, double b) {
  return a < b || (std::isnan(b) && !std::isnan(a));
}
template <>
inline bool ValueLess<StringRef>(StringRef a, StringRef b) {
  return a.Compare(b) < 0;
}

struct EqualOperator {
  template <class T>
  static bool Apply(T a, T b) { return ValueEquals(a, b); }
};
struct NotEqualOperator {
  template <class T>
  static bool Apply(T a, T b) { return !ValueEquals(a, b); }
};
struct LessOperator {
  template <class T>
  static bool Apply(T a, T b) { return ValueLess(a, b); }
};
struct LessEqualOperator {
  template <class T>
  static bool Apply(T a, T b) { return !ValueLess(b, a); }
};
struct GreaterOperator {
  template <class T>
  static bool Apply(T a, T b) { return ValueLess(b, a); }
};
struct GreaterEqualOperator {
  template <class T>
  static bool Apply(T a, T b) { return !ValueLess(a, b); }
};

}  // namespace tarn::exec
