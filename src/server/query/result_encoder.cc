#include "server/query/result_encoder.h"

#include <charconv>
#include <cmath>

#include "common/date_time.h"
#include "exec/vector/cell_text.h"
#include "exec/vector/value.h"
#include "format/csv/csv_field.h"
#include "server/json/json_writer.h"

namespace tarn::server {

namespace {

size_t Index(const exec::Vector& vector, size_t row) { return vector.IsConstant() ? 0 : row; }

template <class T>
void AppendNumber(T value, std::string& out) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, end);
}

using exec::AppendCellText;  // the canonical text of a non-NULL cell, as `tarn sql` prints it

void AppendJsonCell(const exec::Vector& vector, size_t row, std::string& out) {
  if (vector.IsNull(row)) {
    out += "null";
    return;
  }
  switch (vector.type().id()) {
    case TypeId::kBoolean:
    case TypeId::kInteger:
    case TypeId::kBigint:
    case TypeId::kDecimal: AppendCellText(vector, row, out); return;
    case TypeId::kDouble: {
      double value = vector.data<double>()[Index(vector, row)];
      if (std::isfinite(value)) {
        AppendNumber(value, out);
      } else {
        out += "null";
      }
      return;
    }
    case TypeId::kVarchar:
      AppendJsonString(vector.data<StringRef>()[Index(vector, row)].view(), out);
      return;
    default: {
      std::string text;
      AppendCellText(vector, row, text);
      AppendJsonString(text, out);
      return;
    }
  }
}

}  // namespace

ResultFormat ResultFormatFromAccept(std::string_view accept) {
  if (accept.find("text/csv") != std::string_view::npos) return ResultFormat::kCsv;
  if (accept.find("ndjson") != std::string_view::npos) return ResultFormat::kNdjson;
  return ResultFormat::kJson;
}

std::string_view ResultFormatContentType(ResultFormat format) {
  switch (format) {
    case ResultFormat::kCsv: return "text/csv; charset=utf-8";
    case ResultFormat::kNdjson: return "application/x-ndjson";
    case ResultFormat::kJson: return "application/json";
  }
  return "application/json";
}

ResultEncoder::ResultEncoder(std::shared_ptr<const sql::QueryResult> result, ResultFormat format,
                             std::string query_id)
    : result_(std::move(result)), format_(format), query_id_(std::move(query_id)) {
  for (const auto& name : result_->column_names) {
    std::string key;
    AppendJsonString(name, key);
    key += ':';
    json_keys_.push_back(std::move(key));
  }
}

bool ResultEncoder::Next(std::string& out) {
  if (!opened_) {
    opened_ = true;
    AppendOpening(out);
    return true;
  }
  // A few batches per piece: pieces of ~64 KiB keep chunk overhead and syscalls low.
  size_t start = out.size();
  while (next_chunk_ < result_->chunks.size() && out.size() - start < (size_t{1} << 16)) {
    AppendBatch(result_->chunks[next_chunk_++], out);
  }
  if (out.size() > start) return true;
  if (!closed_) {
    closed_ = true;
    AppendClosing(out);
    return true;
  }
  return false;
}

void ResultEncoder::AppendOpening(std::string& out) {
  const auto& names = result_->column_names;
  switch (format_) {
    case ResultFormat::kJson: {
      JsonWriter json(out);
      json.BeginObject().Key("query_id").String(query_id_);
      if (!result_->status.empty()) {
        json.Key("status").String(result_->status);
        if (result_->affected_rows >= 0) json.Key("affected_rows").Int(result_->affected_rows);
      }
      json.Key("columns").BeginArray();
      for (size_t column = 0; column < names.size(); ++column) {
        json.BeginObject().Key("name").String(names[column]);
        json.Key("type").String(result_->column_types[column].ToString()).EndObject();
      }
      json.EndArray();
      out += ",\"rows\":[";  // the object stays open: rows follow, then AppendClosing
      return;
    }
    case ResultFormat::kCsv:
      for (size_t column = 0; column < names.size(); ++column) {
        if (column > 0) out += ',';
        format::csv::AppendCsvField(names[column], ',', out);
      }
      if (!names.empty()) out += "\r\n";
      return;
    case ResultFormat::kNdjson: return;
  }
}

void ResultEncoder::AppendBatch(const exec::DataChunk& chunk, std::string& out) {
  size_t columns = result_->column_names.size();
  for (size_t row = 0; row < chunk.size(); ++row) {
    switch (format_) {
      case ResultFormat::kJson:
        if (any_row_) out += ',';
        out += '[';
        for (size_t column = 0; column < columns; ++column) {
          if (column > 0) out += ',';
          AppendJsonCell(chunk.column(column), row, out);
        }
        out += ']';
        break;
      case ResultFormat::kNdjson:
        out += '{';
        for (size_t column = 0; column < columns; ++column) {
          if (column > 0) out += ',';
          out += json_keys_[column];
          AppendJsonCell(chunk.column(column), row, out);
        }
        out += "}\n";
        break;
      case ResultFormat::kCsv:
        for (size_t column = 0; column < columns; ++column) {
          if (column > 0) out += ',';
          const exec::Vector& vector = chunk.column(column);
          if (vector.IsNull(row)) continue;  // NULL is an empty field, "" a quoted empty one
          if (vector.type().id() == TypeId::kVarchar) {
            format::csv::AppendCsvField(vector.data<StringRef>()[Index(vector, row)].view(), ',', out);
          } else {
            AppendCellText(vector, row, out);
          }
        }
        out += "\r\n";
        break;
    }
    any_row_ = true;
  }
}

void ResultEncoder::AppendClosing(std::string& out) {
  if (format_ != ResultFormat::kJson) return;
  out += "],\"elapsed_ms\":";
  AppendNumber(result_->elapsed_seconds * 1000, out);
  out += ",\"bytes_scanned\":";
  AppendNumber(result_->bytes_scanned, out);
  out += "}\n";
}

}  // namespace tarn::server
