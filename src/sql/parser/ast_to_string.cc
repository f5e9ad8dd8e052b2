// SQL rendering of syntax-tree nodes. Binary operators are fully parenthesized ("(a + b)"), keywords
// upper case, identifiers quoted only when needed, so the output parses back to an equal tree.
#include "sql/parser/ast.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"

namespace tarn::sql {
namespace {

std::string QuoteString(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') quoted.push_back('\'');
    quoted.push_back(c);
  }
  quoted.push_back('\'');
  return quoted;
}

bool IsSimpleWord(std::string_view word) {
  if (word.empty() || !((word[0] >= 'a' && word[0] <= 'z') || word[0] == '_')) return false;
  for (char c : word) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string Upper(std::string_view word) {
  std::string upper(word);
  for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return upper;
}

// Setting names are dotted words: render each part as an identifier.
std::string SettingName(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    out += QuoteIdentifier(name.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    out += ".";
    start = dot + 1;
  }
}

// Names the parser gives their own syntax when followed by '(' (they must be quoted as calls).
bool IsSpecialCallName(std::string_view name) {
  static constexpr std::string_view kNames[] = {"extract", "position", "overlay", "exists",
                                                "try_cast", "array", "row", "interval"};
  for (std::string_view special : kNames) {
    if (name == special) return true;
  }
  return false;
}

// Reserved words the parser reads as argument-less calls: current_date, user, ...
bool IsNiladicKeyword(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "current_date", "current_timestamp", "current_time",    "localtimestamp",
      "localtime",    "current_user",      "current_schema",  "current_catalog",
      "session_user", "current_role",      "user"};
  for (std::string_view special : kNames) {
    if (name == special) return true;
  }
  return false;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ".";
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string IdentifierList(const std::vector<std::string>& names) {
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(names[i]);
  }
  return out + ")";
}

std::string ExpressionList(const std::vector<ParsedExpressionPtr>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += list[i]->ToString();
  }
  return out;
}

std::string OrderByList(const std::vector<OrderByItem>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += list[i].ToString();
  }
  return out;
}

std::string FrameBoundToString(const FrameBound& bound) {
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return bound.offset->ToString() + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return bound.offset->ToString() + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

std::string WithAlias(std::string text, const std::string& alias,
                      const std::vector<std::string>& column_aliases) {
  if (alias.empty()) return text;
  text += " AS " + QuoteIdentifier(alias);
  if (!column_aliases.empty()) text += IdentifierList(column_aliases);
  return text;
}

// COPY options render as "FORMAT csv", ALTER TABLE SET options as "key = value".
std::string OptionList(const std::vector<NamedOption>& options, bool with_equals) {
  std::string out = "(";
  for (size_t i = 0; i < options.size(); ++i) {
    if (i > 0) out += ", ";
    if (with_equals && options[i].value != nullptr) {
      out += QuoteIdentifier(options[i].name) + " = " + options[i].value->ToString();
    } else {
      out += options[i].ToString();
    }
  }
  return out + ")";
}

}  // namespace

std::string QualifiedName::ToString() const {
  std::string out;
  if (!catalog.empty()) out += QuoteIdentifier(catalog) + ".";
  if (!schema.empty()) out += QuoteIdentifier(schema) + ".";
  return out + QuoteIdentifier(name);
}

std::string TypeName::ToString() const {
  std::string out;
  if (name == "timestamptz") {
    out = "TIMESTAMP WITH TIME ZONE";
  } else if (name == "timetz") {
    out = "TIME WITH TIME ZONE";
  } else {
    out = IsSimpleWord(name) && !IsReservedKeyword(name) ? Upper(name) : QuoteIdentifier(name);
  }
  if (!parameters.empty()) {
    // Parameters go right after the first word: TIMESTAMP(3) WITH TIME ZONE.
    std::string list = "(";
    for (size_t i = 0; i < parameters.size(); ++i) {
      if (i > 0) list += ", ";
      list += std::to_string(parameters[i]);
    }
    list += ")";
    size_t space = out.find(' ');
    if (out[0] == '"' || space == std::string::npos) {
      out += list;
    } else {
      out.insert(space, list);
    }
  }
  for (int32_t i = 0; i < array_dimensions; ++i) out += "[]";
  return out;
}

std::string OrderByItem::ToString() const {
  std::string out = expression->ToString();
  if (direction == OrderDirection::kAscending) out += " ASC";
  if (direction == OrderDirection::kDescending) out += " DESC";
  if (null_order == NullOrder::kNullsFirst) out += " NULLS FIRST";
  if (null_order == NullOrder::kNullsLast) out += " NULLS LAST";
  return out;
}

std::string WindowSpec::ToString() const {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += " ";
    out += part;
  };
  if (!base_window.empty()) add(QuoteIdentifier(base_window));
  if (!partition_by.empty()) add("PARTITION BY " + ExpressionList(partition_by));
  if (!order_by.empty()) add("ORDER BY " + OrderByList(order_by));
  if (frame_unit != FrameUnit::kNone) {
    std::string unit = frame_unit == FrameUnit::kRows    ? "ROWS"
                       : frame_unit == FrameUnit::kRange ? "RANGE"
                                                         : "GROUPS";
    add(unit + " BETWEEN " + FrameBoundToString(frame_start) + " AND " +
        FrameBoundToString(frame_end));
  }
  return out;
}

std::string ParsedExpression::ToString() const {
  switch (kind) {
    case ExpressionKind::kColumnRef:
      return JoinNames(names);
    case ExpressionKind::kStar: {
      std::string out = names.empty() ? "*" : JoinNames(names) + ".*";
      if (!star_exclude.empty()) out += " EXCLUDE " + IdentifierList(star_exclude);
      return out;
    }
    case ExpressionKind::kConstant:
      switch (constant_kind) {
        case ConstantKind::kInteger:
        case ConstantKind::kDecimal: return value;
        case ConstantKind::kString: return QuoteString(value);
        case ConstantKind::kBoolean: return value == "true" ? "TRUE" : "FALSE";
        case ConstantKind::kNull: return "NULL";
      }
      return "NULL";
    case ExpressionKind::kTypedLiteral:
      if (type.name == "interval") return "INTERVAL " + QuoteString(value);
      return type.ToString() + " " + QuoteString(value);
    case ExpressionKind::kParameter:
      return "$" + std::to_string(parameter_index);
    case ExpressionKind::kUnaryOperator: {
      std::string operand = children[0]->ToString();
      // "- -1", not "--1" (a comment).
      return std::string("(") + ExpressionOpToString(op) + (operand[0] == '-' ? " " : "") +
             operand + ")";
    }
    case ExpressionKind::kBinaryOperator: {
      std::string out = "(" + children[0]->ToString() + " " + ExpressionOpToString(op) + " " +
                        children[1]->ToString();
      if (children.size() > 2) out += " ESCAPE " + children[2]->ToString();
      return out + ")";
    }
    case ExpressionKind::kNot:
      return "(NOT " + children[0]->ToString() + ")";
    case ExpressionKind::kIsNull:
      return "(" + children[0]->ToString() + (negated ? " IS NOT NULL)" : " IS NULL)");
    case ExpressionKind::kIsTrue:
      return "(" + children[0]->ToString() + (negated ? " IS NOT TRUE)" : " IS TRUE)");
    case ExpressionKind::kIsFalse:
      return "(" + children[0]->ToString() + (negated ? " IS NOT FALSE)" : " IS FALSE)");
    case ExpressionKind::kBetween:
      return "(" + children[0]->ToString() + (negated ? " NOT BETWEEN " : " BETWEEN ") +
             children[1]->ToString() + " AND " + children[2]->ToString() + ")";
    case ExpressionKind::kInList: {
      std::string out = "(" + children[0]->ToString() + (negated ? " NOT IN (" : " IN (");
      for (size_t i = 1; i < children.size(); ++i) {
        if (i > 1) out += ", ";
        out += children[i]->ToString();
      }
      return out + "))";
    }
    case ExpressionKind::kInSubquery:
      return "(" + children[0]->ToString() + (negated ? " NOT IN (" : " IN (") +
             subquery->ToString() + "))";
    case ExpressionKind::kExists:
      return "EXISTS (" + subquery->ToString() + ")";
    case ExpressionKind::kSubquery:
      return "(" + subquery->ToString() + ")";
    case ExpressionKind::kCase: {
      std::string out = "CASE";
      if (case_operand != nullptr) out += " " + case_operand->ToString();
      for (const CaseBranch& branch : case_branches) {
        out += " WHEN " + branch.when->ToString() + " THEN " + branch.then->ToString();
      }
      if (else_expression != nullptr) out += " ELSE " + else_expression->ToString();
      return out + " END";
    }
    case ExpressionKind::kCast:
      return std::string(try_cast ? "TRY_CAST(" : "CAST(") + children[0]->ToString() + " AS " +
             type.ToString() + ")";
    case ExpressionKind::kFunction: {
      std::string out;
      if (!function_schema.empty()) out += QuoteIdentifier(function_schema) + ".";
      bool plain = children.empty() && !star_argument && !distinct && order_by.empty() &&
                   filter == nullptr && window == nullptr && !ignore_nulls;
      bool raw = IsSimpleWord(function_name) && !IsSpecialCallName(function_name) &&
                 (!IsReservedKeyword(function_name) || function_name == "left" ||
                  function_name == "right" || (IsNiladicKeyword(function_name) && plain));
      out += raw ? function_name : QuoteIdentifier(function_name);
      out += "(";
      if (distinct) out += "DISTINCT ";
      if (star_argument) out += "*";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        if (i < argument_names.size() && !argument_names[i].empty()) {
          out += QuoteIdentifier(argument_names[i]) + " := ";
        }
        out += children[i]->ToString();
      }
      if (!order_by.empty()) out += " ORDER BY " + OrderByList(order_by);
      if (ignore_nulls) out += " IGNORE NULLS";
      out += ")";
      if (filter != nullptr) out += " FILTER (WHERE " + filter->ToString() + ")";
      if (window != nullptr) {
        bool bare = window->partition_by.empty() && window->order_by.empty() &&
                    window->frame_unit == FrameUnit::kNone && !window->base_window.empty();
        out += bare ? " OVER " + QuoteIdentifier(window->base_window)
                    : " OVER (" + window->ToString() + ")";
      }
      return out;
    }
    case ExpressionKind::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < children.size(); ++i) {
        if (i > 0) out += ", ";
        out += QuoteString(struct_keys[i]) + ": " + children[i]->ToString();
      }
      return out + "}";
    }
    case ExpressionKind::kList:
      return "[" + ExpressionList(children) + "]";
    case ExpressionKind::kDefault:
      return "DEFAULT";
  }
  return "?";
}

std::string QueryNode::ToString() const {
  std::string out;
  if (!ctes.empty()) {
    out += recursive ? "WITH RECURSIVE " : "WITH ";
    for (size_t i = 0; i < ctes.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(ctes[i].name);
      if (!ctes[i].column_names.empty()) out += IdentifierList(ctes[i].column_names);
      out += " AS (" + ctes[i].query->ToString() + ")";
    }
    out += " ";
  }
  switch (kind) {
    case QueryNodeKind::kSelect: {
      out += "SELECT ";
      if (distinct) {
        out += "DISTINCT ";
        if (!distinct_on.empty()) out += "ON (" + ExpressionList(distinct_on) + ") ";
      }
      for (size_t i = 0; i < select_list.size(); ++i) {
        if (i > 0) out += ", ";
        out += select_list[i]->ToString();
        if (!select_list[i]->alias.empty()) out += " AS " + QuoteIdentifier(select_list[i]->alias);
      }
      if (from != nullptr) out += " FROM " + from->ToString();
      if (where != nullptr) out += " WHERE " + where->ToString();
      if (group_by_all) out += " GROUP BY ALL";
      if (!group_by.empty()) out += " GROUP BY " + ExpressionList(group_by);
      if (having != nullptr) out += " HAVING " + having->ToString();
      if (!windows.empty()) {
        out += " WINDOW ";
        for (size_t i = 0; i < windows.size(); ++i) {
          if (i > 0) out += ", ";
          out += QuoteIdentifier(windows[i].name) + " AS (" + windows[i].spec->ToString() + ")";
        }
      }
      if (qualify != nullptr) out += " QUALIFY " + qualify->ToString();
      break;
    }
    case QueryNodeKind::kSetOperation: {
      const char* name = set_operation == SetOperationKind::kUnion       ? " UNION "
                         : set_operation == SetOperationKind::kIntersect ? " INTERSECT "
                                                                         : " EXCEPT ";
      out += "(" + left->ToString() + ")" + name + (set_all ? "ALL " : "") + "(" +
             right->ToString() + ")";
      break;
    }
    case QueryNodeKind::kValues: {
      out += "VALUES ";
      for (size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += ", ";
        out += "(" + ExpressionList(values[i]) + ")";
      }
      break;
    }
  }
  if (!order_by.empty()) out += " ORDER BY " + OrderByList(order_by);
  if (limit != nullptr) out += " LIMIT " + limit->ToString();
  if (offset != nullptr) out += " OFFSET " + offset->ToString();
  return out;
}

std::string TableRef::ToString() const {
  switch (kind) {
    case TableRefKind::kBaseTable: {
      std::string out = name.ToString();
      if (as_of_kind == AsOfKind::kVersion) out += " FOR VERSION AS OF " + as_of->ToString();
      if (as_of_kind == AsOfKind::kTimestamp) out += " FOR TIMESTAMP AS OF " + as_of->ToString();
      return WithAlias(out, alias, column_aliases);
    }
    case TableRefKind::kFile:
      return WithAlias(QuoteString(path), alias, column_aliases);
    case TableRefKind::kTableFunction:
      return WithAlias(function->ToString(), alias, column_aliases);
    case TableRefKind::kSubquery:
      return WithAlias("(" + subquery->ToString() + ")", alias, column_aliases);
    case TableRefKind::kJoin: {
      std::string out = left->ToString();
      if (natural) out += " NATURAL";
      switch (join_kind) {
        case JoinKind::kInner: out += natural ? " JOIN " : " INNER JOIN "; break;
        case JoinKind::kLeft: out += " LEFT JOIN "; break;
        case JoinKind::kRight: out += " RIGHT JOIN "; break;
        case JoinKind::kFull: out += " FULL JOIN "; break;
        case JoinKind::kCross: out += " CROSS JOIN "; break;
      }
      bool nested = right->kind == TableRefKind::kJoin && right->alias.empty();
      out += nested ? "(" + right->ToString() + ")" : right->ToString();
      if (condition != nullptr) out += " ON " + condition->ToString();
      if (!using_columns.empty()) out += " USING " + IdentifierList(using_columns);
      if (!alias.empty()) return WithAlias("(" + out + ")", alias, column_aliases);
      return out;
    }
  }
  return "?";
}

std::string NamedOption::ToString() const {
  std::string out = IsSimpleWord(name) ? Upper(name) : QuoteIdentifier(name);
  if (value != nullptr) out += " " + value->ToString();
  return out;
}

std::string ColumnDefinition::ToString() const {
  std::string out = QuoteIdentifier(name) + " " + type.ToString();
  if (primary_key) {
    out += " PRIMARY KEY";
  } else if (not_null) {
    out += " NOT NULL";
  }
  if (unique) out += " UNIQUE";
  if (default_value != nullptr) out += " DEFAULT " + default_value->ToString();
  return out;
}

std::string SelectStatement::ToString() const { return node->ToString(); }

std::string CreateTableStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  if (temporary) out += "TEMPORARY ";
  out += "TABLE ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString();
  if (as_query != nullptr) return out + " AS " + as_query->ToString();
  out += " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += columns[i].ToString();
  }
  if (!primary_key.empty()) out += ", PRIMARY KEY " + IdentifierList(primary_key);
  return out + ")";
}

std::string CreateViewStatement::ToString() const {
  std::string out = "CREATE ";
  if (or_replace) out += "OR REPLACE ";
  if (temporary) out += "TEMPORARY ";
  out += "VIEW ";
  if (if_not_exists) out += "IF NOT EXISTS ";
  out += name.ToString();
  if (!column_names.empty()) out += " " + IdentifierList(column_names);
  return out + " AS " + query->ToString();
}

std::string DropStatement::ToString() const {
  std::string out = "DROP ";
  out += object_kind == ObjectKind::kView ? "VIEW " : object_kind == ObjectKind::kSchema ? "SCHEMA "
                                                                                          : "TABLE ";
  if (if_exists) out += "IF EXISTS ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i].ToString();
  }
  if (cascade) out += " CASCADE";
  return out;
}

std::string InsertStatement::ToString() const {
  std::string out = "INSERT INTO " + table.ToString();
  if (!columns.empty()) out += " " + IdentifierList(columns);
  if (default_values) return out + " DEFAULT VALUES";
  return out + " " + query->ToString();
}

std::string UpdateStatement::ToString() const {
  std::string out = "UPDATE " + table.ToString();
  if (!alias.empty()) out += " AS " + QuoteIdentifier(alias);
  out += " SET ";
  for (size_t i = 0; i < set_items.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(set_items[i].column) + " = " + set_items[i].value->ToString();
  }
  if (from != nullptr) out += " FROM " + from->ToString();
  if (where != nullptr) out += " WHERE " + where->ToString();
  return out;
}

std::string DeleteStatement::ToString() const {
  std::string out = "DELETE FROM " + table.ToString();
  if (!alias.empty()) out += " AS " + QuoteIdentifier(alias);
  if (where != nullptr) out += " WHERE " + where->ToString();
  return out;
}

std::string ExplainStatement::ToString() const {
  return std::string(analyze ? "EXPLAIN ANALYZE " : "EXPLAIN ") + statement->ToString();
}

std::string CopyStatement::ToString() const {
  std::string out = "COPY ";
  if (query != nullptr) {
    out += "(" + query->ToString() + ")";
  } else {
    out += table.ToString();
    if (!columns.empty()) out += " " + IdentifierList(columns);
  }
  out += is_from ? " FROM " : " TO ";
  out += QuoteString(path);
  if (!options.empty()) out += " " + OptionList(options, /*with_equals=*/false);
  return out;
}

std::string PrepareStatement::ToString() const {
  std::string out = "PREPARE " + QuoteIdentifier(name);
  if (!parameter_types.empty()) {
    out += " (";
    for (size_t i = 0; i < parameter_types.size(); ++i) {
      if (i > 0) out += ", ";
      out += parameter_types[i].ToString();
    }
    out += ")";
  }
  return out + " AS " + statement->ToString();
}

std::string ExecuteStatement::ToString() const {
  std::string out = "EXECUTE " + QuoteIdentifier(name);
  if (!parameters.empty()) out += "(" + ExpressionList(parameters) + ")";
  return out;
}

std::string DeallocateStatement::ToString() const {
  return name.empty() ? "DEALLOCATE ALL" : "DEALLOCATE " + QuoteIdentifier(name);
}

std::string SetStatement::ToString() const {
  if (is_reset) return name == "all" ? "RESET ALL" : "RESET " + SettingName(name);
  std::string out = "SET ";
  if (scope == SetScope::kSession) out += "SESSION ";
  if (scope == SetScope::kLocal) out += "LOCAL ";
  if (scope == SetScope::kGlobal) out += "GLOBAL ";
  return out + SettingName(name) + " = " + value->ToString();
}

std::string ShowStatement::ToString() const {
  switch (show_kind) {
    case ShowKind::kTables:
      return database.empty() ? "SHOW TABLES" : "SHOW TABLES FROM " + QuoteIdentifier(database);
    case ShowKind::kDatabases: return "SHOW DATABASES";
    case ShowKind::kSchemas: return "SHOW SCHEMAS";
    case ShowKind::kAll: return "SHOW ALL";
    case ShowKind::kVariable: return "SHOW " + SettingName(name);
  }
  return "SHOW";
}

std::string DescribeStatement::ToString() const {
  return query != nullptr ? "DESCRIBE " + query->ToString() : "DESCRIBE " + table.ToString();
}

std::string CommentStatement::ToString() const {
  std::string out = "COMMENT ON ";
  switch (object_kind) {
    case ObjectKind::kView: out += "VIEW " + name.ToString(); break;
    case ObjectKind::kColumn: out += "COLUMN " + name.ToString() + "." + QuoteIdentifier(column); break;
    default: out += "TABLE " + name.ToString(); break;
  }
  return out + " IS " + (is_null ? std::string("NULL") : QuoteString(comment));
}

std::string AlterTableStatement::ToString() const {
  std::string out = "ALTER TABLE ";
  if (if_exists) out += "IF EXISTS ";
  out += table.ToString();
  switch (action) {
    case AlterTableAction::kSetOptions: return out + " SET " + OptionList(options, /*with_equals=*/true);
    case AlterTableAction::kAddColumn:
      return out + " ADD COLUMN " + (if_column_exists ? "IF NOT EXISTS " : "") + column.ToString();
    case AlterTableAction::kDropColumn:
      return out + " DROP COLUMN " + (if_column_exists ? "IF EXISTS " : "") +
             QuoteIdentifier(old_name);
    case AlterTableAction::kRenameTable: return out + " RENAME TO " + QuoteIdentifier(new_name);
    case AlterTableAction::kRenameColumn:
      return out + " RENAME COLUMN " + QuoteIdentifier(old_name) + " TO " +
             QuoteIdentifier(new_name);
    case AlterTableAction::kAlterColumnType:
      return out + " ALTER COLUMN " + QuoteIdentifier(column.name) + " TYPE " +
             column.type.ToString();
    case AlterTableAction::kSetProperty: {
      std::string upper = property;
      for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      return out + " SET " + upper + " " + QuoteString(value);
    }
    case AlterTableAction::kSetSensitivity:
      return out + " ALTER COLUMN " + QuoteIdentifier(column.name) + " SET SENSITIVITY " + value;
  }
  return out;
}

std::string UseStatement::ToString() const { return "USE " + QuoteIdentifier(database); }

std::string VacuumStatement::ToString() const {
  std::string out = "VACUUM " + table.ToString();
  if (retain_hours >= 0) {
    out += retain_hours % 24 == 0 ? " RETAIN " + std::to_string(retain_hours / 24) + " DAYS"
                                  : " RETAIN " + std::to_string(retain_hours) + " HOURS";
  }
  return out;
}

std::string TransactionStatement::ToString() const {
  switch (transaction_kind) {
    case TransactionKind::kBegin: return "BEGIN";
    case TransactionKind::kCommit: return "COMMIT";
    case TransactionKind::kRollback: return "ROLLBACK";
  }
  return "BEGIN";
}

namespace {

std::string GranteeToString(GranteeKind kind, const std::string& grantee) {
  return std::string(kind == GranteeKind::kRole ? "ROLE " : "USER ") + QuoteIdentifier(grantee);
}

std::string AuthorizationTable(const AuthorizationStatement& statement) {
  std::string out;
  if (!statement.database.empty()) out = QuoteIdentifier(statement.database) + ".";
  return out + QuoteIdentifier(statement.name);
}

}  // namespace

std::string AuthorizationStatement::ToString() const {
  switch (authorization_kind) {
    case AuthorizationKind::kGrant:
    case AuthorizationKind::kRevoke: {
      bool grant = authorization_kind == AuthorizationKind::kGrant;
      std::string out = grant ? "GRANT " : "REVOKE ";
      if (all_privileges) {
        out += "ALL PRIVILEGES";
      } else {
        for (size_t i = 0; i < privileges.size(); ++i) {
          if (i > 0) out += ", ";
          out += PrivilegeName(privileges[i]);
        }
      }
      out += " ON ";
      if (object_kind == GrantObjectKind::kDatabase) {
        out += "DATABASE " + QuoteIdentifier(database);
      } else if (object_kind == GrantObjectKind::kSecret) {
        out += "SECRET " + QuoteIdentifier(name);
      } else {
        out += "TABLE " + AuthorizationTable(*this);
        if (!columns.empty()) {
          out += " (";
          for (size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) out += ", ";
            out += QuoteIdentifier(columns[i]);
          }
          out += ")";
        }
      }
      return out + (grant ? " TO " : " FROM ") + GranteeToString(grantee_kind, grantee);
    }
    case AuthorizationKind::kGrantRole:
      return "GRANT ROLE " + QuoteIdentifier(role) + " TO " + GranteeToString(grantee_kind, grantee);
    case AuthorizationKind::kRevokeRole:
      return "REVOKE ROLE " + QuoteIdentifier(role) + " FROM " +
             GranteeToString(grantee_kind, grantee);
    case AuthorizationKind::kCreateRole: return "CREATE ROLE " + QuoteIdentifier(role);
    case AuthorizationKind::kDropRole: return "DROP ROLE " + QuoteIdentifier(role);
    case AuthorizationKind::kCreateRowFilter:
      return "CREATE ROW FILTER " + QuoteIdentifier(filter_name) + " ON " +
             AuthorizationTable(*this) + " FOR " + GranteeToString(grantee_kind, grantee) +
             " USING (" + filter_expression + ")";
    case AuthorizationKind::kDropRowFilter:
      return "DROP ROW FILTER " + QuoteIdentifier(filter_name) + " ON " + AuthorizationTable(*this);
    case AuthorizationKind::kShowGrants:
      return grantee_kind == GranteeKind::kNone
                 ? "SHOW GRANTS"
                 : "SHOW GRANTS FOR " + GranteeToString(grantee_kind, grantee);
  }
  return "SHOW GRANTS";
}

}  // namespace tarn::sql
