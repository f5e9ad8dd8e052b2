// Shrinks a query (and then the rows of its tables) while a difference between tarn and DuckDB
// persists: greedy passes over candidate edits (drop a clause, a select item, a join, a group key;
// replace an expression by one of its operands or a literal; drop runs of rows), keeping an edit
// when the outcome stays of the same kind, until a whole pass changes nothing or time runs out.

// Returns every query and expression node of 'root' in a fixed traversal order.
function collect(root) {
  const nodes = [];
  const visit = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (node.q || node.k) nodes.push(node);
    if (node.q) {
      node.items.forEach(visit);
      node.from.forEach((item) => visit(item.on));
      visit(node.where);
      node.groupBy.forEach(visit);
      visit(node.having);
      visit(node.union);
      return;
    }
    (node.args || []).forEach(visit);
    visit(node.query);
  };
  visit(root);
  return nodes;
}

function compatible(a, b) {
  const integral = ['int', 'bigint'];
  return a === b || (integral.includes(a) && integral.includes(b));
}

// Lists the edits of node 'node' as functions that mutate a clone of that node in place.
function editsOf(node) {
  const edits = [];
  if (node.q) {
    if (node.union) edits.push((q) => { q.union = null; });
    if (node.where) edits.push((q) => { q.where = null; });
    if (node.having) edits.push((q) => { q.having = null; });
    node.groupBy.forEach((_, i) => edits.push((q) => { q.groupBy.splice(i, 1); }));
    if (node.distinct) edits.push((q) => { q.distinct = false; });
    if (node.limit !== null) edits.push((q) => { q.limit = null; q.offset = null; });
    if (node.offset !== null) edits.push((q) => { q.offset = null; });
    if (node.order.length) edits.push((q) => { q.order = []; q.limit = null; q.offset = null; });
    if (node.items.length > 1) {
      node.items.forEach((_, i) => edits.push((q) => {
        q.items.splice(i, 1);
        if (q.union) q.union.items.splice(i, 1);
        q.order = q.order.filter((o) => o.item !== i).map((o) => ({ ...o, item: o.item > i ? o.item - 1 : o.item }));
      }));
    }
    for (let j = node.from.length - 1; j >= 1; --j) {
      edits.push((q) => { q.from.splice(j, 1); });
      if (['left', 'right', 'full'].includes(node.from[j].join)) edits.push((q) => { q.from[j].join = 'inner'; });
      if (node.from[j].join === 'full') {
        edits.push((q) => { q.from[j].join = 'left'; });
        edits.push((q) => { q.from[j].join = 'right'; });
      }
    }
    return edits;
  }
  // A window's operands have fixed roles (argument, partition, order): replace it as a whole.
  const operands = node.k === 'window' ? [] : (node.args || []);
  for (const [index, arg] of operands.entries()) {
    if (arg && compatible(arg.t, node.t)) edits.push((e) => { for (const key of Object.keys(e)) delete e[key]; Object.assign(e, structuredClone(node.args[index])); });
  }
  if (node.k !== 'lit' && node.k !== 'null' && node.k !== 'col') {
    const literal = { int: '1', bigint: '1', double: 'CAST(1 AS DOUBLE)', varchar: "'a'", date: "DATE '2000-01-01'", bool: 'true' }[node.t];
    edits.push((e) => { for (const key of Object.keys(e)) delete e[key]; Object.assign(e, { k: 'lit', t: node.t, v: literal }); });
    if (node.t === 'bool') edits.push((e) => { for (const key of Object.keys(e)) delete e[key]; Object.assign(e, { k: 'lit', t: 'bool', v: 'false' }); });
  }
  if (node.k !== 'null' && node.k !== 'col') {
    edits.push((e) => { for (const key of Object.keys(e)) delete e[key]; Object.assign(e, { k: 'null', t: node.t }); });
  }
  return edits;
}

// Shrinks 'query' while 'stillFails(candidate)' (async) is true. Returns the smallest query found.
export async function shrinkQuery(query, stillFails, deadline) {
  let current = query;
  let changed = true;
  while (changed && Date.now() < deadline) {
    changed = false;
    const count = collect(current).length;
    for (let index = 0; index < count && Date.now() < deadline; ++index) {
      const node = collect(current)[index];
      if (!node) break;
      for (const edit of editsOf(node)) {
        const candidate = structuredClone(current);
        edit(collect(candidate)[index]);
        if (await stillFails(candidate)) {
          current = candidate;
          changed = true;
          break;
        }
        if (Date.now() >= deadline) break;
      }
    }
  }
  return current;
}

// Drops runs of rows from the tables named in 'names' while 'stillFails()' (async, after
// 'tables' changed) is true. Mutates the rows of 'tables' (a name -> table map).
export async function shrinkRows(tables, names, stillFails, deadline) {
  for (const name of names) {
    const table = tables[name];
    for (let run = Math.max(1, Math.ceil(table.rows.length / 2)); run >= 1 && Date.now() < deadline; run = run === 1 ? 0 : Math.ceil(run / 2)) {
      for (let start = 0; start < table.rows.length && Date.now() < deadline;) {
        const saved = table.rows;
        table.rows = [...saved.slice(0, start), ...saved.slice(start + run)];
        if (await stillFails()) continue;
        table.rows = saved;
        start += run;
      }
    }
  }
}
