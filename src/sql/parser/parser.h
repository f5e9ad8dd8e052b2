// SQL text -> syntax tree (ast.h). The first step of parse -> bind -> plan -> execute.
// PostgreSQL dialect where dialects differ, plus DuckDB conveniences (FROM 'file.csv', read_csv(...)
// with named arguments, struct literals, * EXCLUDE, GROUP BY ALL, QUALIFY).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sql/parser/ast.h"

namespace tarn::sql {

// Parses ';'-separated statements (empty statements are skipped). Every node's query_offset is a
// byte offset into 'sql'. Throws Error(kSyntaxError, "syntax error at or near \"X\"", ...) or
// Error(kNotSupported, "not supported: <what>") with the offending token's query offset. Never
// recurses deeper than kMaxParseDepth nested expressions/queries (deeper input is a syntax error).
std::vector<std::unique_ptr<Statement>> ParseStatements(std::string_view sql);

// Parses exactly one expression (tests, CHECK-like options). Throws as ParseStatements.
ParsedExpressionPtr ParseExpression(std::string_view sql);

// Parses a type name such as "decimal(10, 2)" or "timestamp with time zone". Throws as above.
TypeName ParseTypeName(std::string_view sql);

// Nesting limit for expressions, subqueries and parentheses.
constexpr int kMaxParseDepth = 1000;

// Returns 'name' as an identifier: unchanged when it is a lower-case, non-reserved simple
// identifier, otherwise double-quoted with '"' doubled. Used by the ToString() renderers.
std::string QuoteIdentifier(std::string_view name);

}  // namespace tarn::sql
