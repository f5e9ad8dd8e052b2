#include "cli/result_writer.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "common/date_time.h"
#include "common/error.h"
#include "exec/vector/value.h"

namespace tarn::cli {

namespace {

size_t Index(const exec::Vector& vector, size_t row) { return vector.IsConstant() ? 0 : row; }

bool IsRightAligned(const LogicalType& type) { return type.IsNumeric(); }

std::string LowerTypeName(const LogicalType& type) {
  std::string name = type.ToString();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// Cell text for the table: control characters made visible, cut to 'max_width' code points.
std::string TableCell(std::string_view text, size_t max_width) {
  std::string cell;
  cell.reserve(text.size());
  for (char c : text) {
    if (c == '\n') {
      cell += "\\n";
    } else if (c == '\r') {
      cell += "\\r";
    } else if (c == '\t') {
      cell += "\\t";
    } else {
      cell += c;
    }
  }
  if (max_width == 0 || DisplayWidth(cell) <= max_width) return cell;
  // Keep max_width - 1 code points, then the ellipsis.
  size_t kept = 0;
  size_t byte = 0;
  while (byte < cell.size()) {
    size_t next = byte + 1;
    while (next < cell.size() && (static_cast<unsigned char>(cell[next]) & 0xC0) == 0x80) ++next;
    if (kept + 1 > max_width - 1) break;
    ++kept;
    byte = next;
  }
  cell.resize(byte);
  cell += "…";
  return cell;
}

void AppendRepeated(std::string_view piece, size_t count, std::string& out) {
  for (size_t i = 0; i < count; ++i) out.append(piece);
}

void AppendPadded(std::string_view text, size_t width, bool right, std::string& out) {
  size_t pad = width - DisplayWidth(text);
  if (right) out.append(pad, ' ');
  out.append(text);
  if (!right) out.append(pad, ' ');
}

void AppendCentered(std::string_view text, size_t width, std::string& out) {
  size_t pad = width - DisplayWidth(text);
  out.append(pad / 2, ' ');
  out.append(text);
  out.append(pad - pad / 2, ' ');
}

void AppendRule(const std::vector<size_t>& widths, std::string_view left, std::string_view middle,
                std::string_view right, std::string& out) {
  out.append(left);
  for (size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) out.append(middle);
    AppendRepeated("─", widths[i] + 2, out);
  }
  out.append(right);
  out += '\n';
}

void WriteTable(const sql::QueryResult& result, const FormatOptions& options, OutputBuffer& buffer) {
  std::string& out = buffer.text();
  size_t columns = result.column_names.size();
  size_t total_rows = 0;
  for (const auto& chunk : result.chunks) total_rows += chunk.size();
  bool elided = options.max_rows > 0 && total_rows > options.max_rows;
  size_t head = elided ? (options.max_rows + 1) / 2 : total_rows;
  size_t tail_start = elided ? total_rows - options.max_rows / 2 : total_rows;

  // Cell text of the rows shown (the elision marker row is empty).
  std::vector<std::vector<std::string>> rows;
  size_t row_number = 0;
  std::string text;
  for (const auto& chunk : result.chunks) {
    for (size_t row = 0; row < chunk.size(); ++row, ++row_number) {
      if (row_number >= head && row_number < tail_start) {
        if (row_number == head) rows.emplace_back();
        continue;
      }
      std::vector<std::string> cells(columns);
      for (size_t column = 0; column < columns; ++column) {
        const exec::Vector& vector = chunk.column(column);
        if (vector.IsNull(row)) {
          cells[column] = "NULL";
          continue;
        }
        text.clear();
        AppendCellText(vector, row, text);
        cells[column] = TableCell(text, options.max_value_width);
      }
      rows.push_back(std::move(cells));
    }
  }

  std::vector<std::string> names(columns);
  std::vector<std::string> types(columns);
  std::vector<size_t> widths(columns);
  for (size_t column = 0; column < columns; ++column) {
    names[column] = TableCell(result.column_names[column], options.max_value_width);
    types[column] = LowerTypeName(result.column_types[column]);
    widths[column] = std::max(DisplayWidth(names[column]), DisplayWidth(types[column]));
    for (const auto& cells : rows) {
      if (!cells.empty()) widths[column] = std::max(widths[column], DisplayWidth(cells[column]));
    }
  }

  AppendRule(widths, "┌", "┬", "┐", out);
  for (const auto* header : {&names, &types}) {
    out += "│";
    for (size_t column = 0; column < columns; ++column) {
      out += ' ';
      AppendCentered((*header)[column], widths[column], out);
      out += " │";
    }
    out += '\n';
  }
  AppendRule(widths, "├", "┼", "┤", out);
  for (const auto& cells : rows) {
    out += "│";
    for (size_t column = 0; column < columns; ++column) {
      out += ' ';
      if (cells.empty()) {
        AppendCentered("·", widths[column], out);
      } else {
        AppendPadded(cells[column], widths[column], IsRightAligned(result.column_types[column]), out);
      }
      out += " │";
    }
    out += '\n';
    buffer.MaybeFlush();
  }
  AppendRule(widths, "└", "┴", "┘", out);
  out += std::to_string(total_rows);
  out += total_rows == 1 ? " row" : " rows";
  if (elided) out += " (" + std::to_string(rows.size() - 1) + " shown)";
  out += '\n';
}

void WriteDelimited(const sql::QueryResult& result, char delimiter, OutputBuffer& buffer) {
  std::string& out = buffer.text();
  size_t columns = result.column_names.size();
  auto append_field = [&](std::string_view value) {
    if (delimiter == '\t') {
      AppendTsvField(value, out);
    } else {
      AppendCsvField(value, delimiter, out);
    }
  };
  for (size_t column = 0; column < columns; ++column) {
    if (column > 0) out += delimiter;
    append_field(result.column_names[column]);
  }
  out += '\n';
  for (const auto& chunk : result.chunks) {
    for (size_t row = 0; row < chunk.size(); ++row) {
      for (size_t column = 0; column < columns; ++column) {
        if (column > 0) out += delimiter;
        const exec::Vector& vector = chunk.column(column);
        if (vector.IsNull(row)) continue;
        if (vector.type().id() == TypeId::kVarchar) {
          append_field(vector.data<StringRef>()[Index(vector, row)].view());
        } else {
          // Numbers, dates, timestamps and booleans never hold a delimiter, quote or escape.
          AppendCellText(vector, row, out);
        }
      }
      out += '\n';
    }
    buffer.MaybeFlush();
  }
}

void AppendJsonValue(const exec::Vector& vector, size_t row, std::string& out) {
  if (vector.IsNull(row)) {
    out += "null";
    return;
  }
  size_t index = Index(vector, row);
  switch (vector.type().id()) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDecimal:
      AppendCellText(vector, row, out);
      return;
    case TypeId::kDouble: {
      double value = vector.data<double>()[index];
      if (!std::isfinite(value)) {
        out += "null";
      } else {
        AppendCellText(vector, row, out);
      }
      return;
    }
    case TypeId::kVarchar:
      AppendJsonString(vector.data<StringRef>()[index].view(), out);
      return;
    default: {
      std::string text;
      AppendCellText(vector, row, text);
      AppendJsonString(text, out);
      return;
    }
  }
}

void WriteJson(const sql::QueryResult& result, bool lines, OutputBuffer& buffer) {
  std::string& out = buffer.text();
  size_t columns = result.column_names.size();
  std::vector<std::string> keys(columns);
  for (size_t column = 0; column < columns; ++column) {
    AppendJsonString(result.column_names[column], keys[column]);
    keys[column] += ':';
  }
  bool first = true;
  if (!lines) out += '[';
  for (const auto& chunk : result.chunks) {
    for (size_t row = 0; row < chunk.size(); ++row) {
      if (!lines && !first) out += ",\n";
      first = false;
      out += '{';
      for (size_t column = 0; column < columns; ++column) {
        if (column > 0) out += ',';
        out += keys[column];
        AppendJsonValue(chunk.column(column), row, out);
      }
      out += '}';
      if (lines) out += '\n';
    }
    buffer.MaybeFlush();
  }
  if (!lines) out += "]\n";
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "table") return OutputFormat::kTable;
  if (lower == "csv") return OutputFormat::kCsv;
  if (lower == "tsv") return OutputFormat::kTsv;
  if (lower == "json") return OutputFormat::kJson;
  if (lower == "ndjson") return OutputFormat::kNdjson;
  return std::nullopt;
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kCsv: return "csv";
    case OutputFormat::kTsv: return "tsv";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kNdjson: return "ndjson";
  }
  return "table";
}

OutputBuffer::~OutputBuffer() {
  if (file_ == nullptr) return;
  try {
    Flush();
  } catch (const Error&) {
    // A destructor cannot report; Flush() is called explicitly on every normal path.
  }
}

void OutputBuffer::Flush() {
  if (file_ == nullptr || text_.empty()) return;
  size_t written = std::fwrite(text_.data(), 1, text_.size(), file_);
  if (written == text_.size()) written = std::fflush(file_) == 0 ? written : 0;
  text_.clear();
  if (written == 0 || std::ferror(file_)) {
    if (errno == EPIPE) std::_Exit(0);
    throw Error(ErrorCode::kIoError, "cannot write output");
  }
}

void AppendTsvField(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
}

void AppendJsonString(std::string_view value, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHex[byte >> 4];
          out += kHex[byte & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return width;
}

void WriteResult(const sql::QueryResult& result, const FormatOptions& options, OutputBuffer& out) {
  if (result.column_names.empty()) {
    if (options.format == OutputFormat::kTable && !result.status.empty()) {
      out.text() += result.status;
      out.text() += '\n';
    }
    return;
  }
  switch (options.format) {
    case OutputFormat::kTable: WriteTable(result, options, out); break;
    case OutputFormat::kCsv: WriteDelimited(result, ',', out); break;
    case OutputFormat::kTsv: WriteDelimited(result, '\t', out); break;
    case OutputFormat::kJson: WriteJson(result, false, out); break;
    case OutputFormat::kNdjson: WriteJson(result, true, out); break;
  }
}

}  // namespace tarn::cli
