// Stores one value read from an external database as text into a vector slot. Shared by the
// PostgreSQL scan (text result format) and the SQLite scan (text-typed values).
#pragma once

#include <cstddef>
#include <string_view>

#include "exec/vector/vector.h"

namespace tarn::format {

// Parses 'text' as a value of the vector's type (number_parse.h / date_time.h: BOOLEAN t/f/true/
// false/1/0, DATE YYYY-MM-DD, TIMESTAMP with an optional UTC offset, converted to UTC) and stores
// it at 'row'. Returns false, leaving the slot unspecified, when the text does not fit the type.
bool StoreTextValue(std::string_view text, exec::Vector& vector, size_t row);

}  // namespace tarn::format
