#include "format/csv/csv_field.h"

namespace tarn::format::csv {

void AppendCsvField(std::string_view value, char delimiter, std::string& out) {
  bool quote = value.empty();
  for (char c : value) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(value);
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace tarn::format::csv
