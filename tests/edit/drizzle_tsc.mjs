// The Drizzle planner's edited modules as TypeScript (issue 19), beside drizzle_kit_check.py:
//
//   node tests/edit/drizzle_tsc.mjs DIR
//
// Every DIR/<dialect>/*.ts must type-check with `tsc --strict` against drizzle-orm, and drizzle-orm
// must pair every relation of its `relations(...)` (its own `normalizeRelation`, what the query API
// runs: a `many(...)` left without its `one(...)` throws). Exit 1 on an error.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { importTs, repo, tscCheck } from '../codegen/tools.mjs';

const require = createRequire(path.join(repo, 'package.json'));
const { createTableRelationsHelpers, extractTablesRelationalConfig, normalizeRelation } = require('drizzle-orm');

const dump = process.argv[2];
const modules = [];
for (const d of ['postgres', 'mysql', 'sqlite']) {
  let files = [];
  try { files = readdirSync(path.join(dump, d)).filter((f) => f.endsWith('.ts')).sort(); } catch {}
  for (const f of files) modules.push([`${d}/${f}`, readFileSync(path.join(dump, d, f), 'utf8')]);
}
let bad = 0;
const control = 'import { pgTable } from "drizzle-orm/pg-core";\nexport const t: number = pgTable;\n';
// in runs of 40 modules (generated corpus modules are large: one run of hundreds runs out of memory)
for (let i = 0; i < modules.length; i += 40) {
  const errors = tscCheck(modules.slice(i, i + 40), { 'negative_control.ts': control });
  if (!errors.has('negative_control.ts')) {
    console.log('tsc did not flag the negative control: the check is not running');
    bad++;
  }
  for (const [label, errs] of errors) {
    if (label === 'negative_control.ts') continue;
    bad++;
    console.log(`${label}: tsc:\n  ${errs.slice(0, 5).join('\n  ')}`);
  }
}
for (const [label, code] of modules) {
  try {
    const [ns] = await importTs([code]);
    const { tables, tableNamesMap } = extractTablesRelationalConfig(ns, createTableRelationsHelpers);
    for (const t of Object.values(tables)) {
      for (const rel of Object.values(t.relations)) normalizeRelation(tables, tableNamesMap, rel);
    }
  } catch (e) {
    bad++;
    console.log(`${label}: drizzle-orm: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
console.log(`${modules.length} modules, ${bad} errors`);
process.exit(bad ? 1 : 0);
