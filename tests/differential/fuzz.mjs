#!/usr/bin/env node
// Differential test: random tables (CSV) and random queries run in tarn and in DuckDB; results are
// compared as multisets (in order when ORDER BY covers every output column), doubles to 1e-9
// relative. Each difference is shrunk to a minimal reproduction, printed and written to --out.
//
//   node tests/differential/fuzz.mjs --tarn build/release/tarn [--seed N] [--seconds S]
//        [--queries Q] [--out DIR] [--max-reports R] [--shrink-seconds S] [--no-avoid] [--verbose]
//
// --no-avoid also generates the constructs of known, unfixed tarn bugs (known_issues.mjs).
// Needs @duckdb/node-api (scripts/install-deps puts it in .deps/node/node_modules). Queries tarn
// rejects with "not supported: ..." are counted, not failed. Exits 1 on any difference, 0 otherwise
// (77 when DuckDB is missing). The same --seed and --queries give the same tables and queries.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Random } from './random.mjs';
import { randomTable, readCsvCall, writeTableCsv } from './tables.mjs';
import { isOrdered, randomQuery, renderQuery, tablesOf } from './queries.mjs';
import { compareResults, runDuckDb, runTarn, showRows } from './engines.mjs';
import { shrinkQuery, shrinkRows } from './shrink.mjs';
import { kKnownIssues } from './known_issues.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function parseOptions(argv) {
  const options = { tarn: path.join(root, 'build/release/tarn'), seed: Date.now() % 1000000, seconds: 60,
    queries: Infinity, out: null, maxReports: 10, shrinkSeconds: 60, verbose: false, queriesPerDataset: 40,
    avoid: true };
  for (let i = 0; i < argv.length; ++i) {
    const value = () => argv[++i];
    switch (argv[i]) {
      case '--tarn': options.tarn = path.resolve(value()); break;
      case '--seed': options.seed = Number(value()); break;
      case '--seconds': options.seconds = Number(value()); break;
      case '--queries': options.queries = Number(value()); break;
      case '--out': options.out = path.resolve(value()); break;
      case '--max-reports': options.maxReports = Number(value()); break;
      case '--shrink-seconds': options.shrinkSeconds = Number(value()); break;
      case '--verbose': options.verbose = true; break;
      case '--no-avoid': options.avoid = false; break;
      case '-h':
      case '--help':
        console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 14).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
        break;
      default:
        console.error(`fuzz.mjs: unknown argument '${argv[i]}' (see --help)`);
        process.exit(2);
    }
  }
  return options;
}

function loadDuckDb() {
  const require = createRequire(path.join(root, '.deps/node/package.json'));
  try {
    return require('@duckdb/node-api');
  } catch {
    try {
      return createRequire(import.meta.url)('@duckdb/node-api');
    } catch {
      return null;
    }
  }
}

// A set of tables on disk and in DuckDB. 'prefix' names its DuckDB tables.
class Dataset {
  constructor(tables, directory, prefix) {
    this.tables = Object.fromEntries(tables.map((table) => [table.name, table]));
    this.directory = directory;
    this.prefix = prefix;
    this.files = {};
  }

  async store(connection, names = Object.keys(this.tables)) {
    mkdirSync(this.directory, { recursive: true });
    for (const name of names) {
      const table = this.tables[name];
      this.files[name] = writeTableCsv(table, this.directory);
      await connection.run(`CREATE OR REPLACE TABLE ${this.prefix}${name} AS SELECT * FROM ${readCsvCall(table, this.files[name], 'duckdb')}`);
    }
  }

  // Renders table references: read_csv for tarn (and for standalone DuckDB repros), tables otherwise.
  tableSql(standalone) {
    return (name, dialect) => {
      if (dialect === 'tarn' || standalone) return readCsvCall(this.tables[name], this.files[name], dialect);
      return `${this.prefix}${name}`;
    };
  }
}

// Runs 'query' in both engines. Returns {kind, detail, tarn, duck} where kind is one of 'same',
// 'unsupported', 'both-error' (not failures) or 'mismatch', 'tarn-error', 'duckdb-error', 'crash',
// 'timeout' (differences).
async function check(options, connection, dataset, query) {
  const tableSql = dataset.tableSql(false);
  const tarn = runTarn(options.tarn, renderQuery(query, 'tarn', tableSql), 30);
  if (!tarn.ok && (tarn.kind === 'crash' || tarn.kind === 'timeout')) return { kind: tarn.kind, detail: tarn.message, tarn };
  if (!tarn.ok && tarn.kind === 'unsupported') return { kind: 'unsupported', detail: tarn.message, tarn };
  const duck = await runDuckDb(connection, renderQuery(query, 'duckdb', tableSql));
  if (!tarn.ok && !duck.ok) return { kind: 'both-error', detail: `${tarn.message}\n${duck.message}`, tarn, duck };
  // Whether an overflowing expression is evaluated at all depends on evaluation order and
  // short-circuiting, where engines legitimately differ (DuckDB skips EXISTS select lists, folds
  // NULL comparisons); counted, not failed.
  if (!tarn.ok && /out of range/.test(firstLine(tarn.message))) return { kind: 'tarn-overflow', detail: tarn.message, tarn, duck };
  if (!tarn.ok) return { kind: 'tarn-error', detail: tarn.message, tarn, duck };
  // DuckDB folds constants at plan time, so it reports e.g. an overflow in a constant expression
  // even when no row reaches it; PostgreSQL does too, tarn evaluates per row. Not a difference.
  if (!duck.ok && tarn.rows.length === 0 && /Out of Range/.test(duck.message)) return { kind: 'both-error', detail: duck.message, tarn, duck };
  if (!duck.ok) return { kind: 'duckdb-error', detail: duck.message, tarn, duck };
  const difference = compareResults(tarn.rows, duck, isOrdered(query));
  return { kind: difference ? 'mismatch' : 'same', detail: difference, tarn, duck };
}

// 'duckdb-error': tarn answered what DuckDB rejects; so far always a DuckDB limitation (e.g. no
// subqueries in outer join conditions), so it is listed, not failed.
const kPassing = new Set(['same', 'unsupported', 'both-error', 'duckdb-error', 'tarn-overflow']);

function firstLine(text) {
  return String(text).split('\n')[0].slice(0, 160);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const duckdb = loadDuckDb();
  if (!duckdb) {
    console.log('differential: skipped, @duckdb/node-api is not installed (run scripts/install-deps)');
    process.exit(77);
  }
  if (!existsSync(options.tarn)) {
    console.error(`differential: no tarn binary at ${options.tarn} (pass --tarn)`);
    process.exit(2);
  }
  const out = options.out || mkdtempSync(path.join(os.tmpdir(), 'tarn-differential-'));
  mkdirSync(out, { recursive: true });
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const random = new Random(options.seed);
  const avoid = new Set(options.avoid ? Object.keys(kKnownIssues) : []);
  const generatorOptions = { subqueries: true, windows: true, avoid };
  const start = Date.now();
  const deadline = start + options.seconds * 1000;
  const counts = { same: 0, unsupported: 0, 'both-error': 0, 'duckdb-error': 0, 'tarn-overflow': 0 };
  const unsupported = new Map();
  const duckdbOnly = new Map();
  const reports = new Map();  // signature -> report number
  let differences = 0;
  let queries = 0;
  console.log(`differential: seed ${options.seed}, tarn ${options.tarn}, output in ${out}`);

  for (let datasetIndex = 0; queries < options.queries && Date.now() < deadline; ++datasetIndex) {
    const tableCount = random.int(2, 3);
    const largeIndex = random.chance(0.15) ? random.int(0, tableCount - 1) : -1;
    const tables = [];
    for (let t = 0; t < tableCount; ++t) {
      const table = randomTable(random, `t${t + 1}`, t === largeIndex, avoid);
      table.large = t === largeIndex;
      tables.push(table);
    }
    const dataset = new Dataset(tables, path.join(out, 'data'), '');
    await dataset.store(connection);
    for (let q = 0; q < options.queriesPerDataset && queries < options.queries && Date.now() < deadline; ++q) {
      const query = randomQuery(random, tables, generatorOptions);
      ++queries;
      const outcome = await check(options, connection, dataset, query);
      if (options.verbose) console.log(`[${queries}] ${outcome.kind}: ${renderQuery(query, 'tarn', () => 't')}`);
      if (kPassing.has(outcome.kind)) {
        counts[outcome.kind] += 1;
        if (outcome.kind === 'unsupported') {
          const message = firstLine(outcome.detail).replace(/^Error: /, '');
          unsupported.set(message, (unsupported.get(message) || 0) + 1);
        }
        if (outcome.kind === 'duckdb-error') {
          const message = firstLine(outcome.detail);
          duckdbOnly.set(message, (duckdbOnly.get(message) || 0) + 1);
          if (options.verbose) console.log(`  ${renderQuery(query, 'duckdb', dataset.tableSql(false))}`);
        }
        continue;
      }
      ++differences;
      counts[outcome.kind] = (counts[outcome.kind] || 0) + 1;
      if (reports.size >= options.maxReports) continue;
      await report(options, connection, dataset, query, outcome, { out, reports, seed: options.seed, queries });
    }
  }

  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  console.log(`differential: ${queries} queries in ${seconds} s: ${counts.same} agree, ${counts.unsupported} not supported by tarn, ` +
              `${counts['both-error']} rejected by both, ${counts['duckdb-error']} rejected by DuckDB only, ` +
              `${counts['tarn-overflow']} overflow in tarn only, ${differences} differ`);
  if (options.avoid) console.log(`  avoided (known tarn bugs, known_issues.mjs): ${Object.values(kKnownIssues).join('; ')}`);
  for (const [kind, count] of Object.entries(counts)) {
    if (!kPassing.has(kind)) console.log(`  ${kind}: ${count}`);
  }
  for (const [message, count] of [...unsupported.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  not supported x${count}: ${message}`);
  }
  for (const [message, count] of [...duckdbOnly.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  rejected by DuckDB only x${count}: ${message}`);
  }
  if (differences) console.log(`differential: FAILED, ${reports.size} distinct reproduction(s) in ${out}`);
  else if (!options.out) rmSync(out, { recursive: true, force: true });
  process.exit(differences ? 1 : 0);
}

// Shrinks a difference, prints its reproduction and writes it to OUT/repro-N/.
async function report(options, connection, dataset, query, outcome, context) {
  const number = context.reports.size + 1;
  const directory = path.join(context.out, `repro-${number}`);
  const copy = new Dataset(Object.values(structuredClone(dataset.tables)), directory, `r${number}_`);
  await copy.store(connection);
  const kind = outcome.kind;
  const signatureOf = (result) => {
    if (result.kind === 'tarn-error' || result.kind === 'crash') return `${result.kind}|${firstLine(result.tarn.message)}`;
    if (result.kind === 'duckdb-error') return `${result.kind}|${firstLine(result.duck.message)}`;
    return result.kind;
  };
  const wanted = signatureOf(outcome);
  const sameKind = async (candidate) => {
    try {
      return signatureOf(await check(options, connection, copy, candidate)) === wanted;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + options.shrinkSeconds * 1000;
  let small = await shrinkQuery(query, sameKind, deadline);
  const names = [...tablesOf(small)];
  await shrinkRows(copy.tables, names, async () => {
    await copy.store(connection, names);
    return sameKind(small);
  }, deadline);
  await copy.store(connection, names);
  small = await shrinkQuery(small, sameKind, deadline);
  const final = await check(options, connection, copy, small);
  const tarnSql = renderQuery(small, 'tarn', copy.tableSql(true));
  const signature = `${final.kind}|${final.kind === 'mismatch' ? renderQuery(small, 'tarn', (name) => name) : firstLine(final.detail)}`;
  if (context.reports.has(signature)) return;
  context.reports.set(signature, number);
  const lines = [
    `==== difference ${number}: ${final.kind} (seed ${context.seed}, query ${context.queries}) ====`,
    `-- tarn:`,
    `${tarnSql};`,
    `-- DuckDB:`,
    `${renderQuery(small, 'duckdb', copy.tableSql(true))};`,
  ];
  for (const name of [...tablesOf(small)]) {
    const table = copy.tables[name];
    lines.push(`-- ${copy.files[name]} (${table.rows.length} rows):`);
    lines.push(readFileSync(copy.files[name], 'utf8').split('\n').slice(0, 25).join('\n').trimEnd());
  }
  lines.push(`-- what differs: ${final.detail ? String(final.detail).trim() : final.kind}`);
  if (final.tarn && final.tarn.ok) lines.push(`-- tarn result:\n${showRows(final.tarn.rows)}`);
  if (final.duck && final.duck.ok) lines.push(`-- DuckDB result:\n${showRows(final.duck.rows)}`);
  const text = lines.join('\n') + '\n';
  writeFileSync(path.join(directory, 'repro.txt'), text);
  writeFileSync(path.join(directory, 'query.sql'), `${tarnSql};\n`);
  console.log(text);
}

await main();
