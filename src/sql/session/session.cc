#include "sql/session/session.h"

#include <unistd.h>

#include <chrono>

#include "common/error.h"
#include "common/memory.h"
#include "common/thread_pool.h"
#include "exec/pipeline/executor.h"
#include "sql/binder/binder.h"
#include "sql/binder/catalog.h"
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

std::string LowerName(const QualifiedName& name) { return name.name; }

}  // namespace

struct Session::State {
  explicit State(const SessionOptions& options)
      : pool(options.threads),
        memory(options.memory_limit != 0 ? options.memory_limit : DefaultMemoryLimit()) {}

  ThreadPool pool;
  MemoryTracker memory;
  SessionCatalog catalog;
};

// A bound, optimized and physically planned query.
struct PlannedQuery {
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  exec::PhysicalOperatorPtr plan;
};

namespace {

PlannedQuery PlanQuery(const SessionCatalog& catalog, const QueryNode& node,
                       const std::vector<exec::Value>& params,
                       const SubqueryExecutor* subqueries) {
  Binder binder(catalog, params);
  binder.SetSubqueryExecutor(subqueries);
  BoundQuery bound = binder.BindQuery(node);
  LogicalOperatorPtr logical = Optimize(std::move(bound.plan));
  PlannedQuery planned;
  planned.names = std::move(bound.names);
  planned.types = std::move(bound.types);
  planned.plan = PhysicalPlanner().Plan(*logical);
  return planned;
}

}  // namespace

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

Session::Session(SessionOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>(options_)) {}

Session::~Session() = default;

QueryResult Session::Query(const std::string& sql, const std::vector<exec::Value>& params) {
  auto results = Execute(sql, params);
  if (results.empty()) return {};
  return std::move(results.back());
}

std::vector<QueryResult> Session::Execute(const std::string& sql,
                                          const std::vector<exec::Value>& params) {
  std::vector<QueryResult> results;
  auto statements = ParseStatements(sql);
  SubqueryExecutor subqueries = [this](LogicalOperatorPtr plan) {
    auto physical = PhysicalPlanner().Plan(*plan);
    exec::ExecutionContext context(state_->pool, state_->memory);
    context.threads = options_.threads;
    exec::Executor executor(context);
    return executor.Execute(*physical);
  };
  for (const auto& statement : statements) {
    auto start = std::chrono::steady_clock::now();
    QueryResult result;
    auto run = [&](const QueryNode& node, bool collect_stats, std::string* profile) {
      PlannedQuery planned = PlanQuery(state_->catalog, node, params, &subqueries);
      exec::ExecutionContext context(state_->pool, state_->memory);
      context.threads = options_.threads;
      context.progress = options_.progress;
      context.collect_stats = collect_stats;
      exec::Executor executor(context);
      QueryResult out;
      out.chunks = executor.Execute(*planned.plan);
      out.column_names = std::move(planned.names);
      out.column_types = std::move(planned.types);
      if (profile != nullptr) *profile = executor.RenderProfile(*planned.plan);
      return out;
    };
    switch (statement->kind) {
      case StatementKind::kSelect:
        result = run(*static_cast<const SelectStatement&>(*statement).node, false, nullptr);
        break;
      case StatementKind::kExplain: {
        const auto& explain = static_cast<const ExplainStatement&>(*statement);
        if (explain.statement->kind != StatementKind::kSelect) {
          throw Error(ErrorCode::kNotSupported, "not supported: EXPLAIN of this statement")
              .AtQueryOffset(explain.statement->query_offset);
        }
        const QueryNode& node = *static_cast<const SelectStatement&>(*explain.statement).node;
        if (explain.analyze) {
          std::string profile;
          run(node, true, &profile);
          result = TextResult("explain", profile);
        } else {
          PlannedQuery planned = PlanQuery(state_->catalog, node, params, &subqueries);
          result = TextResult("explain", RenderPhysicalPlan(*planned.plan));
        }
        break;
      }
      case StatementKind::kCreateTable: {
        const auto& create = static_cast<const CreateTableStatement&>(*statement);
        std::string name = LowerName(create.name);
        bool exists = state_->catalog.tables.count(name) > 0 || state_->catalog.views.count(name) > 0;
        if (exists && create.if_not_exists) {
          result.status = "CREATE TABLE";
          break;
        }
        if (exists && !create.or_replace) {
          throw Error(ErrorCode::kConflict, "table \"" + name + "\" already exists")
              .AtQueryOffset(create.name.query_offset);
        }
        auto table = std::make_shared<MaterializedTable>();
        if (create.as_query != nullptr) {
          QueryResult rows = run(*create.as_query, false, nullptr);
          for (size_t i = 0; i < rows.column_names.size(); ++i) {
            table->columns.push_back({rows.column_names[i], rows.column_types[i]});
          }
          table->chunks = std::move(rows.chunks);
        } else {
          for (const auto& column : create.columns) {
            LogicalType type = ParseLogicalType(column.type.ToString());
            if (type.id() == TypeId::kInvalid) {
              throw Error(ErrorCode::kBinderError,
                          "type \"" + column.type.ToString() + "\" does not exist")
                  .AtQueryOffset(column.type.query_offset);
            }
            table->columns.push_back({column.name, type});
          }
        }
        state_->catalog.views.erase(name);
        state_->catalog.tables[name] = std::move(table);
        result.status = "CREATE TABLE";
        break;
      }
      case StatementKind::kInsert: {
        const auto& insert = static_cast<const InsertStatement&>(*statement);
        std::string name = LowerName(insert.table);
        auto entry = state_->catalog.tables.find(name);
        if (entry == state_->catalog.tables.end()) {
          throw Error(ErrorCode::kBinderError, "table \"" + name + "\" does not exist")
              .AtQueryOffset(insert.table.query_offset);
        }
        if (insert.query == nullptr || !insert.columns.empty()) {
          throw Error(ErrorCode::kNotSupported,
                      "not supported: INSERT with a column list or DEFAULT VALUES")
              .AtQueryOffset(insert.query_offset);
        }
        const MaterializedTable& table = *entry->second;
        // INSERT INTO t <query> = run SELECT casts FROM (<query>).
        Binder binder(state_->catalog, params);
        binder.SetSubqueryExecutor(&subqueries);
        BoundQuery bound = binder.BindQuery(*insert.query);
        if (bound.types.size() != table.columns.size()) {
          throw Error(ErrorCode::kBinderError,
                      "INSERT has " + std::to_string(bound.types.size()) +
                          " expressions but table \"" + name + "\" has " +
                          std::to_string(table.columns.size()) + " columns")
              .AtQueryOffset(insert.query->query_offset);
        }
        auto projection = std::make_unique<LogicalProjection>();
        for (size_t i = 0; i < bound.types.size(); ++i) {
          projection->expressions.push_back(
              Binder::AddCast(MakeColumnRef(i, bound.types[i]), table.columns[i].type));
          projection->types.push_back(table.columns[i].type);
        }
        projection->children.push_back(std::move(bound.plan));
        LogicalOperatorPtr logical = Optimize(std::move(projection));
        auto physical = PhysicalPlanner().Plan(*logical);
        exec::ExecutionContext context(state_->pool, state_->memory);
        context.threads = options_.threads;
        exec::Executor executor(context);
        auto chunks = executor.Execute(*physical);
        auto updated = std::make_shared<MaterializedTable>();
        updated->columns = table.columns;
        for (const auto& chunk : table.chunks) {
          exec::DataChunk copy;
          copy.Reference(chunk);
          updated->chunks.push_back(std::move(copy));
        }
        size_t rows = 0;
        for (auto& chunk : chunks) {
          rows += chunk.size();
          updated->chunks.push_back(std::move(chunk));
        }
        entry->second = std::move(updated);  // running queries keep the old snapshot
        result.status = "INSERT " + std::to_string(rows);
        break;
      }
      case StatementKind::kCreateView: {
        const auto& create = static_cast<const CreateViewStatement&>(*statement);
        std::string name = LowerName(create.name);
        bool exists = state_->catalog.tables.count(name) > 0 || state_->catalog.views.count(name) > 0;
        if (exists && create.if_not_exists) {
          result.status = "CREATE VIEW";
          break;
        }
        if (exists && !create.or_replace) {
          throw Error(ErrorCode::kConflict, "view \"" + name + "\" already exists")
              .AtQueryOffset(create.name.query_offset);
        }
        Binder view_binder(state_->catalog, params);
        view_binder.SetSubqueryExecutor(&subqueries);
        view_binder.BindQuery(*create.query);  // reject broken views now
        auto view = std::make_shared<ViewEntry>();
        view->column_names = create.column_names;
        view->query = create.query->Copy();
        view->query_text = create.query_text;
        state_->catalog.tables.erase(name);
        state_->catalog.views[name] = std::move(view);
        result.status = "CREATE VIEW";
        break;
      }
      case StatementKind::kCopy:
        result = ExecuteCopyTo(static_cast<const CopyStatement&>(*statement),
                               [&](const QueryNode& node) { return run(node, false, nullptr); });
        break;
      case StatementKind::kDrop: {
        const auto& drop = static_cast<const DropStatement&>(*statement);
        if (drop.object_kind != ObjectKind::kTable && drop.object_kind != ObjectKind::kView) {
          throw Error(ErrorCode::kNotSupported, "not supported: DROP of this object")
              .AtQueryOffset(drop.query_offset);
        }
        bool is_table = drop.object_kind == ObjectKind::kTable;
        for (const auto& qualified : drop.names) {
          std::string name = LowerName(qualified);
          size_t erased = is_table ? state_->catalog.tables.erase(name)
                                   : state_->catalog.views.erase(name);
          if (erased == 0 && !drop.if_exists) {
            throw Error(ErrorCode::kBinderError, std::string(is_table ? "table" : "view") + " \"" +
                                                     name + "\" does not exist")
                .AtQueryOffset(qualified.query_offset);
          }
        }
        result.status = is_table ? "DROP TABLE" : "DROP VIEW";
        break;
      }
      default: {
        std::string text = statement->ToString();
        size_t space = text.find(' ');
        throw Error(ErrorCode::kNotSupported,
                    "not supported: " + (space == std::string::npos ? text : text.substr(0, space)) +
                        " statements")
            .AtQueryOffset(statement->query_offset);
      }
    }
    result.elapsed_seconds = SecondsSince(start);
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace tarn::sql
