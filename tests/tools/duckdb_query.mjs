#!/usr/bin/env node
// Runs SQL in DuckDB (the reference engine) and prints the rows in the sqllogictest result format
// tarn's `tarn slt` expects: one row per line, values separated by tabs, NULL as `NULL`, the empty
// string as `(empty)`, and values of R columns with exactly 3 decimals. This is how the expected
// results in tests/sql/**/*.test are derived — never from tarn's own output.
//
//   node tests/tools/duckdb_query.mjs [--types IRT] [--sort nosort|rowsort] [--dir DIR] "SQL"
//       prints the result of SQL (the last statement when several are given; SQL may also come on
//       stdin). --types gives one letter per column (R = 3 decimals); default: R for DOUBLE
//       columns, I for integers, T otherwise. --dir is the working directory for relative paths
//       (default: the repository's tests/ folder, the folder `tarn slt` resolves paths against).
//
//   node tests/tools/duckdb_query.mjs --fill FILE.test [--check]
//       recomputes the expected rows of every `query` record in FILE from DuckDB and rewrites FILE
//       in place (--check: only reports records whose rows differ, exit status 1 if any).
//       Comment lines directly above a record steer it:
//         # duckdb: <SQL>      run this SQL in DuckDB instead (states a deliberate difference, e.g.
//                              PostgreSQL's integer 7 / 2 is DuckDB's 7 // 2)
//         # by hand: <reason>  keep the rows written in the file (hand-derived; not run)
//       `statement error` records are run too and a note is printed when DuckDB does not fail
//       (tarn follows PostgreSQL there); their expected messages are written by hand.
//
// DuckDB comes from @duckdb/node-api installed by scripts/install-deps into .deps/node; NODE_PATH
// is honoured as a fallback.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function loadDuckDB() {
  const candidates = [path.join(repoRoot, '.deps/node/package.json'), import.meta.url];
  for (const base of candidates) {
    try {
      return createRequire(base)('@duckdb/node-api');
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  console.error('duckdb_query: @duckdb/node-api not found; run scripts/install-deps');
  process.exit(2);
}

const duckdb = loadDuckDB();
const { DuckDBInstance, DuckDBTypeId } = duckdb;

const kIntegerTypes = new Set([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT,
]);
const kFloatTypes = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);

// Shortest round-trip text of a double in the style of C++ std::to_chars (tarn's FormatDouble):
// fixed or scientific, whichever is shorter (fixed on a tie), exponent with sign and >= 2 digits.
export function formatDouble(value) {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exponential = value.toExponential();  // shortest digits, e.g. "-1.2345e-7"
  const [mantissa, exponentText] = exponential.split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let fixed;
  if (exponent >= digits.length - 1) {
    fixed = digits + '0'.repeat(exponent - digits.length + 1);
  } else if (exponent >= 0) {
    fixed = digits.slice(0, exponent + 1) + '.' + digits.slice(exponent + 1);
  } else {
    fixed = '0.' + '0'.repeat(-exponent - 1) + digits;
  }
  const absExponent = Math.abs(exponent);
  const scientific = (digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits) + 'e' +
      (exponent < 0 ? '-' : '+') + (absExponent < 10 ? '0' : '') + absExponent;
  const best = fixed.length <= scientific.length ? fixed : scientific;
  return (negative ? '-' : '') + best;
}

// printf("%.3f") of a double: exact value rounded, ties (exactly representable) to even.
export function formatReal(value) {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const scaled = Math.abs(value) * 1000;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled) && scaled < 2 ** 50) {
    let rounded = Math.floor(scaled);
    if (rounded % 2 === 1) rounded += 1;
    const text = (rounded / 1000).toFixed(3);
    return (value < 0 ? '-' : '') + text;
  }
  return value.toFixed(3);
}

function formatValue(value, typeId, letter) {
  if (value === null || value === undefined) return 'NULL';
  if (letter === 'R') {
    const number = typeof value === 'number' ? value : Number(value.toString());
    return formatReal(number);
  }
  if (typeof value === 'number') {
    return kFloatTypes.has(typeId) ? formatDouble(value) : String(value);
  }
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : value.toString();
  return text === '' ? '(empty)' : text;
}

function defaultLetter(typeId) {
  if (kFloatTypes.has(typeId)) return 'R';
  if (kIntegerTypes.has(typeId)) return 'I';
  return 'T';
}

// Returns the formatted rows (array of tab-joined lines) of the last statement in 'sql'.
async function runQuery(connection, sql, types, sort) {
  const reader = await connection.runAndReadAll(sql);
  const columnCount = reader.columnCount;
  const typeIds = [];
  for (let column = 0; column < columnCount; ++column) typeIds.push(reader.columnTypeId(column));
  const letters = types ? types.split('') : typeIds.map(defaultLetter);
  if (letters.length !== columnCount) {
    throw new Error(`types '${types}' name ${letters.length} columns but the query returns ${columnCount}`);
  }
  const lines = reader.getRows().map(
      (row) => row.map((value, column) => formatValue(value, typeIds[column], letters[column])).join('\t'));
  if (sort === 'rowsort') lines.sort();
  return lines;
}

async function openConnection(dir) {
  process.chdir(dir);
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

// --- fill mode --------------------------------------------------------------------------------

async function fill(file, check) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const connection = await openConnection(path.resolve(repoRoot, 'tests'));
  const output = [];
  let mismatches = 0;
  let directives = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index];
    if (line.startsWith('#')) {
      const match = line.match(/^#\s*(duckdb|by hand):\s*(.*)$/);
      if (match) directives.push({ kind: match[1], text: match[2] });
      output.push(line);
      ++index;
      continue;
    }
    const header = line.trim().split(/\s+/);
    if (header[0] !== 'query' && header[0] !== 'statement') {
      if (line.trim() === '') directives = [];
      output.push(line);
      ++index;
      continue;
    }
    const recordLine = index + 1;
    output.push(line);
    ++index;
    const sqlLines = [];
    while (index < lines.length && lines[index].trim() !== '' && lines[index] !== '----') {
      sqlLines.push(lines[index]);
      output.push(lines[index]);
      ++index;
    }
    const sql = sqlLines.join('\n');
    const alternative = directives.find((d) => d.kind === 'duckdb');
    const byHand = directives.some((d) => d.kind === 'by hand');
    directives = [];
    if (header[0] === 'statement') {
      // Copy an optional "----" + expected message block unchanged.
      while (index < lines.length && lines[index].trim() !== '') output.push(lines[index++]);
      if (byHand) continue;
      let failed = false;
      try {
        await connection.run(alternative ? alternative.text : sql);
      } catch (error) {
        failed = true;
        if (header[1] === 'ok') {
          console.error(`${file}:${recordLine}: DuckDB fails a 'statement ok': ${error.message}`);
          ++mismatches;
        }
      }
      if (header[1] === 'error' && !failed) {
        console.error(`${file}:${recordLine}: note: DuckDB accepts this 'statement error' (tarn follows PostgreSQL)`);
      }
      continue;
    }
    // query record: skip the old rows, then write the new ones.
    const oldRows = [];
    if (index < lines.length && lines[index] === '----') {
      ++index;
      while (index < lines.length && lines[index].trim() !== '') oldRows.push(lines[index++]);
    }
    let rows = oldRows;
    if (!byHand) {
      try {
        rows = await runQuery(connection, alternative ? alternative.text : sql, header[1], header[2]);
      } catch (error) {
        console.error(`${file}:${recordLine}: DuckDB error: ${error.message}`);
        ++mismatches;
      }
    }
    if (rows.join('\n') !== oldRows.join('\n')) {
      if (check) {
        console.error(`${file}:${recordLine}: rows differ from DuckDB:\n  expected in file: ${JSON.stringify(oldRows)}\n  DuckDB:           ${JSON.stringify(rows)}`);
        ++mismatches;
      }
    }
    output.push('----');
    for (const row of rows) output.push(row);
  }
  const newText = output.join('\n');
  if (!check && newText !== text) writeFileSync(file, newText);
  return mismatches;
}

// --- main -------------------------------------------------------------------------------------

async function main() {
  const args = process.argv.slice(2);
  let types = null;
  let sort = 'nosort';
  let dir = path.resolve(repoRoot, 'tests');
  let fillFile = null;
  let check = false;
  const positional = [];
  for (let i = 0; i < args.length; ++i) {
    const arg = args[i];
    if (arg === '--types') types = args[++i];
    else if (arg === '--sort') sort = args[++i];
    else if (arg === '--dir') dir = path.resolve(args[++i]);
    else if (arg === '--fill') fillFile = path.resolve(args[++i]);
    else if (arg === '--check') check = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 25).join('\n'));
      return 0;
    } else positional.push(arg);
  }
  if (fillFile) {
    const mismatches = await fill(fillFile, check);
    return mismatches ? 1 : 0;
  }
  const sql = positional.length ? positional.join(' ') : readFileSync(0, 'utf8');
  const connection = await openConnection(dir);
  try {
    const rows = await runQuery(connection, sql, types, sort);
    for (const row of rows) console.log(row);
  } catch (error) {
    console.error(`Error: ${error.message}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
