// Internal to sql/session: what one statement runs with, and the handlers for each statement kind
// (session.cc dispatches; ddl_statements.cc, dml_statements.cc, prepared_statements.cc implement).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "common/memory.h"
#include "common/thread_pool.h"
#include "exec/vector/value.h"
#include "sql/binder/binder.h"
#include "sql/binder/catalog.h"
#include "sql/parser/ast.h"
#include "sql/session/session.h"
#include "sql/session/lake_tables.h"
#include "sql/session/table_store.h"

namespace tarn::sql {

// Borrowed pieces of the Session plus this statement's parameters. Not thread-safe.
struct StatementContext {
  ThreadPool& pool;
  MemoryTracker& memory;
  const SessionOptions& options;
  SessionCatalog& catalog;
  TableStore& store;
  std::map<std::string, std::shared_ptr<const PreparedStatement>>& prepared;
  const std::vector<exec::Value>& params;
  const std::vector<bool>& untyped;  // untyped[n - 1]: $n is untyped text (Binder::SetUntypedParameters)
  SubqueryExecutor subqueries;
  LakeTables* lake = nullptr;  // the session's lake tables; null when tables live in memory only

  // A binder over the catalog with this statement's parameters and subquery executor. The binder
  // borrows this context.
  std::unique_ptr<Binder> MakeBinder() const;
  // Optimizes, plans and runs 'logical'; returns its rows. With 'profile', collects per-operator
  // stats and renders the EXPLAIN ANALYZE text into it.
  std::vector<exec::DataChunk> Run(LogicalOperatorPtr logical, std::string* profile = nullptr) const;
};

// A named table a statement reads or changes: the store holding it, its name there and the
// snapshot read.
struct TargetTable {
  TableStore* store = nullptr;
  std::string key;
  std::shared_ptr<const MaterializedTable> table;
  bool in_lake = false;
};
// Resolves 'name' as an existing table: a session table (unqualified names first), else a lake
// table in the named or current database. Throws the PostgreSQL error naming 'name' at its offset
// when there is none ('verb', e.g. "insert into", is for the error about views).
TargetTable FindTarget(StatementContext& context, const QualifiedName& name, const char* verb);
// Whether FindTarget finds 'name'.
bool TableExists(StatementContext& context, const QualifiedName& name);
// Where CREATE TABLE 'name' goes: session memory for TEMP tables and sessions without a lake,
// else the lake. 'table' is left null.
TargetTable CreateTarget(StatementContext& context, const QualifiedName& name, bool temporary);
// Runs 'attempt' until it returns a result: nullopt means another writer committed first and the
// statement must run again on the new snapshot (after a short, growing pause). Throws
// Error(kConflict) after many lost races.
QueryResult RetryOnConflict(const std::function<std::optional<QueryResult>()>& attempt);

// Runs one statement (any kind); throws Error for failures.
QueryResult RunStatement(StatementContext& context, const Statement& statement);

// ddl_statements.cc
QueryResult RunCreateTable(StatementContext& context, const CreateTableStatement& statement);
QueryResult RunCreateView(StatementContext& context, const CreateViewStatement& statement);
QueryResult RunDrop(StatementContext& context, const DropStatement& statement);
// dml_statements.cc
QueryResult RunInsert(StatementContext& context, const InsertStatement& statement);
QueryResult RunUpdate(StatementContext& context, const UpdateStatement& statement);
QueryResult RunDelete(StatementContext& context, const DeleteStatement& statement);
// prepared_statements.cc
QueryResult RunPrepare(StatementContext& context, const PrepareStatement& statement);
QueryResult RunExecute(StatementContext& context, const ExecuteStatement& statement);
QueryResult RunDeallocate(StatementContext& context, const DeallocateStatement& statement);
// catalog_statements.cc
QueryResult RunShow(StatementContext& context, const ShowStatement& statement);
QueryResult RunDescribe(StatementContext& context, const DescribeStatement& statement);
QueryResult RunComment(StatementContext& context, const CommentStatement& statement);
QueryResult RunAlterTable(StatementContext& context, const AlterTableStatement& statement);
QueryResult RunUse(StatementContext& context, const UseStatement& statement);
QueryResult RunVacuum(StatementContext& context, const VacuumStatement& statement);
// authorization_statements.cc: GRANT, REVOKE, roles, row filters, SHOW GRANTS
QueryResult RunAuthorization(StatementContext& context, const AuthorizationStatement& statement);
// A prepared statement for 'statement' with the declared parameter types (may be empty). Throws
// Error(kNotSupported) for statements that cannot be prepared.
std::shared_ptr<const PreparedStatement> MakePrepared(std::shared_ptr<const Statement> statement,
                                                      std::vector<LogicalType> parameter_types);
// Runs 'prepared' (called 'name', "" from the API) with 'values'; 'offset' (or -1) is where errors
// about the values point. Checks the count and casts to declared types.
QueryResult RunPrepared(StatementContext& context, const PreparedStatement& prepared,
                        const std::string& name, std::vector<exec::Value> values,
                        std::vector<bool> untyped, int64_t offset);
// Counts the parameters $1.. a statement's text uses (the highest $n, or the number of '?').
size_t CountParameters(const std::string& sql);

// A result without rows: a status tag such as "CREATE TABLE", and the affected rows for DML.
QueryResult StatusResult(std::string status, int64_t affected_rows = -1);
// Compact chunks holding 'rows' (each one value per column, of the column's type in 'types').
std::vector<exec::DataChunk> ChunksOf(const std::vector<LogicalType>& types,
                                      const std::vector<std::vector<exec::Value>>& rows);
// A result of rows of constant values ('rows'[i] has one value per column, typed as 'types').
QueryResult RowsResult(std::vector<std::string> names, std::vector<LogicalType> types,
                       const std::vector<std::vector<exec::Value>>& rows);

}  // namespace tarn::sql
