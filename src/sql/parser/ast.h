// The syntax tree the SQL parser produces and the binder consumes: statements, query nodes, table
// references and expressions, exactly as written (names unresolved, nothing typed).
//
// Conventions for every node:
//  - 'query_offset' is the 0-based byte offset of the node's first token in the SQL text passed to
//    ParseStatements (binder errors use it with Error::AtQueryOffset).
//  - Unquoted identifiers are folded to lower case; "quoted" identifiers are kept exactly.
//  - Children are owned through std::unique_ptr; a null pointer means "clause absent".
//  - ToString() renders SQL that parses back to an equal tree (used by EXPLAIN, tests and views).
//  - Copy() returns a deep copy (offsets included).
// Expressions are one struct with a kind (the binder switches on it); statements are a small class
// hierarchy under Statement (switch on 'kind', then static_cast).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sql/binder/access_control.h"  // Privilege (header only)

namespace tarn::sql {

struct ParsedExpression;
struct QueryNode;
struct TableRef;
struct Statement;

using ParsedExpressionPtr = std::unique_ptr<ParsedExpression>;

// A possibly qualified object name: [catalog.][schema.]name.
struct QualifiedName {
  std::string catalog;  // empty if not given
  std::string schema;   // empty if not given
  std::string name;
  int64_t query_offset = -1;

  std::string ToString() const;
  bool operator==(const QualifiedName& other) const {
    return catalog == other.catalog && schema == other.schema && name == other.name;
  }
};

// A type as written. 'name' is lower case and normalized so common::ParseLogicalType accepts it:
// DOUBLE PRECISION -> "double", CHARACTER VARYING / CHAR VARYING -> "varchar", CHARACTER -> "char",
// TIMESTAMP WITHOUT TIME ZONE -> "timestamp", TIMESTAMP WITH TIME ZONE -> "timestamptz",
// TIME WITH TIME ZONE -> "timetz"; everything else is the written name ("int", "decimal", "interval",
// "varchar", or a quoted/unknown name the binder rejects).
struct TypeName {
  std::string name;
  std::vector<int64_t> parameters;  // (p) or (p, s): DECIMAL(10,2) -> {10, 2}; VARCHAR(20) -> {20}
  int32_t array_dimensions = 0;     // INT[] -> 1, INT[][] -> 2
  int64_t query_offset = -1;

  std::string ToString() const;
};

enum class ExpressionKind : uint8_t {
  kColumnRef,      // 'names' = [qualifier..., column], e.g. {"t", "value1"} for t.value1
  kStar,           // * or t.*: 'names' = qualifier parts (empty for plain *); 'star_exclude' columns
  kConstant,       // 'constant_kind' + 'value'
  kTypedLiteral,   // DATE '2020-01-01', TIMESTAMP '...', INTERVAL '1 day': 'type' + 'value' (string)
  kParameter,      // $n: 'parameter_index' (1-based); '?' is numbered left to right
  kUnaryOperator,  // 'op' in {kNegate, kPlus, kBitwiseNot}; children = [operand]
  kBinaryOperator, // 'op' (arithmetic, comparison, AND/OR, LIKE...); children = [left, right]
                   // LIKE/ILIKE with ESCAPE: children = [left, pattern, escape]
  kNot,            // NOT children[0]
  kIsNull,         // children[0] IS [NOT] NULL ('negated' for IS NOT NULL)
  kIsTrue,         // children[0] IS [NOT] TRUE
  kIsFalse,        // children[0] IS [NOT] FALSE
  kBetween,        // children = [operand, low, high]; 'negated' for NOT BETWEEN
  kInList,         // children = [operand, item1, item2, ...]; 'negated' for NOT IN
  kInSubquery,     // children = [operand] IN ('subquery'); 'negated' for NOT IN
  kExists,         // EXISTS ('subquery'); NOT EXISTS parses as kNot over kExists
  kSubquery,       // scalar subquery: ('subquery')
  kCase,           // CASE ['case_operand'] WHEN .. THEN .. ['else_expression'] END: 'case_branches'
  kCast,           // CAST(children[0] AS 'type'), children[0]::'type', TRY_CAST ('try_cast' = true)
  kFunction,       // function call; see the kFunction fields below
  kStruct,         // {'k1': v1, 'k2': v2}: 'struct_keys'[i] names children[i]
  kList,           // [a, b, c] or ARRAY[a, b, c]: children are the elements
  kDefault,        // DEFAULT inside INSERT ... VALUES
};

enum class ConstantKind : uint8_t {
  kInteger,  // digits only, maybe with a leading '-' (folded from unary minus); may exceed int64
  kDecimal,  // has '.' and/or an exponent: "1.5", ".5", "1e10", "-2.5E-3" (binder picks DECIMAL/DOUBLE)
  kString,   // 'value' is the unescaped string
  kBoolean,  // 'value' is "true" or "false"
  kNull,     // 'value' empty
};

enum class ExpressionOp : uint8_t {
  kNone,
  // unary
  kNegate,      // -x
  kPlus,        // +x
  kBitwiseNot,  // ~x
  // arithmetic and string
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,          // /
  kIntegerDivide,   // // (DuckDB)
  kModulo,          // %
  kPower,           // ^ (PostgreSQL: left-associative, binds tighter than * /) and **
  kConcat,          // ||
  kBitwiseAnd,      // &
  kBitwiseOr,       // |
  kShiftLeft,       // <<
  kShiftRight,      // >>
  // comparison
  kEqual,           // = and ==
  kNotEqual,        // <> and !=
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kIsDistinctFrom,
  kIsNotDistinctFrom,
  // pattern matching
  kLike,
  kNotLike,
  kILike,
  kNotILike,
  kSimilarTo,
  kNotSimilarTo,
  kGlob,            // GLOB (DuckDB)
  kRegexMatch,      // ~
  kRegexNotMatch,   // !~
  kRegexIMatch,     // ~*
  kRegexNotIMatch,  // !~*
  // logical
  kAnd,
  kOr,
};

// Returns the SQL spelling: "+", "||", "<>", "AND", "NOT LIKE", "IS DISTINCT FROM", ...
const char* ExpressionOpToString(ExpressionOp op);

enum class OrderDirection : uint8_t { kDefault, kAscending, kDescending };  // kDefault = ASC
enum class NullOrder : uint8_t { kDefault, kNullsFirst, kNullsLast };  // kDefault: binder decides

struct OrderByItem {
  ParsedExpressionPtr expression;
  OrderDirection direction = OrderDirection::kDefault;
  NullOrder null_order = NullOrder::kDefault;
  int64_t query_offset = -1;

  OrderByItem Copy() const;
  std::string ToString() const;
};

enum class FrameUnit : uint8_t { kNone, kRows, kRange, kGroups };  // kNone = no frame clause written

enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,  // 'offset' PRECEDING
  kCurrentRow,
  kFollowing,  // 'offset' FOLLOWING
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  ParsedExpressionPtr offset;  // kPreceding / kFollowing only

  FrameBound Copy() const;
};

// OVER (...) or a WINDOW-clause definition.
struct WindowSpec {
  std::string base_window;  // OVER w / OVER (w ORDER BY ...): name from the WINDOW clause, or empty
  std::vector<ParsedExpressionPtr> partition_by;
  std::vector<OrderByItem> order_by;
  FrameUnit frame_unit = FrameUnit::kNone;
  FrameBound frame_start;  // ROWS x alone means BETWEEN x AND CURRENT ROW
  FrameBound frame_end;
  int64_t query_offset = -1;

  std::unique_ptr<WindowSpec> Copy() const;
  std::string ToString() const;  // the part inside the parentheses (or just the name)
};

struct CaseBranch {
  ParsedExpressionPtr when;
  ParsedExpressionPtr then;
};

struct ParsedExpression {
  ExpressionKind kind = ExpressionKind::kConstant;
  int64_t query_offset = -1;
  std::string alias;  // AS name in a select list (empty if none); not part of ToString()

  std::vector<ParsedExpressionPtr> children;  // meaning depends on 'kind' (see ExpressionKind)

  // kColumnRef, kStar: name parts. kFunction: see 'function_name'.
  std::vector<std::string> names;
  std::vector<std::string> star_exclude;  // kStar: * EXCLUDE (a, b)

  // kConstant / kTypedLiteral.
  ConstantKind constant_kind = ConstantKind::kNull;
  std::string value;

  // kTypedLiteral, kCast.
  TypeName type;
  bool try_cast = false;

  int64_t parameter_index = 0;  // kParameter

  ExpressionOp op = ExpressionOp::kNone;  // kUnaryOperator, kBinaryOperator
  bool negated = false;  // kIsNull, kIsTrue, kIsFalse, kBetween, kInList, kInSubquery

  std::unique_ptr<QueryNode> subquery;  // kInSubquery, kExists, kSubquery

  // kCase.
  ParsedExpressionPtr case_operand;  // simple CASE x WHEN ...; null for searched CASE
  std::vector<CaseBranch> case_branches;
  ParsedExpressionPtr else_expression;  // null = ELSE NULL

  // kFunction: name(children...). Special syntaxes are rewritten to plain calls:
  //   EXTRACT(field FROM x)            -> date_part('field', x)   (field lower case, as a string)
  //   POSITION(a IN b)                 -> strpos(b, a)
  //   SUBSTRING(x FROM a [FOR b])      -> substring(x, a[, b]);  SUBSTRING(x FOR b) -> substring(x, 1, b)
  //   TRIM([BOTH|LEADING|TRAILING] [c] FROM x) -> trim / ltrim / rtrim (x[, c])
  //   COALESCE / NULLIF / GREATEST / LEAST / IF are ordinary calls with those names.
  std::string function_schema;          // schema.func(...): the schema, else empty
  std::string function_name;            // lower case
  std::vector<std::string> argument_names;  // parallel to 'children' when any argument is named
                                            // (name := x, name = x, name => x); "" = positional;
                                            // empty vector = no named arguments
  bool distinct = false;                // f(DISTINCT x)
  bool star_argument = false;           // count(*): children empty
  std::vector<OrderByItem> order_by;    // string_agg(x, ',' ORDER BY y)
  ParsedExpressionPtr filter;           // FILTER (WHERE ...)
  std::unique_ptr<WindowSpec> window;   // OVER (...) / OVER name; null = not a window call
  bool ignore_nulls = false;            // first_value(x IGNORE NULLS)

  std::vector<std::string> struct_keys;  // kStruct

  ParsedExpression();
  ~ParsedExpression();
  ParsedExpression(ParsedExpression&&) noexcept;
  ParsedExpression& operator=(ParsedExpression&&) noexcept;

  ParsedExpressionPtr Copy() const;
  std::string ToString() const;
  // Structural equality ignoring 'query_offset' and 'alias' (GROUP BY matching).
  bool Equals(const ParsedExpression& other) const;
};

// ---------------------------------------------------------------------------------------------
// Queries

struct CommonTableExpression {
  std::string name;
  std::vector<std::string> column_names;  // WITH t(a, b) AS (...)
  std::unique_ptr<QueryNode> query;
  int64_t query_offset = -1;

  CommonTableExpression Copy() const;
};

struct WindowDefinition {  // WINDOW name AS (spec)
  std::string name;
  std::unique_ptr<WindowSpec> spec;
  int64_t query_offset = -1;
};

enum class QueryNodeKind : uint8_t { kSelect, kSetOperation, kValues };
enum class SetOperationKind : uint8_t { kUnion, kIntersect, kExcept };

// A query: a SELECT block, a set operation of two queries, or a VALUES list. WITH, ORDER BY and
// LIMIT/OFFSET belong to the node they are written around: for "SELECT .. UNION SELECT .. ORDER BY x"
// they sit on the kSetOperation node; a parenthesized operand keeps its own.
struct QueryNode {
  QueryNodeKind kind = QueryNodeKind::kSelect;
  int64_t query_offset = -1;

  bool recursive = false;  // WITH RECURSIVE
  std::vector<CommonTableExpression> ctes;
  std::vector<OrderByItem> order_by;
  ParsedExpressionPtr limit;   // LIMIT n / FETCH FIRST n ROWS ONLY; null = no limit (or LIMIT ALL)
  ParsedExpressionPtr offset;  // OFFSET n; null = none

  // kSelect.
  bool distinct = false;                       // SELECT DISTINCT
  std::vector<ParsedExpressionPtr> distinct_on;  // SELECT DISTINCT ON (...) (implies 'distinct')
  std::vector<ParsedExpressionPtr> select_list;  // items carry their alias in 'alias'
  std::unique_ptr<TableRef> from;              // null = no FROM; comma lists become cross joins
  ParsedExpressionPtr where;
  std::vector<ParsedExpressionPtr> group_by;   // expressions; integer constants are ordinals
  bool group_by_all = false;                   // GROUP BY ALL
  ParsedExpressionPtr having;
  ParsedExpressionPtr qualify;
  std::vector<WindowDefinition> windows;       // WINDOW clause

  // kSetOperation.
  SetOperationKind set_operation = SetOperationKind::kUnion;
  bool set_all = false;  // UNION ALL / INTERSECT ALL / EXCEPT ALL
  std::unique_ptr<QueryNode> left;
  std::unique_ptr<QueryNode> right;

  // kValues: rows of expressions (all rows the same length, checked by the parser).
  std::vector<std::vector<ParsedExpressionPtr>> values;

  QueryNode();
  ~QueryNode();
  std::unique_ptr<QueryNode> Copy() const;
  std::string ToString() const;
};

enum class TableRefKind : uint8_t {
  kBaseTable,      // 'name'
  kFile,           // FROM 'seed.csv': 'path'
  kTableFunction,  // read_csv('x', header = true): 'function' is a kFunction expression
  kSubquery,       // (SELECT ...) or (VALUES ...): 'subquery'
  kJoin,           // 'left' JOIN 'right'
};

enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross };

// Time travel on a base table (Trino/Iceberg syntax): FOR VERSION AS OF n, FOR TIMESTAMP AS OF t.
enum class AsOfKind : uint8_t { kNone, kVersion, kTimestamp };

struct TableRef {
  TableRefKind kind = TableRefKind::kBaseTable;
  int64_t query_offset = -1;
  std::string alias;                       // AS alias (empty if none)
  std::vector<std::string> column_aliases;  // AS alias(c1, c2)

  QualifiedName name;                // kBaseTable
  AsOfKind as_of_kind = AsOfKind::kNone;  // kBaseTable: time travel; kNone = current snapshot
  ParsedExpressionPtr as_of;              // the version or timestamp (a constant expression)
  std::string path;                  // kFile
  ParsedExpressionPtr function;      // kTableFunction
  std::unique_ptr<QueryNode> subquery;  // kSubquery

  // kJoin. A comma join is kCross. NATURAL joins have 'natural' set and no condition.
  JoinKind join_kind = JoinKind::kInner;
  bool natural = false;
  std::unique_ptr<TableRef> left;
  std::unique_ptr<TableRef> right;
  ParsedExpressionPtr condition;           // ON ...
  std::vector<std::string> using_columns;  // USING (...)

  TableRef();
  ~TableRef();
  std::unique_ptr<TableRef> Copy() const;
  std::string ToString() const;
};

// ---------------------------------------------------------------------------------------------
// Statements

enum class StatementKind : uint8_t {
  kSelect,       // SelectStatement (also a bare VALUES list)
  kCreateTable,  // CreateTableStatement
  kCreateView,   // CreateViewStatement
  kDrop,         // DropStatement
  kInsert,       // InsertStatement
  kUpdate,       // UpdateStatement
  kDelete,       // DeleteStatement
  kExplain,      // ExplainStatement
  kCopy,         // CopyStatement
  kPrepare,      // PrepareStatement
  kExecute,      // ExecuteStatement
  kDeallocate,   // DeallocateStatement
  kSet,          // SetStatement (SET / RESET)
  kShow,         // ShowStatement
  kDescribe,     // DescribeStatement
  kComment,      // CommentStatement
  kAlterTable,   // AlterTableStatement
  kTransaction,  // TransactionStatement
  kUse,          // UseStatement
  kVacuum,       // VacuumStatement
  kAuthorization,  // AuthorizationStatement: GRANT, REVOKE, roles, row filters, SHOW GRANTS
};

struct Statement {
  explicit Statement(StatementKind statement_kind) : kind(statement_kind) {}
  virtual ~Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  StatementKind kind;
  int64_t query_offset = -1;
  std::string text;  // this statement's SQL text as written (without the trailing ';')

  virtual std::string ToString() const = 0;
};

// A name = value option: COPY (...) TO 'f' (FORMAT csv, HEADER), ALTER TABLE t SET (k = v).
struct NamedOption {
  std::string name;            // lower case
  ParsedExpressionPtr value;   // null for a bare flag such as HEADER
  int64_t query_offset = -1;

  std::string ToString() const;
};

struct SelectStatement : Statement {
  SelectStatement() : Statement(StatementKind::kSelect) {}
  std::unique_ptr<QueryNode> node;
  std::string ToString() const override;
};

struct ColumnDefinition {
  std::string name;
  TypeName type;
  bool not_null = false;
  bool primary_key = false;
  bool unique = false;
  ParsedExpressionPtr default_value;  // DEFAULT expr; null = none
  int64_t query_offset = -1;

  std::string ToString() const;
};

struct CreateTableStatement : Statement {
  CreateTableStatement() : Statement(StatementKind::kCreateTable) {}
  QualifiedName name;
  bool or_replace = false;
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<ColumnDefinition> columns;     // empty for CREATE TABLE ... AS
  std::vector<std::string> primary_key;      // table constraint PRIMARY KEY (a, b)
  std::unique_ptr<QueryNode> as_query;       // CREATE TABLE t AS SELECT ...; null otherwise
  std::string ToString() const override;
};

struct CreateViewStatement : Statement {
  CreateViewStatement() : Statement(StatementKind::kCreateView) {}
  QualifiedName name;
  bool or_replace = false;
  bool if_not_exists = false;
  bool temporary = false;
  std::vector<std::string> column_names;  // CREATE VIEW v (a, b) AS ...
  std::unique_ptr<QueryNode> query;
  std::string query_text;  // the SQL text of 'query' exactly as written (what a catalog stores)
  std::string ToString() const override;
};

enum class ObjectKind : uint8_t { kTable, kView, kSchema, kColumn };

struct DropStatement : Statement {
  DropStatement() : Statement(StatementKind::kDrop) {}
  ObjectKind object_kind = ObjectKind::kTable;
  bool if_exists = false;
  bool cascade = false;
  std::vector<QualifiedName> names;  // DROP TABLE a, b
  std::string ToString() const override;
};

struct InsertStatement : Statement {
  InsertStatement() : Statement(StatementKind::kInsert) {}
  QualifiedName table;
  std::vector<std::string> columns;  // INSERT INTO t (a, b); empty = all columns in order
  std::unique_ptr<QueryNode> query;  // VALUES (a kValues node) or a SELECT; null for DEFAULT VALUES
  bool default_values = false;       // INSERT INTO t DEFAULT VALUES
  std::string ToString() const override;
};

struct UpdateSetItem {
  std::string column;
  ParsedExpressionPtr value;
  int64_t query_offset = -1;
};

struct UpdateStatement : Statement {
  UpdateStatement() : Statement(StatementKind::kUpdate) {}
  QualifiedName table;
  std::string alias;
  std::vector<UpdateSetItem> set_items;
  std::unique_ptr<TableRef> from;  // UPDATE ... FROM (PostgreSQL); null if absent
  ParsedExpressionPtr where;
  std::string ToString() const override;
};

struct DeleteStatement : Statement {
  DeleteStatement() : Statement(StatementKind::kDelete) {}
  QualifiedName table;
  std::string alias;
  ParsedExpressionPtr where;
  std::string ToString() const override;
};

struct ExplainStatement : Statement {
  ExplainStatement() : Statement(StatementKind::kExplain) {}
  bool analyze = false;
  std::unique_ptr<Statement> statement;
  std::string ToString() const override;
};

// COPY table [(cols)] TO|FROM 'file' [(options)], COPY (query) TO 'file' [(options)].
struct CopyStatement : Statement {
  CopyStatement() : Statement(StatementKind::kCopy) {}
  QualifiedName table;                // set when copying a table (empty name when 'query' is set)
  std::vector<std::string> columns;
  std::unique_ptr<QueryNode> query;   // COPY (query) TO ...
  bool is_from = false;               // true: FROM file into table; false: TO file
  std::string path;                   // file path (STDIN/STDOUT are rejected as not supported)
  std::vector<NamedOption> options;   // FORMAT csv, COMPRESSION zstd, HEADER [true], DELIMITER ','
                                      // option values of bare words are kColumnRef expressions
  std::string ToString() const override;
};

struct PrepareStatement : Statement {
  PrepareStatement() : Statement(StatementKind::kPrepare) {}
  std::string name;
  std::vector<TypeName> parameter_types;  // PREPARE p (INT, TEXT) AS ...
  std::unique_ptr<Statement> statement;
  std::string ToString() const override;
};

struct ExecuteStatement : Statement {
  ExecuteStatement() : Statement(StatementKind::kExecute) {}
  std::string name;
  std::vector<ParsedExpressionPtr> parameters;  // EXECUTE p(1, 'x')
  std::string ToString() const override;
};

struct DeallocateStatement : Statement {
  DeallocateStatement() : Statement(StatementKind::kDeallocate) {}
  std::string name;  // empty = DEALLOCATE ALL
  std::string ToString() const override;
};

enum class SetScope : uint8_t { kDefault, kSession, kLocal, kGlobal };

// SET [SESSION|LOCAL|GLOBAL] name = value | name TO value; RESET name ('is_reset', value null).
// Bare-word values (SET threads TO default, SET x = on) are kColumnRef expressions.
struct SetStatement : Statement {
  SetStatement() : Statement(StatementKind::kSet) {}
  std::string name;  // lower case; dotted names joined with '.'
  SetScope scope = SetScope::kDefault;
  bool is_reset = false;
  ParsedExpressionPtr value;
  std::string ToString() const override;
};

enum class ShowKind : uint8_t { kTables, kDatabases, kSchemas, kVariable, kAll };

struct ShowStatement : Statement {
  ShowStatement() : Statement(StatementKind::kShow) {}
  ShowKind show_kind = ShowKind::kTables;
  std::string name;  // kVariable: SHOW name
  std::string database;  // kTables: SHOW TABLES FROM|IN database (empty = the current one)
  std::string ToString() const override;
};

// DESCRIBE name / DESCRIBE query / SHOW TABLE name style lookups of a relation's columns.
struct DescribeStatement : Statement {
  DescribeStatement() : Statement(StatementKind::kDescribe) {}
  QualifiedName table;               // set unless 'query' is
  std::unique_ptr<QueryNode> query;  // DESCRIBE SELECT ...
  std::string ToString() const override;
};

// COMMENT ON TABLE|VIEW|COLUMN name IS 'text' | NULL.
struct CommentStatement : Statement {
  CommentStatement() : Statement(StatementKind::kComment) {}
  ObjectKind object_kind = ObjectKind::kTable;
  QualifiedName name;   // the table (for kColumn: the table the column belongs to)
  std::string column;   // kColumn only
  bool is_null = false; // IS NULL removes the comment
  std::string comment;
  std::string ToString() const override;
};

enum class AlterTableAction : uint8_t {
  kSetOptions,    // SET (k = v, ...)
  kAddColumn,     // ADD [COLUMN] [IF NOT EXISTS] coldef
  kDropColumn,    // DROP [COLUMN] [IF EXISTS] name
  kRenameTable,   // RENAME TO new_name
  kRenameColumn,  // RENAME [COLUMN] old TO new
  kAlterColumnType,  // ALTER [COLUMN] c [SET DATA] TYPE type
  kSetProperty,      // SET OWNER 'x' | SET STEWARD 'y': 'property' and 'value'
  kSetSensitivity,   // ALTER [COLUMN] c SET SENSITIVITY name: 'column.name' and 'value'
};

struct AlterTableStatement : Statement {
  AlterTableStatement() : Statement(StatementKind::kAlterTable) {}
  QualifiedName table;
  bool if_exists = false;         // ALTER TABLE IF EXISTS
  AlterTableAction action = AlterTableAction::kSetOptions;
  std::vector<NamedOption> options;  // kSetOptions
  ColumnDefinition column;        // kAddColumn; kAlterColumnType uses 'column.name' + 'column.type'
  bool if_column_exists = false;  // ADD COLUMN IF NOT EXISTS / DROP COLUMN IF EXISTS
  std::string old_name;           // kDropColumn, kRenameColumn
  std::string new_name;           // kRenameTable, kRenameColumn
  std::string property;           // kSetProperty: "owner" or "steward"
  std::string value;              // kSetProperty: the text; kSetSensitivity: the level (lower case)
  std::string ToString() const override;
};

enum class TransactionKind : uint8_t { kBegin, kCommit, kRollback };

struct TransactionStatement : Statement {
  TransactionStatement() : Statement(StatementKind::kTransaction) {}
  TransactionKind transaction_kind = TransactionKind::kBegin;
  std::string ToString() const override;
};

// USE database: the database unqualified table names refer to.
struct UseStatement : Statement {
  UseStatement() : Statement(StatementKind::kUse) {}
  std::string database;
  std::string ToString() const override;
};

// VACUUM table [RETAIN n DAYS|HOURS]: expires old snapshots and deletes unreferenced data files.
struct VacuumStatement : Statement {
  VacuumStatement() : Statement(StatementKind::kVacuum) {}
  QualifiedName table;
  int64_t retain_hours = -1;  // -1 = the lake's retention setting
  std::string ToString() const override;
};

// Lake Formation-style authorization (docs/authorization.md; run by the session through
// AccessControl::Execute / ShowGrants):
//   GRANT privilege [, ...] | ALL [PRIVILEGES] ON DATABASE d | TABLE [d.]t [(col, ...)] | SECRET s
//     TO ROLE r | USER u;   REVOKE ... FROM ROLE r | USER u
//   GRANT ROLE r TO USER u;  REVOKE ROLE r FROM USER u;  CREATE ROLE r;  DROP ROLE r
//   CREATE ROW FILTER f ON [d.]t FOR ROLE r | USER u USING (expr);  DROP ROW FILTER f ON [d.]t
//   SHOW GRANTS [FOR ROLE r | USER u]
enum class AuthorizationKind : uint8_t {
  kGrant,
  kRevoke,
  kGrantRole,
  kRevokeRole,
  kCreateRole,
  kDropRole,
  kCreateRowFilter,
  kDropRowFilter,
  kShowGrants,
};
enum class GrantObjectKind : uint8_t { kNone, kDatabase, kTable, kSecret };
enum class GranteeKind : uint8_t { kNone, kRole, kUser };

struct AuthorizationStatement : Statement {
  AuthorizationStatement() : Statement(StatementKind::kAuthorization) {}
  AuthorizationKind authorization_kind = AuthorizationKind::kGrant;
  // kGrant / kRevoke: the privileges as written (deduplicated), or 'all_privileges' for ALL.
  std::vector<Privilege> privileges;
  bool all_privileges = false;
  // kGrant / kRevoke: the object. Row filters: kTable. 'database' is "" when the table name was
  // unqualified (the session fills in its current database before Execute).
  GrantObjectKind object_kind = GrantObjectKind::kNone;
  std::string database;  // kDatabase: the database; kTable: the table's database
  std::string name;      // kTable: the table; kSecret: the secret
  std::vector<std::string> columns;  // TABLE t (a, b); empty = the whole table
  int64_t object_offset = -1;
  // Who receives or loses: kGrant, kRevoke, kGrantRole / kRevokeRole (a user), row filters, and
  // SHOW GRANTS FOR (kNone = the caller's own grants, or all for an administrator).
  GranteeKind grantee_kind = GranteeKind::kNone;
  std::string grantee;
  int64_t grantee_offset = -1;
  std::string role;  // kGrantRole, kRevokeRole, kCreateRole, kDropRole
  int64_t role_offset = -1;
  std::string filter_name;        // row filters
  std::string filter_expression;  // kCreateRowFilter: the expression, canonical (ToString) text
  int64_t filter_offset = -1;     // kCreateRowFilter: offset of the expression

  // A deep copy (offsets included).
  std::unique_ptr<AuthorizationStatement> Copy() const;
  std::string ToString() const override;
};

}  // namespace tarn::sql
