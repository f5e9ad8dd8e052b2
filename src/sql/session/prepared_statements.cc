// Prepared statements: PREPARE name [(types)] AS statement, EXECUTE name(values), DEALLOCATE, and
// the Session API behind them. A prepared statement is parsed once; it is bound and planned at
// each execution with its values as constants, so each run gets a plan for its values.
#include <fmt/format.h>

#include <algorithm>

#include "common/error.h"
#include "sql/optimizer/optimizer.h"
#include "sql/parser/lexer.h"
#include "sql/parser/parser.h"
#include "sql/session/statement_context.h"

namespace tarn::sql {

namespace {

LogicalType ResolveParameterType(const TypeName& name) {
  std::string text = name.name;
  if (!name.parameters.empty() && (name.name == "decimal" || name.name == "numeric")) {
    text += "(" + std::to_string(name.parameters[0]);
    if (name.parameters.size() > 1) text += "," + std::to_string(name.parameters[1]);
    text += ")";
  }
  LogicalType type = name.array_dimensions > 0 ? LogicalType(TypeId::kInvalid)
                                               : ParseLogicalType(text);
  if (type.id() == TypeId::kInvalid) {
    throw Error(ErrorCode::kBinderError, "type \"" + name.ToString() + "\" does not exist")
        .AtQueryOffset(name.query_offset);
  }
  return type;
}

void CheckPreparable(const Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kSelect:
    case StatementKind::kInsert:
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
    case StatementKind::kExplain:
      return;
    default: {
      std::string text = statement.ToString();
      throw Error(ErrorCode::kNotSupported,
                  "not supported: preparing " + text.substr(0, text.find(' ')) + " statements")
          .AtQueryOffset(statement.query_offset);
    }
  }
}

}  // namespace

size_t CountParameters(const std::string& sql) {
  size_t highest = 0;
  size_t questions = 0;
  for (const Token& token : Tokenize(sql)) {
    if (token.kind != TokenKind::kParameter) continue;
    if (token.text.empty()) {
      ++questions;
    } else {
      size_t index = 0;
      for (char c : token.text) index = std::min<size_t>(index * 10 + static_cast<size_t>(c - '0'), 1u << 20);
      highest = std::max(highest, index);
    }
  }
  return std::max(highest, questions);
}

std::shared_ptr<const PreparedStatement> MakePrepared(std::shared_ptr<const Statement> statement,
                                                      std::vector<LogicalType> parameter_types) {
  CheckPreparable(*statement);
  size_t count = std::max(CountParameters(statement->text), parameter_types.size());
  return std::make_shared<PreparedStatement>(std::move(statement), count,
                                             std::move(parameter_types));
}

QueryResult RunPrepared(StatementContext& context, const PreparedStatement& prepared,
                        const std::string& name, std::vector<exec::Value> values,
                        std::vector<bool> untyped, int64_t offset) {
  std::string what = name.empty() ? "prepared statement" : "prepared statement \"" + name + "\"";
  if (values.size() != prepared.parameter_count()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("wrong number of parameters for {}: expected {} but got {}", what,
                            prepared.parameter_count(), values.size()))
        .AtQueryOffset(offset);
  }
  const auto& types = prepared.parameter_types();
  for (size_t i = 0; i < types.size(); ++i) {
    if (values[i].is_null()) {
      values[i] = exec::Value::Null(types[i]);
    } else if (values[i].type() != types[i]) {
      exec::BoundExpression constant;
      constant.kind = exec::ExpressionKind::kConstant;
      constant.type = values[i].type();
      constant.constant = values[i];
      constant.query_offset = offset;
      try {
        values[i] = EvaluateConstant(*Binder::AddCast(constant.Copy(), types[i]));
      } catch (const Error& error) {
        throw Error(error.code(), fmt::format("parameter ${} of {}: {}", i + 1, what,
                                              error.message()))
            .AtQueryOffset(offset);
      }
    }
    untyped[i] = false;
  }
  StatementContext inner{context.pool,  context.memory,   context.options,
                         context.catalog, context.store, context.prepared,
                         values,        untyped,          context.subqueries};
  inner.lake = context.lake;
  // The subquery executor borrows 'context' (same pool and memory), so it can be shared.
  if (offset < 0) return RunStatement(inner, prepared.statement());
  try {
    return RunStatement(inner, prepared.statement());
  } catch (Error& error) {
    // Offsets into the prepared text mean nothing in the EXECUTE's SQL: point at the EXECUTE.
    if (error.location().query_offset >= 0) {
      ErrorLocation location = error.location();
      location.query_offset = offset;
      error.At(location);
    }
    throw;
  }
}

QueryResult RunPrepare(StatementContext& context, const PrepareStatement& statement) {
  if (context.prepared.count(statement.name) > 0) {
    throw Error(ErrorCode::kConflict,
                "prepared statement \"" + statement.name + "\" already exists")
        .AtQueryOffset(statement.query_offset);
  }
  std::vector<LogicalType> types;
  for (const auto& type : statement.parameter_types) types.push_back(ResolveParameterType(type));
  CheckPreparable(*statement.statement);
  // Re-parse the statement's own text so the prepared copy owns its tree (offsets now point into
  // that text).
  auto parsed = ParseStatements(statement.statement->text);
  TARN_CHECK(parsed.size() == 1);
  std::shared_ptr<const Statement> owned = std::move(parsed[0]);
  context.prepared[statement.name] = MakePrepared(std::move(owned), std::move(types));
  return StatusResult("PREPARE");
}

QueryResult RunExecute(StatementContext& context, const ExecuteStatement& statement) {
  auto entry = context.prepared.find(statement.name);
  if (entry == context.prepared.end()) {
    throw Error(ErrorCode::kBinderError,
                "prepared statement \"" + statement.name + "\" does not exist")
        .AtQueryOffset(statement.query_offset);
  }
  std::shared_ptr<const PreparedStatement> prepared = entry->second;  // survives DEALLOCATE
  std::vector<exec::Value> values;
  std::vector<bool> untyped;
  auto binder = context.MakeBinder();
  for (const auto& parameter : statement.parameters) {
    values.push_back(EvaluateConstant(*binder->BindStandalone(*parameter)));
    // A quoted literal is untyped (it takes the type the statement uses it as); so is a value
    // that EXECUTE itself received as untyped text.
    untyped.push_back(parameter->kind == ExpressionKind::kConstant &&
                      parameter->constant_kind == ConstantKind::kString);
    if (parameter->kind == ExpressionKind::kParameter) {
      size_t index = static_cast<size_t>(parameter->parameter_index);
      if (index >= 1 && index <= context.untyped.size() && context.untyped[index - 1]) {
        values.back() = context.params[index - 1];  // the text itself, typed by the statement
        untyped.back() = true;
      }
    }
  }
  return RunPrepared(context, *prepared, statement.name, std::move(values), std::move(untyped),
                     statement.query_offset);
}

QueryResult RunDeallocate(StatementContext& context, const DeallocateStatement& statement) {
  if (statement.name.empty()) {
    context.prepared.clear();
    return StatusResult("DEALLOCATE ALL");
  }
  if (context.prepared.erase(statement.name) == 0) {
    throw Error(ErrorCode::kBinderError,
                "prepared statement \"" + statement.name + "\" does not exist")
        .AtQueryOffset(statement.query_offset);
  }
  return StatusResult("DEALLOCATE");
}

}  // namespace tarn::sql
