// Internal to sql/session: what one statement runs with, and the handlers for each statement kind
// (session.cc dispatches; ddl_statements.cc, dml_statements.cc, prepared_statements.cc implement).
#pragma once

#include <map>
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

  // A binder over the catalog with this statement's parameters and subquery executor. The binder
  // borrows this context.
  std::unique_ptr<Binder> MakeBinder() const;
  // Optimizes, plans and runs 'logical'; returns its rows. With 'profile', collects per-operator
  // stats and renders the EXPLAIN ANALYZE text into it.
  std::vector<exec::DataChunk> Run(LogicalOperatorPtr logical, std::string* profile = nullptr) const;
};

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

}  // namespace tarn::sql
