// How PostgreSQL column types map to tarn types (read_postgres, `tarn ingest postgresql://…`).
//
//   int2, int4 -> INTEGER          int8 -> BIGINT          float4, float8 -> DOUBLE
//   numeric(p,s), p <= 18 -> DECIMAL(p,s)   numeric(p > 18), numeric without precision -> DOUBLE
//   text, varchar, char, name -> VARCHAR     json, jsonb, uuid -> VARCHAR (their text form)
//   bool -> BOOLEAN   date -> DATE   timestamp -> TIMESTAMP   timestamptz -> TIMESTAMP in UTC
// Everything else (bytea, interval, time, arrays, composite, enum …) is not supported.
#pragma once

#include <cstdint>
#include <optional>

#include "common/logical_type.h"

namespace tarn::format::postgres {

// Built-in type OIDs (pg_type.dat; stable across server versions).
enum PostgresOid : uint32_t {
  kBoolOid = 16,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kJsonOid = 114,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimestampOid = 1114,
  kTimestamptzOid = 1184,
  kNumericOid = 1700,
  kUuidOid = 2950,
  kJsonbOid = 3802,
};

// Returns the tarn type of a column with type 'oid' and type modifier 'typmod' (pg_attribute.
// atttypmod; -1 when none), or nullopt when the type is not supported.
std::optional<LogicalType> MapPostgresType(uint32_t oid, int32_t typmod);

}  // namespace tarn::format::postgres
