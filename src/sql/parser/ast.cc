// Construction, deep copies and equality of syntax-tree nodes (rendering is in ast_to_string.cc).
#include "sql/parser/ast.h"

namespace tarn::sql {
namespace {

ParsedExpressionPtr CopyOrNull(const ParsedExpressionPtr& expression) {
  return expression == nullptr ? nullptr : expression->Copy();
}

std::vector<ParsedExpressionPtr> CopyList(const std::vector<ParsedExpressionPtr>& list) {
  std::vector<ParsedExpressionPtr> copy;
  copy.reserve(list.size());
  for (const ParsedExpressionPtr& item : list) copy.push_back(CopyOrNull(item));
  return copy;
}

std::vector<OrderByItem> CopyOrderBy(const std::vector<OrderByItem>& list) {
  std::vector<OrderByItem> copy;
  copy.reserve(list.size());
  for (const OrderByItem& item : list) copy.push_back(item.Copy());
  return copy;
}

}  // namespace

const char* ExpressionOpToString(ExpressionOp op) {
  switch (op) {
    case ExpressionOp::kNone: return "";
    case ExpressionOp::kNegate: return "-";
    case ExpressionOp::kPlus: return "+";
    case ExpressionOp::kBitwiseNot: return "~";
    case ExpressionOp::kAdd: return "+";
    case ExpressionOp::kSubtract: return "-";
    case ExpressionOp::kMultiply: return "*";
    case ExpressionOp::kDivide: return "/";
    case ExpressionOp::kIntegerDivide: return "//";
    case ExpressionOp::kModulo: return "%";
    case ExpressionOp::kPower: return "^";
    case ExpressionOp::kConcat: return "||";
    case ExpressionOp::kBitwiseAnd: return "&";
    case ExpressionOp::kBitwiseOr: return "|";
    case ExpressionOp::kShiftLeft: return "<<";
    case ExpressionOp::kShiftRight: return ">>";
    case ExpressionOp::kEqual: return "=";
    case ExpressionOp::kNotEqual: return "<>";
    case ExpressionOp::kLess: return "<";
    case ExpressionOp::kLessEqual: return "<=";
    case ExpressionOp::kGreater: return ">";
    case ExpressionOp::kGreaterEqual: return ">=";
    case ExpressionOp::kIsDistinctFrom: return "IS DISTINCT FROM";
    case ExpressionOp::kIsNotDistinctFrom: return "IS NOT DISTINCT FROM";
    case ExpressionOp::kLike: return "LIKE";
    case ExpressionOp::kNotLike: return "NOT LIKE";
    case ExpressionOp::kILike: return "ILIKE";
    case ExpressionOp::kNotILike: return "NOT ILIKE";
    case ExpressionOp::kSimilarTo: return "SIMILAR TO";
    case ExpressionOp::kNotSimilarTo: return "NOT SIMILAR TO";
    case ExpressionOp::kGlob: return "GLOB";
    case ExpressionOp::kRegexMatch: return "~";
    case ExpressionOp::kRegexNotMatch: return "!~";
    case ExpressionOp::kRegexIMatch: return "~*";
    case ExpressionOp::kRegexNotIMatch: return "!~*";
    case ExpressionOp::kAnd: return "AND";
    case ExpressionOp::kOr: return "OR";
  }
  return "?";
}

ParsedExpression::ParsedExpression() = default;
ParsedExpression::~ParsedExpression() = default;
ParsedExpression::ParsedExpression(ParsedExpression&&) noexcept = default;
ParsedExpression& ParsedExpression::operator=(ParsedExpression&&) noexcept = default;

ParsedExpressionPtr ParsedExpression::Copy() const {
  auto copy = std::make_unique<ParsedExpression>();
  copy->kind = kind;
  copy->query_offset = query_offset;
  copy->alias = alias;
  copy->children = CopyList(children);
  copy->names = names;
  copy->star_exclude = star_exclude;
  copy->constant_kind = constant_kind;
  copy->value = value;
  copy->type = type;
  copy->try_cast = try_cast;
  copy->parameter_index = parameter_index;
  copy->op = op;
  copy->negated = negated;
  if (subquery != nullptr) copy->subquery = subquery->Copy();
  copy->case_operand = CopyOrNull(case_operand);
  for (const CaseBranch& branch : case_branches) {
    copy->case_branches.push_back(CaseBranch{CopyOrNull(branch.when), CopyOrNull(branch.then)});
  }
  copy->else_expression = CopyOrNull(else_expression);
  copy->function_schema = function_schema;
  copy->function_name = function_name;
  copy->argument_names = argument_names;
  copy->distinct = distinct;
  copy->star_argument = star_argument;
  copy->order_by = CopyOrderBy(order_by);
  copy->filter = CopyOrNull(filter);
  if (window != nullptr) copy->window = window->Copy();
  copy->ignore_nulls = ignore_nulls;
  copy->struct_keys = struct_keys;
  return copy;
}

bool ParsedExpression::Equals(const ParsedExpression& other) const {
  // The rendering contains every semantic field and no offsets or top-level alias.
  return kind == other.kind && ToString() == other.ToString();
}

OrderByItem OrderByItem::Copy() const {
  OrderByItem copy;
  copy.expression = CopyOrNull(expression);
  copy.direction = direction;
  copy.null_order = null_order;
  copy.query_offset = query_offset;
  return copy;
}

FrameBound FrameBound::Copy() const {
  FrameBound copy;
  copy.kind = kind;
  copy.offset = CopyOrNull(offset);
  return copy;
}

std::unique_ptr<WindowSpec> WindowSpec::Copy() const {
  auto copy = std::make_unique<WindowSpec>();
  copy->base_window = base_window;
  copy->partition_by = CopyList(partition_by);
  copy->order_by = CopyOrderBy(order_by);
  copy->frame_unit = frame_unit;
  copy->frame_start = frame_start.Copy();
  copy->frame_end = frame_end.Copy();
  copy->query_offset = query_offset;
  return copy;
}

CommonTableExpression CommonTableExpression::Copy() const {
  CommonTableExpression copy;
  copy.name = name;
  copy.column_names = column_names;
  if (query != nullptr) copy.query = query->Copy();
  copy.query_offset = query_offset;
  return copy;
}

QueryNode::QueryNode() = default;
QueryNode::~QueryNode() = default;

std::unique_ptr<QueryNode> QueryNode::Copy() const {
  auto copy = std::make_unique<QueryNode>();
  copy->kind = kind;
  copy->query_offset = query_offset;
  copy->recursive = recursive;
  for (const CommonTableExpression& cte : ctes) copy->ctes.push_back(cte.Copy());
  copy->order_by = CopyOrderBy(order_by);
  copy->limit = CopyOrNull(limit);
  copy->offset = CopyOrNull(offset);
  copy->distinct = distinct;
  copy->distinct_on = CopyList(distinct_on);
  copy->select_list = CopyList(select_list);
  if (from != nullptr) copy->from = from->Copy();
  copy->where = CopyOrNull(where);
  copy->group_by = CopyList(group_by);
  copy->group_by_all = group_by_all;
  copy->having = CopyOrNull(having);
  copy->qualify = CopyOrNull(qualify);
  for (const WindowDefinition& window : windows) {
    WindowDefinition definition;
    definition.name = window.name;
    if (window.spec != nullptr) definition.spec = window.spec->Copy();
    definition.query_offset = window.query_offset;
    copy->windows.push_back(std::move(definition));
  }
  copy->set_operation = set_operation;
  copy->set_all = set_all;
  if (left != nullptr) copy->left = left->Copy();
  if (right != nullptr) copy->right = right->Copy();
  for (const std::vector<ParsedExpressionPtr>& row : values) copy->values.push_back(CopyList(row));
  return copy;
}

TableRef::TableRef() = default;
TableRef::~TableRef() = default;

std::unique_ptr<TableRef> TableRef::Copy() const {
  auto copy = std::make_unique<TableRef>();
  copy->kind = kind;
  copy->query_offset = query_offset;
  copy->alias = alias;
  copy->column_aliases = column_aliases;
  copy->name = name;
  copy->as_of_kind = as_of_kind;
  copy->as_of = CopyOrNull(as_of);
  copy->path = path;
  copy->function = CopyOrNull(function);
  if (subquery != nullptr) copy->subquery = subquery->Copy();
  copy->join_kind = join_kind;
  copy->natural = natural;
  if (left != nullptr) copy->left = left->Copy();
  if (right != nullptr) copy->right = right->Copy();
  copy->condition = CopyOrNull(condition);
  copy->using_columns = using_columns;
  return copy;
}

}  // namespace tarn::sql
