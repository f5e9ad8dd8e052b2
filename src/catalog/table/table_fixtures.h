// Shared by the table_writer and table_scan tests: a byte-counting store, table and row builders,
// a single-threaded scan that renders rows as text, and a row-by-row filter to compare against.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "catalog/table/table_scan.h"
#include "catalog/table/table_writer.h"
#include "format/scan_predicate.h"
#include "storage/object_store/object_store.h"

namespace tarn::catalog::table_test {

using exec::Value;
using format::ScanPredicate;
using format::ScanPredicateOp;

inline const std::string kKey = "1:" + std::string(64, 'c');

// Forwards to a store owned elsewhere and counts the bytes Get returns.
class CountingStore final : public storage::ObjectStore {
 public:
  explicit CountingStore(storage::ObjectStore& target) : target_(target) {}
  void Put(std::string_view key, storage::ByteSpan data) override { target_.Put(key, data); }
  bool PutIfAbsent(std::string_view key, storage::ByteSpan data) override {
    return target_.PutIfAbsent(key, data);
  }
  std::optional<Buffer> Get(std::string_view key, std::optional<storage::ByteRange> range) override {
    auto bytes = target_.Get(key, range);
    if (bytes) bytes_read += bytes->size();
    return bytes;
  }
  std::optional<storage::ObjectInfo> Head(std::string_view key) override { return target_.Head(key); }
  std::vector<storage::ObjectEntry> List(std::string_view prefix) override { return target_.List(prefix); }
  bool Delete(std::string_view key) override { return target_.Delete(key); }
  std::unique_ptr<storage::ObjectWriter> NewWriter(std::string_view key, bool if_absent) override {
    return target_.NewWriter(key, if_absent);
  }
  std::atomic<uint64_t> bytes_read{0};

 private:
  storage::ObjectStore& target_;
};

inline ColumnDef Column(std::string name, LogicalType type) {
  ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  return column;
}

inline TableInfo MakeTable(std::vector<std::string> partition_columns = {}) {
  TableInfo table;
  table.database = "sales";
  table.name = "orders";
  table.zone = "curated";
  table.partition_columns = std::move(partition_columns);
  return table;
}

inline std::vector<LogicalType> TypesOf(const std::vector<ColumnDef>& columns) {
  std::vector<LogicalType> types;
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

inline std::string RowText(const std::vector<Value>& row) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) line += "|";
    line += row[i].is_null() ? "NULL" : row[i].ToString();
  }
  return line;
}

// Appends 'rows' to 'writer' in chunks of up to kVectorSize.
inline void WriteRows(TableWriter& writer, const std::vector<ColumnDef>& columns,
               const std::vector<std::vector<Value>>& rows) {
  auto types = TypesOf(columns);
  for (size_t start = 0; start < rows.size(); start += exec::kVectorSize) {
    exec::DataChunk chunk(types);
    size_t count = std::min(rows.size() - start, exec::kVectorSize);
    for (size_t row = 0; row < count; ++row) {
      for (size_t column = 0; column < types.size(); ++column) {
        chunk.column(column).SetValue(row, rows[start + row][column]);
      }
    }
    chunk.SetPhysicalSize(count);
    writer.Append(chunk);
  }
}

struct ScanResult {
  std::vector<std::string> rows;  // sorted
  std::vector<std::vector<Value>> values;
  std::string pruning;
  size_t morsels = 0;
};

inline ScanResult Scan(storage::ObjectStore& store, const TableInfo& table,
                const std::vector<ColumnDef>& columns, std::vector<DataFile> files,
                std::vector<ScanPredicate> predicates = {}) {
  SchemaVersion schema;
  schema.version = 1;
  schema.columns = columns;
  auto source = OpenTableScan(store, table, schema, std::move(files));
  if (!predicates.empty()) source->SetFilter(std::move(predicates));
  auto state = source->CreateLocalState();
  exec::DataChunk chunk(TypesOf(columns));
  ScanResult result;
  int64_t morsel = 0;
  while (source->NextMorsel(*state, morsel)) {
    ++result.morsels;
    while (source->ReadChunk(*state, chunk)) {
      for (size_t row = 0; row < chunk.size(); ++row) {
        std::vector<Value> values;
        for (size_t column = 0; column < chunk.column_count(); ++column) {
          values.push_back(chunk.column(column).GetValue(row));
        }
        result.rows.push_back(RowText(values));
        result.values.push_back(std::move(values));
      }
    }
  }
  std::sort(result.rows.begin(), result.rows.end());
  result.pruning = source->PruningSummary();
  return result;
}

inline std::vector<std::string> SortedText(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(RowText(row));
  std::sort(out.begin(), out.end());
  return out;
}

// Every type, NULLs in every column, partitioned by 'region' (with a NULL region) and 'day'.
inline std::vector<ColumnDef> AllTypes() {
  return {Column("id", TypeId::kBigint),     Column("flag", TypeId::kBoolean),
          Column("qty", TypeId::kInteger),   Column("price", LogicalType::Decimal(12, 2)),
          Column("score", TypeId::kDouble),  Column("note", TypeId::kVarchar),
          Column("day", TypeId::kDate),      Column("seen", TypeId::kTimestamp),
          Column("region", TypeId::kVarchar)};
}

inline std::vector<std::vector<Value>> AllTypesRows(size_t count) {
  std::vector<std::vector<Value>> rows;
  const char* regions[] = {"north", "south", "east west", "a/b=c"};
  for (size_t n = 0; n < count; ++n) {
    int64_t i = static_cast<int64_t>(n);
    std::vector<Value> row = {
        Value::Bigint(i),
        Value::Boolean(i % 3 == 0),
        Value::Integer(static_cast<int32_t>(i * 37 % 1000 - 500)),
        Value::Decimal(i * 101 - 5000, 12, 2),
        Value::Double(i / 8.0 - 3),
        Value::Varchar(i % 5 == 0 ? "" : "note " + std::to_string(i % 77)),
        Value::Date(static_cast<int32_t>(20000 + i % 3)),
        Value::Timestamp(i * 1'000'001),
        i % 10 == 9 ? Value::Null(TypeId::kVarchar) : Value::Varchar(regions[i % 4])};
    for (size_t column = 1; column < row.size() - 3; ++column) {
      if ((i + static_cast<int64_t>(column)) % 13 == 0) row[column] = Value::Null(row[column].type());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}


// The rows of 'rows' matching all of 'predicates', evaluated row by row, sorted as text.
inline std::vector<std::string> Matching(const std::vector<std::vector<Value>>& rows,
                                  const std::vector<ScanPredicate>& predicates) {
  std::vector<std::vector<Value>> matching;
  for (const auto& row : rows) {
    bool keep = true;
    for (const auto& predicate : predicates) {
      const Value& value = row[predicate.column];
      if (predicate.op == ScanPredicateOp::kIsNull) {
        keep &= value.is_null();
        continue;
      }
      if (predicate.op == ScanPredicateOp::kIsNotNull || value.is_null()) {
        keep &= !value.is_null();
        continue;
      }
      bool any = false;
      for (const auto& constant : predicate.values) {
        int order = format::CompareValues(value, constant);
        switch (predicate.op) {
          case ScanPredicateOp::kLess: any |= order < 0; break;
          case ScanPredicateOp::kLessEqual: any |= order <= 0; break;
          case ScanPredicateOp::kGreater: any |= order > 0; break;
          case ScanPredicateOp::kGreaterEqual: any |= order >= 0; break;
          default: any |= order == 0; break;  // = and IN
        }
      }
      keep &= any;
    }
    if (keep) matching.push_back(row);
  }
  return SortedText(matching);
}

// 10 partitions by category; ids ascend, so file and row-group bounds are disjoint ranges.
struct CategoryTable {
  std::vector<ColumnDef> columns = {Column("id", TypeId::kBigint), Column("amount", TypeId::kDouble),
                                    Column("label", TypeId::kVarchar), Column("category", TypeId::kInteger)};
  TableInfo table = MakeTable({"category"});
  std::vector<std::vector<Value>> rows;
  std::vector<DataFile> files;

  void Write(storage::ObjectStore& store, size_t count, uint64_t row_group_size) {
    for (size_t n = 0; n < count; ++n) {
      int64_t i = static_cast<int64_t>(n);
      rows.push_back({Value::Bigint(i), Value::Double(static_cast<double>(i % 1000) / 4),
                      i % 17 == 0 ? Value::Null(TypeId::kVarchar) : Value::Varchar("label " + std::to_string(i % 50)),
                      Value::Integer(static_cast<int32_t>(i * 10 / static_cast<int64_t>(count)))});
    }
    TableWriterOptions options;
    options.row_group_size = row_group_size;
    TableWriter writer(store, table, columns, options);
    WriteRows(writer, columns, rows);
    files = writer.Finish();
  }
};


}  // namespace tarn::catalog::table_test
