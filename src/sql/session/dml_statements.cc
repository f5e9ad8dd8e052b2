// INSERT, UPDATE and DELETE on session and lake tables: bind a plan of the new rows
// (binder/bind_insert.cc, bind_update.cc, bind_delete.cc), run it, check the constraints, then
// publish the new snapshot through the TableStore. A failing statement changes nothing; one that
// lost a commit race to another writer runs again on the new snapshot.
#include <fmt/format.h>

#include <unordered_set>

#include "common/error.h"
#include "sql/session/statement_context.h"
#include "sql/session/table_access.h"

namespace tarn::sql {

namespace {

void CheckNotNull(const MaterializedTable& table, const std::vector<exec::DataChunk>& rows,
                  const QualifiedName& name) {
  for (size_t column = 0; column < table.not_null.size(); ++column) {
    if (!table.not_null[column]) continue;
    for (const auto& chunk : rows) {
      const exec::Vector& vector = chunk.column(column);
      for (size_t row = 0; row < chunk.size(); ++row) {
        if (vector.IsNull(chunk.RowIndex(row))) {
          throw Error(ErrorCode::kInvalidInput,
                      fmt::format("null value in column \"{}\" of relation \"{}\" violates "
                                  "not-null constraint",
                                  table.columns[column].name, name.name))
              .AtQueryOffset(name.query_offset);
        }
      }
    }
  }
}

// Checks PRIMARY KEY / UNIQUE over the rows of 'parts' together (rows with a NULL key part never
// clash, as in PostgreSQL).
void CheckUnique(const MaterializedTable& table,
                 const std::vector<const std::vector<exec::DataChunk>*>& parts,
                 const QualifiedName& name) {
  for (size_t key = 0; key < table.unique_keys.size(); ++key) {
    const std::vector<size_t>& columns = table.unique_keys[key];
    std::unordered_set<std::string> seen;
    for (const auto* chunks : parts) {
      for (const auto& chunk : *chunks) {
        for (size_t row = 0; row < chunk.size(); ++row) {
          std::string text;
          bool has_null = false;
          for (size_t column : columns) {
            exec::Value value = chunk.column(column).GetValue(chunk.RowIndex(row));
            has_null |= value.is_null();
            std::string part = value.ToString();
            text += std::to_string(part.size()) + ':' + part;
          }
          if (has_null || seen.insert(text).second) continue;
          std::string names, values;
          for (size_t i = 0; i < columns.size(); ++i) {
            names += (i > 0 ? ", " : "") + table.columns[columns[i]].name;
            values += (i > 0 ? ", " : "") +
                      chunk.column(columns[i]).GetValue(chunk.RowIndex(row)).ToString();
          }
          bool primary = key == 0;  // the primary key, when there is one, comes first
          for (size_t column : columns) primary &= table.not_null[column];
          std::string constraint = primary ? name.name + "_pkey"
                                           : name.name + "_" + table.columns[columns[0]].name + "_key";
          throw Error(ErrorCode::kInvalidInput,
                      fmt::format("duplicate key value violates unique constraint \"{}\": key "
                                  "({})=({}) already exists",
                                  constraint, names, values))
              .AtQueryOffset(name.query_offset);
        }
      }
    }
  }
}

uint64_t RowCount(const std::vector<exec::DataChunk>& chunks) {
  uint64_t rows = 0;
  for (const auto& chunk : chunks) rows += chunk.size();
  return rows;
}

// The rows of 'table' as they are: in memory, or read from its data files.
std::vector<exec::DataChunk> ExistingRows(StatementContext& context,
                                          const std::shared_ptr<const MaterializedTable>& table) {
  if (!table->open_scan) {
    std::vector<exec::DataChunk> rows;
    for (const auto& chunk : table->chunks) {
      exec::DataChunk copy;
      copy.Reference(chunk);
      rows.push_back(std::move(copy));
    }
    return rows;
  }
  auto get = std::make_unique<LogicalGet>();
  for (size_t i = 0; i < table->columns.size(); ++i) {
    get->column_ids.push_back(i);
    get->column_names.push_back(table->columns[i].name);
    get->types.push_back(table->columns[i].type);
  }
  get->source = table->open_scan();
  return context.Run(std::move(get));
}

}  // namespace

QueryResult RunInsert(StatementContext& context, const InsertStatement& insert) {
  return RetryOnConflict([&]() -> std::optional<QueryResult> {
    TargetTable target = FindTarget(context, insert.table, "insert into");
    // Without a column list every column is written (as PostgreSQL checks column privileges).
    std::vector<std::string> written = insert.columns;
    if (written.empty()) {
      for (const auto& column : target.table->columns) written.push_back(column.name);
    }
    CheckTableAccess(context, target, Privilege::kInsert, insert.table.query_offset, written);
    const auto& table = target.table;
    auto binder = context.MakeBinder();
    auto rows = context.Run(binder->BindInsert(insert, table, insert.table.name));
    CheckNotNull(*table, rows, insert.table);
    if (!table->unique_keys.empty()) {
      auto existing = ExistingRows(context, table);
      CheckUnique(*table, {&existing, &rows}, insert.table);
    }
    uint64_t count = RowCount(rows);
    if (count > 0 && !target.store->Append(target.key, *table, std::move(rows))) return std::nullopt;
    return StatusResult(fmt::format("INSERT {}", count), static_cast<int64_t>(count));
  });
}

QueryResult RunDelete(StatementContext& context, const DeleteStatement& statement) {
  return RetryOnConflict([&]() -> std::optional<QueryResult> {
    TargetTable target = FindTarget(context, statement.table, "delete from");
    CheckTableAccess(context, target, Privilege::kDelete, statement.table.query_offset);
    CheckUnrestrictedRead(context, target, "DELETE", statement.table.query_offset);
    const auto& table = target.table;
    auto binder = context.MakeBinder();
    auto kept = context.Run(binder->BindDelete(statement, table, statement.table.name));
    uint64_t count = table->row_count() - RowCount(kept);
    if (count > 0 && !target.store->Overwrite(target.key, *table, std::move(kept), "delete")) {
      return std::nullopt;
    }
    return StatusResult(fmt::format("DELETE {}", count), static_cast<int64_t>(count));
  });
}

QueryResult RunUpdate(StatementContext& context, const UpdateStatement& statement) {
  return RetryOnConflict([&]() -> std::optional<QueryResult> {
    TargetTable target = FindTarget(context, statement.table, "update");
    std::vector<std::string> set_columns;
    for (const auto& item : statement.set_items) set_columns.push_back(item.column);
    CheckTableAccess(context, target, Privilege::kUpdate, statement.table.query_offset,
                     set_columns);
    CheckUnrestrictedRead(context, target, "UPDATE", statement.table.query_offset);
    const auto& table = target.table;
    auto binder = context.MakeBinder();
    auto rows = context.Run(binder->BindUpdate(statement, table, statement.table.name));
    // Count the updated rows (last column) and drop that column.
    size_t width = table->columns.size();
    std::vector<LogicalType> types;
    for (const auto& column : table->columns) types.push_back(column.type);
    uint64_t count = 0;
    std::vector<exec::DataChunk> updated;
    for (auto& chunk : rows) {
      const exec::Vector& flags = chunk.column(width);
      for (size_t row = 0; row < chunk.size(); ++row) {
        exec::Value flag = flags.GetValue(chunk.RowIndex(row));
        count += !flag.is_null() && flag.boolean();
      }
      exec::DataChunk narrow(types);
      for (size_t column = 0; column < width; ++column) {
        narrow.column(column).Reference(chunk.column(column));
      }
      narrow.SetPhysicalSize(chunk.physical_size());
      if (chunk.selection() != nullptr) narrow.SetSelection(chunk.selection(), chunk.size());
      updated.push_back(std::move(narrow));
    }
    if (count == 0) return StatusResult("UPDATE 0", 0);
    CheckNotNull(*table, updated, statement.table);
    if (!table->unique_keys.empty()) CheckUnique(*table, {&updated}, statement.table);
    if (!target.store->Overwrite(target.key, *table, std::move(updated), "update")) {
      return std::nullopt;
    }
    return StatusResult(fmt::format("UPDATE {}", count), static_cast<int64_t>(count));
  });
}

}  // namespace tarn::sql
