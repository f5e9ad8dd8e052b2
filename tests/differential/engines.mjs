// Runs one query in tarn (a child process, CSV output) and in DuckDB (in process), turns both
// results into comparable rows typed by DuckDB's column types, and compares them.
import { spawnSync } from 'node:child_process';

// Returns {ok, rows} or {ok: false, kind: 'unsupported'|'error'|'crash'|'timeout', message}.
export function runTarn(tarn, sql, timeoutSeconds) {
  const child = spawnSync(tarn, ['sql', '--format', 'csv', '-c', sql],
                          { encoding: 'utf8', timeout: timeoutSeconds * 1000, maxBuffer: 1 << 28 });
  if (child.error && child.error.code === 'ETIMEDOUT') return { ok: false, kind: 'timeout', message: 'timed out' };
  if (child.error) throw child.error;
  if (child.signal) return { ok: false, kind: 'crash', message: `killed by ${child.signal}\n${child.stderr}` };
  if (child.status !== 0) {
    const message = child.stderr.trim();
    if (/not supported/.test(message.split('\n')[0])) return { ok: false, kind: 'unsupported', message };
    if (child.status === 3 || child.status > 4) return { ok: false, kind: 'crash', message: `exit ${child.status}: ${message}` };
    return { ok: false, kind: 'error', message };
  }
  return { ok: true, rows: parseCsv(child.stdout).slice(1) };
}

// Parses RFC 4180 CSV; an unquoted empty field is null, a quoted one the empty string.
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endField = () => {
    row.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; ++i; continue; }
      field += c;
      ++i;
      continue;
    }
    if (c === '"') { quoted = true; wasQuoted = true; ++i; continue; }
    if (c === ',') { endField(); ++i; continue; }
    if (c === '\n' || c === '\r') {
      endField();
      rows.push(row);
      row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    ++i;
  }
  if (field !== '' || wasQuoted || row.length) { endField(); rows.push(row); }
  return rows;
}

// The comparison class of a DuckDB type.
function kindOf(typeName) {
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(typeName)) return 'int';
  if (/^(DOUBLE|FLOAT|DECIMAL)/.test(typeName)) return 'double';
  if (typeName === 'BOOLEAN') return 'bool';
  return 'text';
}

// Returns {ok, rows, kinds} or {ok: false, kind: 'error', message}.
export async function runDuckDb(connection, sql) {
  try {
    const reader = await connection.runAndReadAll(sql);
    const kinds = reader.columnTypes().map((type) => kindOf(type.toString()));
    const rows = reader.getRows().map((row) => row.map((value, c) => {
      if (value === null) return null;
      switch (kinds[c]) {
        case 'int': return String(value);
        case 'double': return Number(String(value));
        case 'bool': return value ? 'true' : 'false';
        default: return String(value);
      }
    }));
    return { ok: true, rows, kinds };
  } catch (error) {
    return { ok: false, kind: 'error', message: String(error.message || error) };
  }
}

// Converts tarn's CSV cells to the representation of runDuckDb for columns of 'kinds'.
function normalizeTarnRows(rows, kinds) {
  return rows.map((row) => row.map((cell, c) => {
    if (cell === null) return null;
    switch (kinds[c]) {
      case 'int': return /^-?\d+$/.test(cell) ? BigInt(cell).toString() : `not an integer: ${cell}`;
      case 'double': {
        const value = cell === 'inf' || cell === 'Infinity' ? Infinity : cell === '-inf' || cell === '-Infinity' ? -Infinity : Number(cell);
        return cell.trim() === '' || Number.isNaN(value) ? `not a number: ${cell}` : value;
      }
      case 'bool': return cell.toLowerCase();
      default: return cell;
    }
  }));
}

function valuesEqual(a, b) {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  }
  return a === b;
}

function rowsEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let c = 0; c < a.length; ++c) if (!valuesEqual(a[c], b[c])) return false;
  return true;
}

function sortKey(row) {
  return row.map((value) => value === null ? '\u0000' : typeof value === 'number' ? value.toPrecision(8) : value).join('\u0001');
}

// Compares tarn's rows with DuckDB's: in order when 'ordered', else as multisets (doubles to 1e-9
// relative). Returns null when equal, else a short description of the difference.
export function compareResults(tarnRows, duck, ordered) {
  const ours = normalizeTarnRows(tarnRows, duck.kinds);
  const theirs = duck.rows;
  for (const row of ours) {
    if (row.length !== duck.kinds.length) return `tarn returned ${row.length} columns, DuckDB ${duck.kinds.length}`;
  }
  if (ours.length !== theirs.length) return `tarn returned ${ours.length} rows, DuckDB ${theirs.length}`;
  if (ordered) {
    for (let i = 0; i < ours.length; ++i) {
      if (!rowsEqual(ours[i], theirs[i])) return `row ${i + 1} differs: tarn ${show(ours[i])}, DuckDB ${show(theirs[i])}`;
    }
    return null;
  }
  const a = ours.map((row) => [sortKey(row), row]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const b = theirs.map((row) => [sortKey(row), row]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let sortedEqual = true;
  for (let i = 0; i < a.length && sortedEqual; ++i) sortedEqual = rowsEqual(a[i][1], b[i][1]);
  if (sortedEqual) return null;
  // Rounding may have put near-equal doubles on either side of a key boundary: match greedily.
  const unmatched = b.map(([, row]) => row);
  for (const [, row] of a) {
    const index = unmatched.findIndex((other) => rowsEqual(row, other));
    if (index < 0) return `tarn row ${show(row)} has no match in DuckDB's result`;
    unmatched.splice(index, 1);
  }
  return null;
}

export function show(row) {
  return `(${row.map((value) => value === null ? 'NULL' : typeof value === 'string' ? JSON.stringify(value) : String(value)).join(', ')})`;
}

export function showRows(rows, limit = 12) {
  const lines = rows.slice(0, limit).map(show);
  if (rows.length > limit) lines.push(`... ${rows.length - limit} more`);
  return lines.join('\n');
}
