// How SQLite declared column types map to tarn types (read_sqlite, `tarn ingest sqlite://…`).
// SQLite stores values dynamically; the declared type decides the tarn type and each value is
// converted to it (a value that does not convert is an error naming row and column).
//
//   BOOL, BOOLEAN -> BOOLEAN     DATE -> DATE     DATETIME, TIMESTAMP* -> TIMESTAMP
//   any other name containing INT -> BIGINT (SQLite integers are 64-bit)
//   CHAR, CLOB, TEXT, JSON, UUID -> VARCHAR      REAL, FLOA, DOUB -> DOUBLE
//   DECIMAL(p,s) / NUMERIC(p,s), p <= 18 -> DECIMAL(p,s); larger or without precision -> DOUBLE
// BLOB and columns without a declared type are not supported.
#pragma once

#include <optional>
#include <string_view>

#include "common/logical_type.h"

namespace tarn::format::sqlite {

// Returns the tarn type for a declared column type ("VARCHAR(20)", "integer", "DECIMAL(10, 2)"),
// or nullopt when it is not supported.
std::optional<LogicalType> MapSqliteType(std::string_view declared_type);

}  // namespace tarn::format::sqlite
