#!/usr/bin/env node
// The peer of bench/ingest.sh: DuckDB converting the seed CSV to zstd Parquet,
//   COPY (FROM read_csv('<csv>')) TO '<out>' (FORMAT parquet, COMPRESSION zstd)
// with DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_csv_to_parquet.mjs --csv FILE --out FILE.parquet [--threads N]
// Prints "QUERY_SECONDS <s>" (the COPY alone, without Node start-up) on stderr.
import { connect, parseOptions, quote, reportSeconds } from './duckdb_peer.mjs';

const { csv, out, threads } = parseOptions(
  'duckdb_csv_to_parquet.mjs --csv FILE --out FILE.parquet [--threads N]', ['csv', 'out']);
const connection = await connect(threads);
const start = performance.now();
await connection.run(`COPY (FROM read_csv('${quote(csv)}')) TO '${quote(out)}' (FORMAT parquet, COMPRESSION zstd)`);
reportSeconds(start, 3);
