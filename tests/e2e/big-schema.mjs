// A deterministic n-table schema: each table references up to two earlier ones.
export function bigSchema(n) {
  let seed = 7;
  const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  const parts = [];
  for (let i = 0; i < n; i++) {
    const cols = [`  id bigint PRIMARY KEY`, `  name text NOT NULL`, `  created_at timestamptz`];
    for (let f = 0; f < Math.min(i, rnd(3)); f++) cols.push(`  ref${f}_id bigint REFERENCES t${rnd(i)} (id)`);
    parts.push(`CREATE TABLE t${i} (\n${cols.join(',\n')}\n);`);
  }
  return parts.join('\n');
}
