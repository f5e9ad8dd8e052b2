// Binding of FROM items: tables and views of the session catalog, CTEs, files ('seed.csv'), table
// functions (read_csv(...)), subqueries and joins (ON / USING / NATURAL).
#include <fmt/format.h>

#include "common/error.h"
#include "format/format_registry.h"
#include "sql/binder/binder.h"
#include "sql/binder/decorrelate.h"
#include "sql/optimizer/optimizer.h"

namespace tarn::sql {

namespace {

constexpr int kMaxViewDepth = 32;

// "data/seed.csv.gz" -> "seed".
std::string FileStem(const std::string& path) {
  size_t slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = name.find('.');
  return dot == std::string::npos ? name : name.substr(0, dot);
}

std::unique_ptr<LogicalGet> MakeGet(std::shared_ptr<format::ScanSource> source) {
  auto get = std::make_unique<LogicalGet>();
  const auto& schema = source->schema();
  for (size_t i = 0; i < schema.size(); ++i) {
    get->column_ids.push_back(i);
    get->column_names.push_back(schema[i].name);
    get->types.push_back(schema[i].type);
  }
  get->source = std::move(source);
  return get;
}

}  // namespace

void Binder::AdoptCorrelated(const Binder& child, LogicalOperator& plan, int64_t offset) {
  if (child.correlated_.empty()) return;
  std::vector<size_t> mapping;
  for (const CorrelatedColumn& column : child.correlated_) {
    if (column.from_parent_scope) {
      throw Error(ErrorCode::kNotSupported, "not supported: LATERAL subqueries")
          .AtQueryOffset(offset);
    }
    mapping.push_back(column.parent_correlated);
  }
  RenumberCorrelated(plan, mapping);
}

Binder::FromResult Binder::FromBoundQuery(BoundQuery query, const std::string& alias,
                                          const std::vector<std::string>& column_aliases,
                                          int64_t offset) {
  if (column_aliases.size() > query.names.size()) {
    throw Error(ErrorCode::kBinderError,
                fmt::format("table \"{}\" has {} columns available but {} columns specified",
                            alias, query.names.size(), column_aliases.size()))
        .AtQueryOffset(offset);
  }
  FromResult result;
  for (size_t i = 0; i < query.names.size(); ++i) {
    std::string name = i < column_aliases.size() ? column_aliases[i] : query.names[i];
    result.scope.Add(ScopeColumn{alias, name, query.types[i], i, false});
  }
  result.plan = std::move(query.plan);
  return result;
}

Binder::FromResult Binder::BindTableRef(const TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kBaseTable:
      return BindBaseTable(ref);
    case TableRefKind::kFile:
      return BindFile(ref);
    case TableRefKind::kTableFunction:
      return BindTableFunction(ref);
    case TableRefKind::kSubquery:
      return BindSubqueryRef(ref);
    case TableRefKind::kJoin:
      return BindJoin(ref);
  }
  TARN_CHECK(false);
  return {};
}

LogicalOperatorPtr Binder::MakeTableScan(std::shared_ptr<const MaterializedTable> table,
                                         int64_t offset) {
  auto get = std::make_unique<LogicalGet>();
  for (size_t i = 0; i < table->columns.size(); ++i) {
    get->column_ids.push_back(i);
    get->column_names.push_back(table->columns[i].name);
    get->types.push_back(table->columns[i].type);
  }
  if (table->open_scan) {
    try {
      get->source = table->open_scan();  // a lake table: a fresh scan of its data files
    } catch (Error& error) {
      if (error.location().empty()) throw std::move(error).AtQueryOffset(offset);
      throw;
    }
    get->reopen = [table] { return table->open_scan(); };
  } else {
    get->table = std::move(table);
  }
  return get;
}

Binder::FromResult Binder::FromTable(std::shared_ptr<const MaterializedTable> table,
                                     const TableRef& ref, const std::string& alias) {
  BoundQuery query;
  query.plan = MakeTableScan(std::move(table), ref.query_offset);
  query.names = static_cast<const LogicalGet&>(*query.plan).column_names;
  query.types = query.plan->types;
  return FromBoundQuery(std::move(query), alias, ref.column_aliases, ref.query_offset);
}

TableVersion Binder::BindTableVersion(const TableRef& ref) {
  TableVersion version;
  if (ref.as_of_kind == AsOfKind::kNone) return version;
  const ParsedExpression& expression = *ref.as_of;
  auto bound = BindStandalone(expression);
  if (ref.as_of_kind == AsOfKind::kVersion) {
    TypeId type = bound->type.id();
    if (type != TypeId::kInteger && type != TypeId::kBigint && type != TypeId::kNull) {
      throw Error(ErrorCode::kTypeMismatch,
                  "FOR VERSION AS OF needs an integer version, not type " + bound->type.ToString())
          .AtQueryOffset(expression.query_offset);
    }
    exec::Value value = EvaluateConstant(*AddCast(std::move(bound), TypeId::kBigint));
    if (value.is_null()) {
      throw Error(ErrorCode::kInvalidArgument, "FOR VERSION AS OF needs a version, not NULL")
          .AtQueryOffset(expression.query_offset);
    }
    version.version = value.integer();
    return version;
  }
  TypeId type = bound->type.id();
  if (type != TypeId::kTimestamp && type != TypeId::kDate && type != TypeId::kVarchar &&
      type != TypeId::kNull) {
    throw Error(ErrorCode::kTypeMismatch,
                "FOR TIMESTAMP AS OF needs a timestamp, not type " + bound->type.ToString())
        .AtQueryOffset(expression.query_offset);
  }
  exec::Value value = EvaluateConstant(*AddCast(std::move(bound), TypeId::kTimestamp));
  if (value.is_null()) {
    throw Error(ErrorCode::kInvalidArgument, "FOR TIMESTAMP AS OF needs a timestamp, not NULL")
        .AtQueryOffset(expression.query_offset);
  }
  version.as_of_unix_micros = value.integer();  // timestamps without a zone are UTC
  return version;
}

Binder::FromResult Binder::BindBaseTable(const TableRef& ref) {
  const std::string& name = ref.name.name;
  std::string alias = ref.alias.empty() ? name : ref.alias;
  bool unqualified = ref.name.schema.empty() && ref.name.catalog.empty();
  bool time_travel = ref.as_of_kind != AsOfKind::kNone;
  auto no_versions = [&](const char* what) {
    throw Error(ErrorCode::kNotSupported,
                fmt::format("not supported: time travel on {} \"{}\" (only lake tables have "
                            "versions)",
                            what, name))
        .AtQueryOffset(ref.as_of->query_offset);
  };
  if (unqualified) {
    auto cte = ctes_.find(name);
    if (cte != ctes_.end()) {
      if (time_travel) no_versions("common table expression");
      Binder child(catalog_, parameters_, this);
      child.ctes_.erase(name);  // a CTE does not see itself (no WITH RECURSIVE)
      BoundQuery query = child.BindQuery(*cte->second->query);
      AdoptCorrelated(child, *query.plan, ref.query_offset);
      std::vector<std::string> aliases = cte->second->column_names;
      for (size_t i = 0; i < ref.column_aliases.size(); ++i) {
        if (i < aliases.size()) aliases[i] = ref.column_aliases[i]; else aliases.push_back(ref.column_aliases[i]);
      }
      return FromBoundQuery(std::move(query), alias, aliases, ref.query_offset);
    }
  }
  if (!ref.name.catalog.empty()) {
    throw Error(ErrorCode::kBinderError, "table \"" + ref.name.ToString() + "\" does not exist")
        .AtQueryOffset(ref.query_offset);
  }
  // Session tables and views: unqualified names, or main.x in a session without a lake.
  bool session_name =
      unqualified || (ref.name.schema == "main" && catalog_.resolver == nullptr);
  auto table = session_name ? catalog_.tables.find(name) : catalog_.tables.end();
  if (table != catalog_.tables.end()) {
    if (time_travel) no_versions("session table");
    return FromTable(table->second, ref, alias);
  }
  auto view = session_name ? catalog_.views.find(name) : catalog_.views.end();
  if (view != catalog_.views.end()) {
    if (time_travel) no_versions("view");
    if (view_depth_ >= kMaxViewDepth) {
      throw Error(ErrorCode::kBinderError, "view \"" + name + "\" is nested too deeply")
          .AtQueryOffset(ref.query_offset);
    }
    Binder child(catalog_, parameters_, nullptr);
    child.view_depth_ = view_depth_ + 1;
    child.subquery_executor_ = subquery_executor_;
    BoundQuery query = child.BindQuery(*view->second->query);
    std::vector<std::string> aliases = view->second->column_names;
    for (size_t i = 0; i < ref.column_aliases.size(); ++i) {
      if (i < aliases.size()) aliases[i] = ref.column_aliases[i]; else aliases.push_back(ref.column_aliases[i]);
    }
    return FromBoundQuery(std::move(query), alias, aliases, ref.query_offset);
  }
  if (catalog_.resolver != nullptr) {
    TableVersion version = BindTableVersion(ref);
    std::shared_ptr<const MaterializedTable> found;
    try {
      found = catalog_.resolver->FindTable(ref.name, version);
    } catch (Error& error) {
      if (!error.location().empty()) throw;
      int64_t offset = time_travel ? ref.as_of->query_offset : ref.query_offset;
      throw std::move(error).AtQueryOffset(offset);
    }
    if (found != nullptr && catalog_.access != nullptr) {
      TableResolver* identifier =
          catalog_.lake_identity != nullptr ? catalog_.lake_identity : catalog_.resolver;
      std::optional<LakeTableIdentity> identity = identifier->Identify(*found);
      if (identity) {
        // A table the principal may not see is reported exactly like a missing one.
        if (catalog_.access->CanSeeTable(identity->database, identity->table)) {
          return FromLakeTable(std::move(found), *identity, ref, alias);
        }
        found = nullptr;
      } else if (found->open_scan) {
        // Fail closed: a table with data files the resolver cannot name is not read unchecked.
        throw Error(ErrorCode::kInternal,
                    "table \"" + ref.name.ToString() + "\" has no lake identity to check access")
            .AtQueryOffset(ref.query_offset);
      }
    }
    if (found != nullptr) return FromTable(std::move(found), ref, alias);
  } else if (time_travel) {
    no_versions("table");
  }
  std::string message = "table \"" + ref.name.ToString() + "\" does not exist";
  std::string best;
  size_t best_distance = SIZE_MAX;
  auto consider = [&](const std::string& candidate) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  };
  if (unqualified) {
    for (const auto& entry : catalog_.tables) consider(entry.first);
    for (const auto& entry : catalog_.views) consider(entry.first);
    for (const auto& entry : ctes_) consider(entry.first);
  }
  if (!best.empty() && best_distance <= std::max<size_t>(2, name.size() / 3)) {
    message += "; did you mean \"" + best + "\"?";
  }
  throw Error(ErrorCode::kBinderError, message).AtQueryOffset(ref.query_offset);
}

Binder::FromResult Binder::BindFile(const TableRef& ref) {
  if (!catalog_.allow_file_access) {
    throw Error(ErrorCode::kPermissionDenied,
                "permission denied: reading files ('" + ref.path +
                    "') is not allowed in this session; query lake tables")
        .AtQueryOffset(ref.query_offset);
  }
  std::shared_ptr<format::ScanSource> source;
  try {
    source = format::OpenScan("", {ref.path}, format::ScanOptions{});
  } catch (Error& error) {
    if (error.location().empty()) throw std::move(error).AtQueryOffset(ref.query_offset);
    throw;
  }
  auto get = MakeGet(std::move(source));
  get->reopen = [path = ref.path] { return format::OpenScan("", {path}, format::ScanOptions{}); };
  BoundQuery query;
  query.names = get->column_names;
  query.types = get->types;
  query.plan = std::move(get);
  std::string alias = ref.alias.empty() ? FileStem(ref.path) : ref.alias;
  return FromBoundQuery(std::move(query), alias, ref.column_aliases, ref.query_offset);
}

Binder::FromResult Binder::BindTableFunction(const TableRef& ref) {
  const ParsedExpression& call = *ref.function;
  std::string name = call.function_name;
  std::string format_name;
  if (name == "read_csv" || name == "read_csv_auto") {
    format_name = "csv";
  } else if (name.rfind("read_", 0) == 0 && format::IsKnownFormat(name.substr(5))) {
    format_name = name.substr(5);
  } else {
    if (catalog_.resolver != nullptr && call.function_schema.empty()) {
      std::vector<exec::Value> arguments;
      for (const auto& argument : call.children) {
        arguments.push_back(EvaluateConstant(*BindStandalone(*argument)));
      }
      std::shared_ptr<const MaterializedTable> table;
      try {
        table = catalog_.resolver->CallTableFunction(name, arguments);
      } catch (Error& error) {
        if (!error.location().empty()) throw;
        throw std::move(error).AtQueryOffset(call.query_offset);
      }
      if (table != nullptr) return FromTable(std::move(table), ref, ref.alias.empty() ? name : ref.alias);
    }
    throw Error(ErrorCode::kBinderError, "table function " + name + " does not exist")
        .AtQueryOffset(call.query_offset);
  }
  if (!catalog_.allow_file_access) {
    throw Error(ErrorCode::kPermissionDenied,
                "permission denied: " + name + "() reads files or databases, which is not allowed "
                "in this session; query lake tables")
        .AtQueryOffset(call.query_offset);
  }
  std::vector<std::string> paths;
  format::ScanOptions options;
  auto constant = [&](const ParsedExpression& expression) {
    return EvaluateConstant(*BindStandalone(expression));
  };
  for (size_t i = 0; i < call.children.size(); ++i) {
    const ParsedExpression& argument = *call.children[i];
    std::string argument_name = i < call.argument_names.size() ? call.argument_names[i] : "";
    if (argument_name.empty()) {
      if (i == 1 && (format_name == "postgres" || format_name == "sqlite")) {
        options.values["table"] = constant(argument);  // read_postgres(url, 'schema.table')
        continue;
      }
      if (i != 0) {
        throw Error(ErrorCode::kBinderError, name + " takes one positional argument (the path)")
            .AtQueryOffset(argument.query_offset);
      }
      std::vector<const ParsedExpression*> items;
      if (argument.kind == ExpressionKind::kList) {
        for (const auto& item : argument.children) items.push_back(item.get());
      } else {
        items.push_back(&argument);
      }
      for (const ParsedExpression* item : items) {
        exec::Value value = constant(*item);
        if (value.is_null() || value.type().id() != TypeId::kVarchar) {
          throw Error(ErrorCode::kTypeMismatch, name + " expects a path string or a list of paths")
              .AtQueryOffset(item->query_offset);
        }
        paths.push_back(value.string());
      }
      continue;
    }
    std::string key = argument_name;
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (argument.kind == ExpressionKind::kStruct) {
      auto& entries = options.struct_options[key];
      for (size_t j = 0; j < argument.children.size(); ++j) {
        entries.emplace_back(argument.struct_keys[j], constant(*argument.children[j]));
      }
    } else {
      options.values[key] = constant(argument);
    }
  }
  if (paths.empty()) {
    throw Error(ErrorCode::kBinderError, name + " needs a path").AtQueryOffset(call.query_offset);
  }
  std::shared_ptr<format::ScanSource> source;
  try {
    source = format::OpenScan(format_name, paths, options);
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    // Point at the named argument the message is about ("unknown option 'delim' ...").
    int64_t offset = call.query_offset;
    for (size_t i = 0; i < call.argument_names.size(); ++i) {
      if (!call.argument_names[i].empty() &&
          error.message().find("'" + call.argument_names[i] + "'") != std::string::npos) {
        offset = call.children[i]->query_offset;
        break;
      }
    }
    throw std::move(error).AtQueryOffset(offset);
  }
  auto get = MakeGet(std::move(source));
  get->reopen = [format_name, paths, options] {
    return std::shared_ptr<format::ScanSource>(format::OpenScan(format_name, paths, options));
  };
  BoundQuery query;
  query.names = get->column_names;
  query.types = get->types;
  query.plan = std::move(get);
  std::string alias = ref.alias.empty() ? FileStem(paths[0]) : ref.alias;
  return FromBoundQuery(std::move(query), alias, ref.column_aliases, ref.query_offset);
}

Binder::FromResult Binder::BindSubqueryRef(const TableRef& ref) {
  Binder child(catalog_, parameters_, this);
  BoundQuery query = child.BindQuery(*ref.subquery);
  AdoptCorrelated(child, *query.plan, ref.query_offset);
  return FromBoundQuery(std::move(query), ref.alias, ref.column_aliases, ref.query_offset);
}

Binder::FromResult Binder::BindJoin(const TableRef& ref) {
  FromResult left = BindTableRef(*ref.left);
  FromResult right = BindTableRef(*ref.right);
  size_t left_width = left.plan->types.size();
  auto join = std::make_unique<LogicalJoin>();
  switch (ref.join_kind) {
    case JoinKind::kInner:
    case JoinKind::kCross: join->join_type = JoinType::kInner; break;
    case JoinKind::kLeft: join->join_type = JoinType::kLeft; break;
    case JoinKind::kRight: join->join_type = JoinType::kRight; break;
    case JoinKind::kFull: join->join_type = JoinType::kFull; break;
  }
  FromResult result;
  // USING / NATURAL: the shared columns appear once, first (from the left side, or the right side
  // of a RIGHT join); the other copy stays reachable qualified.
  std::vector<std::string> using_columns = ref.using_columns;
  if (ref.natural) {
    for (const ScopeColumn* column : left.scope.Expand("")) {
      for (const ScopeColumn* other : right.scope.Expand("")) {
        if (other->name == column->name) using_columns.push_back(column->name);
      }
    }
  }
  std::vector<bool> left_hidden(left.scope.columns().size(), false);
  std::vector<bool> right_hidden(right.scope.columns().size(), false);
  std::vector<ScopeColumn> merged;
  std::vector<exec::ExpressionPtr> full_merged;
  for (const auto& name : using_columns) {
    const ScopeColumn* left_column = left.scope.Find({name}, ref.query_offset);
    const ScopeColumn* right_column = right.scope.Find({name}, ref.query_offset);
    if (left_column == nullptr || right_column == nullptr) {
      throw Error(ErrorCode::kBinderError,
                  "column \"" + name + "\" specified in USING clause does not exist in " +
                      (left_column == nullptr ? "left" : "right") + " table")
          .AtQueryOffset(ref.query_offset);
    }
    std::vector<exec::ExpressionPtr> arguments;
    arguments.push_back(MakeColumnRef(left_column->index, left_column->type, name));
    arguments.push_back(MakeColumnRef(right_column->index + left_width, right_column->type, name));
    join->conditions.push_back(CallScalar("=", std::move(arguments), ref.query_offset, true));
    bool from_right = join->join_type == JoinType::kRight;
    ScopeColumn kept = from_right ? *right_column : *left_column;
    if (from_right) kept.index += left_width;
    if (join->join_type == JoinType::kFull) {
      // Either side may be missing: the merged column is coalesce(left, right), appended below.
      std::vector<exec::ExpressionPtr> pair;
      pair.push_back(MakeColumnRef(left_column->index, left_column->type, name));
      pair.push_back(MakeColumnRef(right_column->index + left_width, right_column->type, name));
      full_merged.push_back(CallScalar("coalesce", std::move(pair), ref.query_offset, false));
      kept.type = full_merged.back()->type;
      kept.index = left_width + right.plan->types.size() + full_merged.size() - 1;
    }
    kept.table.clear();  // t.x still names the hidden copy of its own side
    merged.push_back(kept);
    left_hidden[left_column - left.scope.columns().data()] = true;
    right_hidden[right_column - right.scope.columns().data()] = true;
  }
  for (auto& column : merged) result.scope.Add(column);
  for (size_t i = 0; i < left.scope.columns().size(); ++i) {
    ScopeColumn column = left.scope.columns()[i];
    column.hidden = column.hidden || left_hidden[i];
    result.scope.Add(column);
  }
  for (size_t i = 0; i < right.scope.columns().size(); ++i) {
    ScopeColumn column = right.scope.columns()[i];
    column.index += left_width;
    column.hidden = column.hidden || right_hidden[i];
    result.scope.Add(column);
  }
  if (ref.condition != nullptr) {
    ExpressionContext context;
    context.scope = &result.scope;
    context.clause = "JOIN conditions";
    auto condition = Bind(*ref.condition, context);
    if (condition->type.id() != TypeId::kBoolean && condition->type.id() != TypeId::kNull) {
      throw Error(ErrorCode::kTypeMismatch,
                  "argument of JOIN/ON must be type BOOLEAN, not type " + condition->type.ToString())
          .AtQueryOffset(ref.condition->query_offset);
    }
    join->conditions.push_back(AddCast(std::move(condition), TypeId::kBoolean));
  }
  join->types = left.plan->types;
  join->types.insert(join->types.end(), right.plan->types.begin(), right.plan->types.end());
  join->children.push_back(std::move(left.plan));
  join->children.push_back(std::move(right.plan));
  result.plan = std::move(join);
  if (!full_merged.empty()) {
    auto projection = std::make_unique<LogicalProjection>();
    for (size_t i = 0; i < result.plan->types.size(); ++i) {
      projection->expressions.push_back(MakeColumnRef(i, result.plan->types[i]));
      projection->types.push_back(result.plan->types[i]);
    }
    for (auto& expression : full_merged) {
      projection->types.push_back(expression->type);
      projection->expressions.push_back(std::move(expression));
    }
    projection->children.push_back(std::move(result.plan));
    result.plan = std::move(projection);
  }
  return result;
}

}  // namespace tarn::sql
