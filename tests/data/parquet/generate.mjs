#!/usr/bin/env node
// Writes the Parquet fixtures in this folder with DuckDB (the reference writer), so tarn's reader is
// tested on files another engine produced: every codec, dictionary on and off, data pages v1 and
// v2 (DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT), NULLs, every supported type,
// several row groups, and files tarn must reject (nested, too-wide decimals).
//   node tests/data/parquet/generate.mjs        (rewrites the fixtures; deterministic data)
// The expected query results in tests/sql/parquet/*.test come from DuckDB reading these same files
// (node tests/tools/duckdb_query.mjs --fill FILE.test).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const require = createRequire(path.join(repoRoot, '.deps/node/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

// Every supported type; column c is NULL when (i + c) % 7 == 0, so each column has NULLs at
// different rows. Values repeat with small periods so dictionaries pay off.
const kTypesQuery = (rows, period = 0) => `
  SELECT
    CASE WHEN (i + 1) % 7 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
    CASE WHEN (i + 2) % 7 = 0 THEN NULL ELSE ((i * 37) % 256 - 128)::TINYINT END AS i8,
    CASE WHEN (i + 3) % 7 = 0 THEN NULL ELSE ((i * 997) % 65536 - 32768)::SMALLINT END AS i16,
    CASE WHEN (i + 4) % 7 = 0 THEN NULL ELSE (i * 104729 - 2000000000)::INTEGER END AS i32,
    CASE WHEN (i + 5) % 7 = 0 THEN NULL ELSE (i * 9007199254740 - 4000000000000000000)::BIGINT END AS i64,
    CASE WHEN (i + 6) % 7 = 0 THEN NULL ELSE (i % 256)::UTINYINT END AS u8,
    CASE WHEN i % 7 = 0 THEN NULL ELSE ((i * 331) % 65536)::USMALLINT END AS u16,
    CASE WHEN (i + 1) % 7 = 0 THEN NULL ELSE (4294967295 - i * 7)::UINTEGER END AS u32,
    CASE WHEN (i + 2) % 7 = 0 THEN NULL ELSE (i / 8.0 - 3)::FLOAT END AS f,
    CASE WHEN (i + 3) % 7 = 0 THEN NULL ELSE (i % 5) * 0.1 - i / 3.0 END AS d,
    CASE WHEN (i + 4) % 7 = 0 THEN NULL ELSE ((i % 19) * 0.37 - 3)::DECIMAL(4,2) END AS dec4,
    CASE WHEN (i + 5) % 7 = 0 THEN NULL ELSE ((i % 80) * 12345.678 - 99999.5)::DECIMAL(9,3) END AS dec9,
    CASE WHEN (i + 6) % 7 = 0 THEN NULL ELSE (i * 1234567.891011 - 5e11)::DECIMAL(18,6) END AS dec18,
    CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN '' ELSE
      ['alpha', 'beta', 'a longer string of text', 'δέλτα', 'x,y "quoted"'][i % 5 + 1] || (i % 4)::VARCHAR END AS s,
    CASE WHEN (i + 1) % 7 = 0 THEN NULL ELSE DATE '1969-12-25' + ((i * 37) % 20000)::INTEGER END AS dt,
    CASE WHEN (i + 2) % 7 = 0 THEN NULL ELSE TIMESTAMP '1965-03-01 10:11:12.345678' + to_microseconds(i * 3600000123457) END AS ts,
    CASE WHEN (i + 3) % 7 = 0 THEN NULL ELSE (TIMESTAMP '2001-02-03 04:05:06.789' + to_milliseconds(i * 86400123))::TIMESTAMP_MS END AS ts_ms,
    CASE WHEN (i + 4) % 7 = 0 THEN NULL ELSE (TIMESTAMP '1950-06-07 08:09:10.111213' + to_microseconds(i * 999999999))::TIMESTAMP_NS END AS ts_ns
  FROM (SELECT ${period ? `r % ${period}` : 'r'} AS i FROM range(${rows}) t(r))`;

const fixtures = [
  ['types_uncompressed.parquet', kTypesQuery(60), 'COMPRESSION uncompressed'],
  ['types_snappy.parquet', kTypesQuery(60), 'COMPRESSION snappy'],
  ['types_gzip.parquet', kTypesQuery(60), 'COMPRESSION gzip'],
  ['types_zstd.parquet', kTypesQuery(60), 'COMPRESSION zstd'],
  ['types_dictionary.parquet', kTypesQuery(600, 13), 'COMPRESSION zstd'],
  ['types_plain.parquet', kTypesQuery(600, 13), 'COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1'],
  ['types_v2_dictionary.parquet', kTypesQuery(600, 13), 'COMPRESSION snappy, PARQUET_VERSION V2'],
  ['types_v2.parquet', kTypesQuery(60), 'COMPRESSION snappy, PARQUET_VERSION V2'],
  ['types_v2_plain.parquet', kTypesQuery(60), 'COMPRESSION uncompressed, PARQUET_VERSION V2, DICTIONARY_SIZE_LIMIT 1'],
  ['row_groups.parquet', `SELECT i AS id, CASE WHEN i % 9 = 0 THEN NULL ELSE 'row ' || (i % 100) END AS s,
      (i * 0.25)::DOUBLE AS d, DATE '2020-01-01' + (i % 1000)::INTEGER AS dt FROM range(7000) t(i)`,
   'COMPRESSION zstd, ROW_GROUP_SIZE 2048'],
  ['parts/part_1.parquet', 'SELECT i AS id, (i * 0.5)::DOUBLE AS half, \'p1\' AS part FROM range(0, 1500) t(i)', 'COMPRESSION snappy'],
  ['parts/part_2.parquet', 'SELECT i AS id, (i * 0.5)::DOUBLE AS half, \'p2\' AS part FROM range(1500, 2000) t(i)', 'COMPRESSION gzip'],
  ['nested.parquet', 'SELECT 1 AS id, [1, 2] AS list, {\'a\': 1} AS st', 'COMPRESSION snappy'],
  ['wide_decimal.parquet', 'SELECT 1 AS id, 12345678901234567890.12::DECIMAL(38,2) AS big', 'COMPRESSION snappy'],
  ['uint64.parquet', 'SELECT 1::UBIGINT AS small UNION ALL SELECT 18446744073709551615::UBIGINT', 'COMPRESSION snappy'],
  ['empty.parquet', 'SELECT 1::INTEGER AS id, \'x\' AS s WHERE false', 'COMPRESSION snappy'],
];

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET TimeZone = 'UTC'`);
for (const [file, query, options] of fixtures) {
  const target = path.join(here, file);
  await connection.run(`COPY (${query}) TO '${target}' (FORMAT parquet, ${options})`);
}
console.log(`wrote ${fixtures.length} fixtures to ${path.relative(process.cwd(), here) || '.'}`);
