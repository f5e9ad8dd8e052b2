// Writing one CSV field (RFC 4180), for every CSV writer: tarn sql --format csv, COPY ... TO
// 'x.csv', the HTTP query API's text/csv answers.
#pragma once

#include <string>
#include <string_view>

namespace tarn::format::csv {

// Appends 'value' as one CSV field: quoted (with quotes doubled) when it contains the delimiter, a
// quote, CR or LF, or is empty (so "" differs from NULL, which is written as nothing).
void AppendCsvField(std::string_view value, char delimiter, std::string& out);

}  // namespace tarn::format::csv
