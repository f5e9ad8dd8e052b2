// The canonical text of one cell, shared by every place that prints results (tarn sql's table and
// CSV/TSV output, the HTTP query API's CSV and JSON encodings).
#pragma once

#include <cstddef>
#include <string>

#include "exec/vector/vector.h"

namespace tarn::exec {

// Appends the canonical text of row 'row' of 'vector' (which must not be NULL there): integers in
// decimal, doubles in shortest round-trip form (FormatDouble), DECIMAL with its scale, DATE
// "YYYY-MM-DD", TIMESTAMP "YYYY-MM-DD HH:MM:SS[.ffffff]", BOOLEAN "true"/"false", VARCHAR as is.
void AppendCellText(const Vector& vector, size_t row, std::string& out);

}  // namespace tarn::exec
