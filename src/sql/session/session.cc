#include "sql/session/session.h"

#include <unistd.h>

#include <fmt/format.h>

#include <chrono>

#include "common/error.h"
#include "common/memory.h"
#include "common/read_counter.h"
#include "common/thread_pool.h"
#include "exec/pipeline/executor.h"
#include "sql/binder/binder.h"
#include "sql/binder/catalog.h"
#include "sql/session/statement_context.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/parser.h"
#include "sql/planner/explain.h"
#include "sql/planner/physical_planner.h"
#include "sql/session/copy_statement.h"

namespace tarn::sql {

namespace {

uint64_t DefaultMemoryLimit() {
  long pages = sysconf(_SC_PHYS_PAGES);
  long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) / 10 * 8;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A one-column VARCHAR result, one row per line of 'text'.
QueryResult TextResult(const std::string& column, const std::string& text) {
  QueryResult result;
  result.column_names = {column};
  result.column_types = {TypeId::kVarchar};
  exec::DataChunk chunk({TypeId::kVarchar});
  size_t rows = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (rows == exec::kVectorSize) {
      chunk.SetPhysicalSize(rows);
      result.chunks.push_back(std::move(chunk));
      chunk = exec::DataChunk({TypeId::kVarchar});
      rows = 0;
    }
    chunk.column(0).SetValue(rows++, exec::Value::Varchar(text.substr(start, end - start)));
    start = end + 1;
  }
  chunk.SetPhysicalSize(rows);
  if (rows > 0) result.chunks.push_back(std::move(chunk));
  return result;
}

// Resolves the front end's table functions (SessionOptions::table_functions), then the lake's.
class FrontEndTableFunctions final : public TableResolver {
 public:
  FrontEndTableFunctions(const SessionOptions& options, const SessionCatalog& catalog,
                         TableResolver* lake)
      : options_(options), catalog_(catalog), lake_(lake) {}

  std::shared_ptr<const MaterializedTable> FindTable(const QualifiedName& name,
                                                     const TableVersion& version) override {
    return lake_ != nullptr ? lake_->FindTable(name, version) : nullptr;
  }
  std::shared_ptr<const MaterializedTable> CallTableFunction(
      const std::string& name, const std::vector<exec::Value>& arguments) override {
    if (std::optional<QueryResult> rows = options_.table_functions(name, arguments, catalog_.access)) {
      auto table = std::make_shared<MaterializedTable>();
      for (size_t i = 0; i < rows->column_names.size(); ++i) {
        table->columns.push_back({rows->column_names[i], rows->column_types[i]});
      }
      table->chunks = std::move(rows->chunks);
      return table;
    }
    return lake_ != nullptr ? lake_->CallTableFunction(name, arguments) : nullptr;
  }

 private:
  const SessionOptions& options_;
  const SessionCatalog& catalog_;
  TableResolver* lake_;
};

}  // namespace

struct Session::State {
  explicit State(const SessionOptions& options)
      : pool(options.threads),
        memory(options.memory_limit != 0 ? options.memory_limit : DefaultMemoryLimit()) {
    if (options.secret_lookup) {
      // Counts secret() calls bound, so a failed statement knows whether it read a secret.
      catalog.secret_lookup = [this, lookup = options.secret_lookup](const std::string& name) {
        ++secret_lookups;
        return lookup(name);
      };
    }
    catalog.allow_file_access = options.allow_file_access;
    catalog.access = options.access.get();
    if (options.lake) {
      lake = std::make_unique<LakeTables>(*options.lake);
      lake->SetSessionCatalog(&catalog);
      catalog.resolver = lake.get();
    }
    if (options.table_functions) {
      front_end = std::make_unique<FrontEndTableFunctions>(options, catalog, catalog.resolver);
      catalog.resolver = front_end.get();
    }
  }

  ThreadPool pool;
  MemoryTracker memory;
  SessionCatalog catalog;
  MemoryTableStore store{catalog};
  std::unique_ptr<LakeTables> lake;  // null when tables live in memory only
  std::unique_ptr<FrontEndTableFunctions> front_end;  // SessionOptions::table_functions
  std::map<std::string, std::shared_ptr<const PreparedStatement>> prepared;
  uint64_t secret_lookups = 0;  // secret() calls bound so far
};

size_t QueryResult::row_count() const {
  size_t rows = 0;
  for (const auto& chunk : chunks) rows += chunk.size();
  return rows;
}

exec::Value QueryResult::GetValue(size_t column, size_t row) const {
  for (const auto& chunk : chunks) {
    if (row < chunk.size()) return chunk.column(column).GetValue(chunk.RowIndex(row));
    row -= chunk.size();
  }
  TARN_CHECK(false);
  return {};
}

QueryResult StatusResult(std::string status, int64_t affected_rows) {
  QueryResult result;
  result.status = std::move(status);
  result.affected_rows = affected_rows;
  return result;
}

std::vector<exec::DataChunk> ChunksOf(const std::vector<LogicalType>& types,
                                      const std::vector<std::vector<exec::Value>>& rows) {
  std::vector<exec::DataChunk> chunks;
  size_t row = 0;
  while (row < rows.size()) {
    exec::DataChunk chunk(types);
    size_t count = std::min(rows.size() - row, exec::kVectorSize);
    for (size_t i = 0; i < count; ++i) {
      for (size_t column = 0; column < types.size(); ++column) {
        chunk.column(column).SetValue(i, rows[row + i][column]);
      }
    }
    chunk.SetPhysicalSize(count);
    chunks.push_back(std::move(chunk));
    row += count;
  }
  return chunks;
}

QueryResult RowsResult(std::vector<std::string> names, std::vector<LogicalType> types,
                       const std::vector<std::vector<exec::Value>>& rows) {
  QueryResult result;
  result.chunks = ChunksOf(types, rows);
  result.column_names = std::move(names);
  result.column_types = std::move(types);
  return result;
}

std::unique_ptr<Binder> StatementContext::MakeBinder() const {
  auto binder = std::make_unique<Binder>(catalog, params);
  binder->SetSubqueryExecutor(&subqueries);
  binder->SetUntypedParameters(&untyped);
  return binder;
}

std::vector<exec::DataChunk> StatementContext::Run(LogicalOperatorPtr logical,
                                                   std::string* profile) const {
  LogicalOperatorPtr optimized = Optimize(std::move(logical));
  auto physical = PhysicalPlanner().Plan(*optimized);
  exec::ExecutionContext execution(pool, memory);
  execution.threads = options.threads;
  execution.progress = options.progress;
  execution.cancel_request = options.cancel_request;
  execution.collect_stats = profile != nullptr;
  exec::Executor executor(execution);
  auto chunks = executor.Execute(*physical);
  if (profile != nullptr) *profile = executor.RenderProfile(*physical);
  return chunks;
}

namespace {

QueryResult RunQuery(StatementContext& context, const QueryNode& node, std::string* profile) {
  BoundQuery bound = context.MakeBinder()->BindQuery(node);
  QueryResult result;
  result.chunks = context.Run(std::move(bound.plan), profile);
  result.column_names = std::move(bound.names);
  result.column_types = std::move(bound.types);
  return result;
}

QueryResult RunExplain(StatementContext& context, const ExplainStatement& explain) {
  if (explain.statement->kind != StatementKind::kSelect) {
    throw Error(ErrorCode::kNotSupported, "not supported: EXPLAIN of this statement")
        .AtQueryOffset(explain.statement->query_offset);
  }
  const QueryNode& node = *static_cast<const SelectStatement&>(*explain.statement).node;
  // Row counts of a plan that reads a table under a row filter count the rows the filter hides:
  // estimates are left out, and EXPLAIN ANALYZE (actual counts per operator) is refused.
  int64_t filtered_before = context.catalog.filtered_reads;
  if (explain.analyze) {
    std::string profile;
    RunQuery(context, node, &profile);
    if (context.catalog.filtered_reads != filtered_before) {
      throw Error(ErrorCode::kPermissionDenied,
                  "permission denied: EXPLAIN ANALYZE of a table read under a row filter (its "
                  "row counts include hidden rows; use EXPLAIN)")
          .AtQueryOffset(explain.query_offset);
    }
    return TextResult("explain", profile);
  }
  BoundQuery bound = context.MakeBinder()->BindQuery(node);
  bool estimates = context.catalog.filtered_reads == filtered_before;
  LogicalOperatorPtr logical = Optimize(std::move(bound.plan));
  return TextResult("explain", RenderPhysicalPlan(*PhysicalPlanner().Plan(*logical), estimates));
}

}  // namespace

QueryResult RunStatement(StatementContext& context, const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kSelect:
      return RunQuery(context, *static_cast<const SelectStatement&>(statement).node, nullptr);
    case StatementKind::kExplain:
      return RunExplain(context, static_cast<const ExplainStatement&>(statement));
    case StatementKind::kCreateTable:
      return RunCreateTable(context, static_cast<const CreateTableStatement&>(statement));
    case StatementKind::kCreateView:
      return RunCreateView(context, static_cast<const CreateViewStatement&>(statement));
    case StatementKind::kDrop:
      return RunDrop(context, static_cast<const DropStatement&>(statement));
    case StatementKind::kInsert:
      return RunInsert(context, static_cast<const InsertStatement&>(statement));
    case StatementKind::kUpdate:
      return RunUpdate(context, static_cast<const UpdateStatement&>(statement));
    case StatementKind::kDelete:
      return RunDelete(context, static_cast<const DeleteStatement&>(statement));
    case StatementKind::kPrepare:
      return RunPrepare(context, static_cast<const PrepareStatement&>(statement));
    case StatementKind::kExecute:
      return RunExecute(context, static_cast<const ExecuteStatement&>(statement));
    case StatementKind::kCopy:
      if (!context.options.allow_file_access) {
        throw Error(ErrorCode::kPermissionDenied,
                    "permission denied: COPY writes files, which is not allowed in this session")
            .AtQueryOffset(statement.query_offset);
      }
      return ExecuteCopyTo(static_cast<const CopyStatement&>(statement),
                           [&](const QueryNode& node) { return RunQuery(context, node, nullptr); });
    case StatementKind::kDeallocate:
      return RunDeallocate(context, static_cast<const DeallocateStatement&>(statement));
    case StatementKind::kShow:
      return RunShow(context, static_cast<const ShowStatement&>(statement));
    case StatementKind::kDescribe:
      return RunDescribe(context, static_cast<const DescribeStatement&>(statement));
    case StatementKind::kComment:
      return RunComment(context, static_cast<const CommentStatement&>(statement));
    case StatementKind::kAlterTable:
      return RunAlterTable(context, static_cast<const AlterTableStatement&>(statement));
    case StatementKind::kUse:
      return RunUse(context, static_cast<const UseStatement&>(statement));
    case StatementKind::kVacuum:
      return RunVacuum(context, static_cast<const VacuumStatement&>(statement));
    case StatementKind::kAuthorization:
      return RunAuthorization(context, static_cast<const AuthorizationStatement&>(statement));
    default: {
      std::string text = statement.ToString();
      size_t space = text.find(' ');
      throw Error(ErrorCode::kNotSupported,
                  "not supported: " + (space == std::string::npos ? text : text.substr(0, space)) +
                      " statements")
          .AtQueryOffset(statement.query_offset);
    }
  }
}

PreparedStatement::PreparedStatement(std::shared_ptr<const Statement> statement,
                                     size_t parameter_count,
                                     std::vector<LogicalType> parameter_types)
    : statement_(std::move(statement)),
      parameter_count_(parameter_count),
      parameter_types_(std::move(parameter_types)) {}

Session::Session(SessionOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>(options_)) {}

Session::~Session() = default;

QueryResult Session::Query(const std::string& sql, const std::vector<exec::Value>& params) {
  auto results = Execute(sql, params);
  if (results.empty()) return {};
  return std::move(results.back());
}

namespace {

void InstallSubqueryExecutor(StatementContext& context) {
  context.subqueries = [&context](LogicalOperatorPtr plan) {
    auto physical = PhysicalPlanner().Plan(*plan);
    exec::ExecutionContext execution(context.pool, context.memory);
    execution.threads = context.options.threads;
    execution.cancel_request = context.options.cancel_request;
    exec::Executor executor(execution);
    return executor.Execute(*physical);
  };
}

// Whether messages of errors with 'code' may quote a value the statement computed.
bool MayQuoteValues(ErrorCode code) {
  switch (code) {
    case ErrorCode::kSyntaxError:
    case ErrorCode::kBinderError:
    case ErrorCode::kTypeMismatch:
    case ErrorCode::kNotSupported:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kNotFound:
    case ErrorCode::kIoError:
    case ErrorCode::kOutOfMemory:
    case ErrorCode::kInterrupted: return false;
    default: return true;
  }
}

// 'error' as front ends may show it, or nullopt when it can be shown as is. An operator may quote
// the value it failed on: bound secret values (secret(), masking keys) are replaced by "<secret>",
// and when the statement called secret() ('used_secret'), a message that may quote a value is
// withheld — a value computed from the secret (upper(secret('k')) through a subquery, say) could
// be in it, and casts and functions over secret() values already answer generically
// (exec/expression/expression_executor.cc).
std::optional<Error> WithoutSecrets(const Error& error, const std::vector<std::string>& secrets,
                                    bool used_secret) {
  if (used_secret && MayQuoteValues(error.code()) &&
      error.message().find("derived from a secret (value not shown)") == std::string::npos) {
    Error withheld(error.code(),
                   "a statement that calls secret() failed (message withheld: it may quote a "
                   "value computed from the secret)");
    withheld.At(error.location());
    return withheld;
  }
  std::string message = error.message();
  for (const std::string& value : secrets) {
    for (size_t at = message.find(value); at != std::string::npos; at = message.find(value, at)) {
      message.replace(at, value.size(), "<secret>");
      at += std::string_view("<secret>").size();
    }
  }
  if (message == error.message()) return std::nullopt;
  Error scrubbed(error.code(), std::move(message));
  scrubbed.At(error.location());
  return scrubbed;
}

std::vector<bool> UntypedFlags(const std::vector<exec::Value>& params, ParameterTyping typing) {
  std::vector<bool> untyped(params.size(), false);
  if (typing == ParameterTyping::kText) {
    for (size_t i = 0; i < params.size(); ++i) {
      untyped[i] = !params[i].is_null() && params[i].type().id() == TypeId::kVarchar;
    }
  }
  return untyped;
}

}  // namespace

std::vector<QueryResult> Session::Execute(const std::string& sql,
                                          const std::vector<exec::Value>& params,
                                          ParameterTyping typing) {
  std::vector<QueryResult> results;
  auto statements = ParseStatements(sql);
  std::vector<bool> untyped = UntypedFlags(params, typing);
  StatementContext context{state_->pool, state_->memory, options_,  state_->catalog,
                           state_->store, state_->prepared, params, untyped, {}};
  context.lake = state_->lake.get();
  InstallSubqueryExecutor(context);
  for (const auto& statement : statements) {
    auto start = std::chrono::steady_clock::now();
    std::atomic<uint64_t> bytes_read{0};
    ScopedReadCounter counting(&bytes_read);
    QueryResult result;
    uint64_t secret_lookups = state_->secret_lookups;
    try {
      result = RunStatement(context, *statement);
    } catch (const Error& error) {
      std::optional<Error> scrubbed = WithoutSecrets(error, state_->catalog.bound_secrets,
                                                     state_->secret_lookups != secret_lookups);
      const Error& reported = scrubbed ? *scrubbed : error;
      if (options_.on_statement) {
        options_.on_statement(*statement, nullptr, &reported, state_->catalog.access);
      }
      if (scrubbed) throw *scrubbed;
      throw;
    }
    result.elapsed_seconds = SecondsSince(start);
    result.bytes_scanned = bytes_read.load();
    if (options_.on_statement) {
      options_.on_statement(*statement, &result, nullptr, state_->catalog.access);
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::shared_ptr<const PreparedStatement> Session::Prepare(const std::string& sql) {
  auto statements = ParseStatements(sql);
  if (statements.size() != 1) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("cannot prepare {} statements at once (expected one)",
                            statements.size()));
  }
  std::shared_ptr<const Statement> statement = std::move(statements[0]);
  return MakePrepared(statement, {});
}

QueryResult Session::ExecutePrepared(const PreparedStatement& prepared,
                                     const std::vector<exec::Value>& params,
                                     ParameterTyping typing) {
  std::vector<exec::Value> no_values;
  std::vector<bool> no_flags;
  StatementContext context{state_->pool, state_->memory, options_,  state_->catalog,
                           state_->store, state_->prepared, no_values, no_flags, {}};
  context.lake = state_->lake.get();
  InstallSubqueryExecutor(context);
  auto start = std::chrono::steady_clock::now();
  std::atomic<uint64_t> bytes_read{0};
  ScopedReadCounter counting(&bytes_read);
  QueryResult result;
  uint64_t secret_lookups = state_->secret_lookups;
  try {
    result = RunPrepared(context, prepared, "", params, UntypedFlags(params, typing), -1);
  } catch (const Error& error) {
    std::optional<Error> scrubbed = WithoutSecrets(error, state_->catalog.bound_secrets,
                                                   state_->secret_lookups != secret_lookups);
    if (scrubbed) throw *scrubbed;
    throw;
  }
  result.elapsed_seconds = SecondsSince(start);
  result.bytes_scanned = bytes_read.load();
  return result;
}

}  // namespace tarn::sql
