#!/usr/bin/env node
// Parquet interop both ways between tarn and DuckDB (the reference engine), on data made at test
// time in a temporary directory:
//   1. DuckDB writes files (every codec, dictionary on and off, data pages v1 and v2, several row
//      groups, NULLs, every supported type); tarn reads each and exports it as CSV; DuckDB checks
//      that the CSV holds exactly the rows of the file (EXCEPT ALL both ways; CSV doubles are
//      shortest round-trip text, so the comparison is exact).
//   2. tarn writes Parquet (every codec, small and default row groups) and CSV from those files;
//      DuckDB reads tarn's files and checks they hold the same rows and that the column statistics
//      (min, max, null count) match the data.
//   node tests/e2e/parquet_interop.mjs TARN_BINARY
// Prints one line per failed check and "N passed, M failed"; exit status 1 when any check failed.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repoRoot, '.deps/node/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const tarn = path.resolve(process.argv[2]);
const work = mkdtempSync(path.join(os.tmpdir(), 'tarn-parquet-interop-'));
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`);
  }
}

function runTarn(sql) {
  return execFileSync(tarn, ['sql', '--format', 'csv', '-c', sql], { cwd: work, encoding: 'utf8' });
}

const rows = 30000;
const dataQuery = `
  SELECT
    i AS id,
    CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
    CASE WHEN i % 11 = 1 THEN NULL ELSE ((i * 37) % 256 - 128)::TINYINT END AS i8,
    CASE WHEN i % 13 = 2 THEN NULL ELSE ((i * 997) % 65536 - 32768)::SMALLINT END AS i16,
    CASE WHEN i % 5 = 3 THEN NULL ELSE (hash(i) % 2000000000)::BIGINT::INTEGER - 1000000000 END AS i32,
    CASE WHEN i % 9 = 4 THEN NULL ELSE (hash(i * 7) % 9000000000000000000)::BIGINT - 4500000000000000000 END AS i64,
    CASE WHEN i % 17 = 5 THEN NULL ELSE (hash(i) % 4294967295)::UINTEGER END AS u32,
    CASE WHEN i % 19 = 6 THEN NULL ELSE (i / 16.0 - 1000)::FLOAT END AS f,
    CASE WHEN i % 23 = 7 THEN NULL ELSE (hash(i) % 1000000) / 7.0 - 50000 END AS d,
    CASE WHEN i % 29 = 8 THEN NULL ELSE ((i % 1000) * 0.37 - 100)::DECIMAL(6,2) END AS dec6,
    CASE WHEN i % 31 = 9 THEN NULL ELSE (hash(i) % 100000000000000 / 1000.0)::DECIMAL(18,3) END AS dec18,
    CASE WHEN i % 37 = 10 THEN NULL WHEN i % 41 = 0 THEN '' ELSE
      'v' || (i % 500)::VARCHAR || repeat('x', i % 20) || CASE WHEN i % 3 = 0 THEN ',"q"' ELSE '' END END AS s,
    CASE WHEN i % 43 = 11 THEN NULL ELSE 'unique value ' || i::VARCHAR END AS u,
    CASE WHEN i % 47 = 12 THEN NULL ELSE DATE '1900-01-01' + (hash(i) % 60000)::INTEGER END AS dt,
    CASE WHEN i % 53 = 13 THEN NULL ELSE TIMESTAMP '1960-01-01' + to_microseconds((hash(i) % 3000000000000000)::BIGINT) END AS ts,
    CASE WHEN i % 59 = 14 THEN NULL ELSE (TIMESTAMP '2000-01-01' + to_milliseconds(i * 1000003))::TIMESTAMP_MS END AS ts_ms,
    CASE WHEN i % 61 = 15 THEN NULL ELSE (TIMESTAMP '1990-01-01' + to_microseconds(i * 123456789))::TIMESTAMP_NS END AS ts_ns
  FROM range(${rows}) t(i)`;

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run(`SET TimeZone = 'UTC'`);
const scalar = async (sql) => (await db.runAndReadAll(sql)).getRows()[0][0];

// Returns how many rows differ between two relations (both directions of EXCEPT ALL).
async function differingRows(left, right) {
  const extra = await scalar(`SELECT count(*) FROM (SELECT * FROM ${left} EXCEPT ALL SELECT * FROM ${right})`);
  const missing = await scalar(`SELECT count(*) FROM (SELECT * FROM ${right} EXCEPT ALL SELECT * FROM ${left})`);
  return Number(extra) + Number(missing);
}

// The read_csv call reading 'csv' with the column types DuckDB reports for 'parquet'. tarn writes
// the empty string as "" and NULL as nothing (PostgreSQL's convention): allow_quoted_nulls=false.
async function csvWithTypesOf(csv, parquet) {
  const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM '${parquet}'`)).getRows();
  const columns = described.map(([name, type]) => `'${name}': '${type}'`).join(', ');
  return `read_csv('${csv}', header = true, columns = {${columns}}, quote = '"', escape = '"', allow_quoted_nulls = false)`;
}

try {
  // 1. DuckDB writes, tarn reads.
  const variants = [];
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
    for (const version of ['V1', 'V2']) {
      for (const dictionary of [true, false]) {
        variants.push({ codec, version, dictionary });
      }
    }
  }
  for (const { codec, version, dictionary } of variants) {
    const name = `duck_${codec}_${version}_${dictionary ? 'dict' : 'plain'}`;
    const file = path.join(work, `${name}.parquet`);
    await db.run(`COPY (${dataQuery}) TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, PARQUET_VERSION ${version},
                  ROW_GROUP_SIZE 8192${dictionary ? '' : ', DICTIONARY_SIZE_LIMIT 1'})`);
    const csv = path.join(work, `${name}.csv`);
    try {
      runTarn(`COPY (SELECT * FROM '${file}') TO '${csv}' (FORMAT csv)`);
      const differences = await differingRows(`'${file}'`, await csvWithTypesOf(csv, file));
      check(`tarn reads ${name}`, differences === 0, `${differences} rows differ`);
      const order = runTarn(`SELECT min(id), max(id), count(*) FROM '${file}' WHERE id % 1000 = 999`).trim();
      check(`tarn filters ${name}`, order.endsWith('999,29999,30'), order);
    } catch (error) {
      check(`tarn reads ${name}`, false, String(error.stderr || error.message).trim());
    }
  }

  // 2. tarn writes, DuckDB reads.
  const source = path.join(work, 'duck_zstd_V1_dict.parquet');
  for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
    for (const rowGroupSize of [1000, 1000000]) {
      const name = `tarn_${codec}_${rowGroupSize}`;
      const file = path.join(work, `${name}.parquet`);
      try {
        runTarn(`COPY (SELECT * FROM '${source}') TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${rowGroupSize})`);
        const differences = await differingRows(`'${source}'`, `'${file}'`);
        check(`duckdb reads ${name}`, differences === 0, `${differences} rows differ`);
        const groups = await scalar(`SELECT count(DISTINCT row_group_id) FROM parquet_metadata('${file}')`);
        check(`row groups of ${name}`, Number(groups) === Math.ceil(rows / Math.min(rowGroupSize, rows)), `${groups}`);
        // Statistics: per column, the null counts add up and min / max bound the data.
        const stats = (await db.runAndReadAll(`
          SELECT path_in_schema, sum(stats_null_count), min(stats_min_value), max(stats_max_value)
          FROM parquet_metadata('${file}') GROUP BY path_in_schema`)).getRows();
        for (const [column, nulls] of stats) {
          const expected = await scalar(`SELECT count(*) - count("${column}") FROM '${file}'`);
          check(`null count of ${name}.${column}`, Number(nulls) === Number(expected), `${nulls} vs ${expected}`);
        }
        for (const column of ['id', 'i32', 'i64', 'dec18', 'dt', 's']) {
          const row = (await db.runAndReadAll(`
            SELECT bool_and(stats_min_value = (SELECT min("${column}")::VARCHAR FROM '${file}')) OR ${rowGroupSize < rows},
                   count(*) FILTER (WHERE stats_min_value IS NULL)
            FROM parquet_metadata('${file}') WHERE path_in_schema = '${column}'`)).getRows()[0];
          check(`min statistics of ${name}.${column}`, row[0] === true && Number(row[1]) === 0, String(row));
        }
      } catch (error) {
        check(`tarn writes ${name}`, false, String(error.stderr || error.message).trim());
      }
    }
  }
  // CSV written by tarn reads back in DuckDB.
  const csv = path.join(work, 'tarn.csv');
  try {
    runTarn(`COPY (SELECT * FROM '${source}') TO '${csv}' (FORMAT csv, HEADER true)`);
    const differences = await differingRows(`'${source}'`, await csvWithTypesOf(csv, source));
    check('duckdb reads tarn csv', differences === 0, `${differences} rows differ`);
  } catch (error) {
    check('tarn writes csv', false, String(error.stderr || error.message).trim());
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
