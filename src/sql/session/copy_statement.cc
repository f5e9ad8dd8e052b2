#include "sql/session/copy_statement.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "common/date_time.h"
#include "common/error.h"
#include "exec/vector/value.h"
#include "format/csv/csv_field.h"
#include "format/parquet/parquet_codec.h"
#include "format/parquet/parquet_writer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

struct CopyOptions {
  std::string format;  // "parquet" or "csv"
  format::parquet::ParquetWriterOptions parquet;
  bool header = true;
  char delimiter = ',';
};

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The text of an option value: a bare word, a string, a number or a boolean.
std::string OptionText(const NamedOption& option) {
  if (option.value == nullptr) return "true";
  const ParsedExpression& value = *option.value;
  if (value.kind == ExpressionKind::kColumnRef && value.names.size() == 1) return value.names[0];
  if (value.kind == ExpressionKind::kConstant && value.constant_kind != ConstantKind::kNull) return value.value;
  throw Error(ErrorCode::kInvalidArgument, fmt::format("COPY option {} needs a plain value", option.name))
      .AtQueryOffset(option.query_offset);
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

CopyOptions ParseOptions(const CopyStatement& copy) {
  CopyOptions options;
  options.format = EndsWith(Lower(copy.path), ".parquet") || EndsWith(Lower(copy.path), ".parq") ? "parquet" : "csv";
  const NamedOption* compression = nullptr;
  for (const auto& option : copy.options) {
    auto bad = [&](std::string_view what) {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("COPY option {} {}", option.name, what))
          .AtQueryOffset(option.query_offset);
    };
    std::string text = OptionText(option);
    if (option.name == "format") {
      options.format = Lower(text);
      if (options.format != "parquet" && options.format != "csv") bad("must be parquet or csv");
    } else if (option.name == "compression" || option.name == "codec") {
      compression = &option;
    } else if (option.name == "row_group_size") {
      char* end = nullptr;
      long long rows = std::strtoll(text.c_str(), &end, 10);
      if (end == text.c_str() || *end != '\0' || rows <= 0) bad("must be a positive number of rows");
      options.parquet.row_group_size = static_cast<uint64_t>(rows);
    } else if (option.name == "header") {
      std::string lower = Lower(text);
      if (lower != "true" && lower != "false" && lower != "on" && lower != "off") bad("must be true or false");
      options.header = lower == "true" || lower == "on";
    } else if (option.name == "delimiter" || option.name == "delim" || option.name == "sep") {
      if (text.size() != 1) bad("must be one character");
      options.delimiter = text[0];
    } else {
      throw Error(ErrorCode::kInvalidArgument, fmt::format("unknown COPY option {}", option.name))
          .AtQueryOffset(option.query_offset);
    }
  }
  if (compression != nullptr) {
    std::string text = OptionText(*compression);
    if (options.format == "parquet") {
      if (!format::parquet::ParseCodec(text, options.parquet.codec)) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("COPY option compression must be zstd, snappy, gzip or uncompressed, not {}", text))
            .AtQueryOffset(compression->query_offset);
      }
    } else if (Lower(text) != "none" && Lower(text) != "uncompressed") {
      throw Error(ErrorCode::kNotSupported, "not supported: compressed CSV output")
          .AtQueryOffset(compression->query_offset);
    }
  }
  return options;
}

// Writes 'result' as CSV to a temporary file beside 'path', then renames it into place.
void WriteCsv(const QueryResult& result, const std::string& path, const CopyOptions& options) {
  std::string temporary = fmt::format("{}.tmp-{}", path, getpid());
  int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (descriptor < 0) throw Error(ErrorCode::kIoError, fmt::format("cannot create {}: {}", temporary, std::strerror(errno)));
  std::string out;
  auto flush = [&] {
    size_t done = 0;
    while (done < out.size()) {
      ssize_t written = ::write(descriptor, out.data() + done, out.size() - done);
      if (written < 0 && errno == EINTR) continue;
      if (written < 0) {
        int error = errno;
        ::close(descriptor);
        ::unlink(temporary.c_str());
        throw Error(ErrorCode::kIoError, fmt::format("cannot write {}: {}", temporary, std::strerror(error)));
      }
      done += static_cast<size_t>(written);
    }
    out.clear();
  };
  if (options.header) {
    for (size_t column = 0; column < result.column_names.size(); ++column) {
      if (column > 0) out.push_back(options.delimiter);
      format::csv::AppendCsvField(result.column_names[column], options.delimiter, out);
    }
    out.push_back('\n');
  }
  for (const auto& chunk : result.chunks) {
    for (size_t i = 0; i < chunk.size(); ++i) {
      size_t row = chunk.RowIndex(i);
      for (size_t column = 0; column < chunk.column_count(); ++column) {
        if (column > 0) out.push_back(options.delimiter);
        const exec::Vector& vector = chunk.column(column);
        size_t index = vector.IsConstant() ? 0 : row;
        if (vector.IsNull(index)) continue;
        switch (vector.type().id()) {
          case TypeId::kVarchar:
            format::csv::AppendCsvField(vector.data<StringRef>()[index].view(), options.delimiter, out);
            break;
          case TypeId::kBoolean: out.append(vector.data<uint8_t>()[index] ? "true" : "false"); break;
          case TypeId::kInteger: fmt::format_to(std::back_inserter(out), "{}", vector.data<int32_t>()[index]); break;
          case TypeId::kBigint: fmt::format_to(std::back_inserter(out), "{}", vector.data<int64_t>()[index]); break;
          case TypeId::kDouble: out.append(exec::FormatDouble(vector.data<double>()[index])); break;
          case TypeId::kDecimal:
            out.append(exec::FormatDecimal(vector.data<int64_t>()[index], vector.type().scale()));
            break;
          case TypeId::kDate: out.append(FormatDate(vector.data<int32_t>()[index])); break;
          case TypeId::kTimestamp: out.append(FormatTimestamp(vector.data<int64_t>()[index])); break;
          default: format::csv::AppendCsvField(vector.GetValue(index).ToString(), options.delimiter, out); break;
        }
      }
      out.push_back('\n');
      if (out.size() >= (1u << 20)) flush();
    }
  }
  flush();
  if (::fsync(descriptor) != 0 || ::close(descriptor) != 0) {
    ::unlink(temporary.c_str());
    throw Error(ErrorCode::kIoError, fmt::format("cannot write {}: {}", temporary, std::strerror(errno)));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temporary.c_str());
    throw Error(ErrorCode::kIoError, fmt::format("cannot rename to {}: {}", path, std::strerror(error)));
  }
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace

QueryResult ExecuteCopyTo(const CopyStatement& copy,
                          const std::function<QueryResult(const QueryNode&)>& run_query) {
  if (copy.is_from) {
    throw Error(ErrorCode::kNotSupported, "not supported: COPY FROM").AtQueryOffset(copy.query_offset);
  }
  CopyOptions options = ParseOptions(copy);
  QueryResult rows;
  if (copy.query != nullptr) {
    rows = run_query(*copy.query);
  } else {
    // COPY table [(a, b)] TO ...: the same as COPY (SELECT a, b FROM table) TO ...
    std::string columns;
    for (const auto& column : copy.columns) columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(column);
    std::string table;
    for (const std::string* part : {&copy.table.catalog, &copy.table.schema, &copy.table.name}) {
      if (!part->empty()) table += (table.empty() ? "" : ".") + QuoteIdentifier(*part);
    }
    auto statements = ParseStatements("SELECT " + (columns.empty() ? std::string("*") : columns) + " FROM " + table);
    rows = run_query(*static_cast<const SelectStatement&>(*statements.front()).node);
  }
  uint64_t count = rows.row_count();
  if (options.format == "parquet") {
    std::vector<format::ColumnSchema> columns;
    for (size_t i = 0; i < rows.column_names.size(); ++i) columns.push_back({rows.column_names[i], rows.column_types[i]});
    format::parquet::ParquetWriter writer(copy.path, std::move(columns), options.parquet);
    for (const auto& chunk : rows.chunks) writer.Append(chunk);
    writer.Finish();
  } else {
    WriteCsv(rows, copy.path, options);
  }
  QueryResult result;
  result.status = fmt::format("COPY {}", count);
  return result;
}

}  // namespace tarn::sql
