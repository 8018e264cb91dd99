// The hostile-value round trip through the JavaScript-ecosystem targets (issue 21; the list is
// tests/hostile/values.json, the scripts are written by `tests/realdb/hostile.py --write`). For each
// source dialect, the names script (tables and columns named by every hostile value) and the objects
// script (defaults, enum values, CHECK / FOREIGN KEY / index names, comments) are generated for every
// target, and each output is read back by its own ecosystem's tool:
//   prisma     → validates, `prisma format` leaves it unchanged, and the DMMF Prisma reads gives back
//                every table and column name (@@map/@map), default, enum value, index name and comment
//   drizzle    → tsc --strict; imported, drizzle-orm's getTableConfig gives back every table, column,
//                index, CHECK and FOREIGN KEY name, default and enum value
//   typescript → tsc --strict
//   zod        → tsc --strict; imported, every schema's shape holds every column name, z.enum the values
//   dbml       → @dbml/core (dbmlv2) gives back every name, default, enum value, note and Ref name
//   mermaid    → parses; the entity aliases and attribute comments give back every name Mermaid's
//                strings can hold
// "Gives back" is byte for byte, wherever the target can hold the value (said per target below).
//
//   node --test tests/codegen/hostile.test.mjs     (needs target/debug/schemaplay; SCHEMAPLAY overrides)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repo, prismaCheck, prismaDmmf, tscCheck, importTs, dbmlParse, mermaidOk, mermaidEntities } from './tools.mjs';

const cli = process.env.SCHEMAPLAY || path.join(repo, 'target/debug/schemaplay');
const DIALECTS = ['postgres', 'mysql', 'sqlite'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'schemaplay-hostile-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
execFileSync('python3', [path.join(repo, 'tests/realdb/hostile.py'), '--write', dir]);
// per dialect, per value k: { id, k, name (as the dialect stores it, or null), value, enum, comment }
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const values = JSON.parse(readFileSync(path.join(repo, 'tests/hostile/values.json'), 'utf8')).values.map((e) => e.value ?? e.repeat.repeat(e.count));

function generate(target, dialect, kind, extra = []) {
  const file = path.join(dir, `${kind}_${dialect}.sql`);
  const r = spawnSync(cli, ['generate', '--target', target, ...extra, '--dialect', dialect, file], { maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`generate --target ${target} --dialect ${dialect} ${kind}: exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The entries of `d` (with the value) for which `pick(entry)` holds. */
const entries = (d, pick = () => true) => expected[d].filter(pick).map((e) => ({ ...e, v: values[e.k] }));

// Text a one-line comment (`///`, `//`, a doc block) can hold unchanged.
const oneLine = (v) => v !== '' && !/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(v) && !v.includes('*/') && !/  /.test(v) && v.trim() === v;

function report(bad) {
  assert.equal(bad.length, 0, `${bad.length} differences:\n${bad.slice(0, 60).join('\n')}`);
}

test('the hostile scripts hold what they should', () => {
  assert.ok(values.length >= 25);
  for (const d of DIALECTS) {
    assert.ok(entries(d, (e) => e.name !== null).length >= 25, `${d}: names`);
    assert.ok(entries(d, (e) => e.value).length >= 25, `${d}: values`);
  }
});

for (const keep of [false, true]) {
  test(`prisma${keep ? ' --prisma-names keep' : ''}: validates, is format-stable, and Prisma reads back every name, default, enum value, index name and comment`, () => {
    const bad = [];
    for (const d of DIALECTS) {
      for (const kind of ['names', 'objects']) {
        const out = generate('prisma', d, kind, keep ? ['--prisma-names', 'keep'] : []);
        const err = prismaCheck(out);
        if (err) {
          bad.push(`${d} ${kind}: ${err}`);
          continue;
        }
        const dm = prismaDmmf(out);
        const model = (table) => dm.models.find((m) => (m.dbName ?? m.name) === table);
        const field = (m, col) => m?.fields.find((f) => (f.dbName ?? f.name) === col);
        for (const e of entries(d, (e) => e.name !== null)) {
          if (kind === 'names') {
            const m = model(e.name);
            if (!m) bad.push(`${d} names: ${e.id}: no model maps to ${JSON.stringify(e.name)}`);
            else if (!field(m, e.name)) bad.push(`${d} names: ${e.id}: no field maps to the column`);
          } else {
            // Prisma takes constraint names of up to 10,000 bytes for SQLite (the engines' own limits elsewhere)
            const w = dm.indexes.find((x) => x.model === model(`w_${e.k}`)?.name && x.type === 'normal');
            if (Buffer.byteLength(e.name) <= 10_000 && w?.dbName !== e.name) bad.push(`${d} objects: ${e.id}: index map ${JSON.stringify(w?.dbName)}`);
          }
        }
        if (kind !== 'objects') continue;
        for (const e of entries(d, (e) => e.value)) {
          const c = field(model(`t_${e.k}`), 'c');
          if (c?.default !== e.v) bad.push(`${d} objects: ${e.id}: @default ${JSON.stringify(c?.default)}`);
          if (e.comment && oneLine(e.v) && c?.documentation !== e.v) bad.push(`${d} objects: ${e.id}: /// ${JSON.stringify(c?.documentation)}`);
        }
        for (const e of entries(d, (e) => e.enum && d !== 'sqlite')) {
          const f = field(model(`t_${e.k}`), 'e');
          const en = dm.enums.find((x) => x.name === f?.type);
          if (!en?.values.some((x) => (x.dbName ?? x.name) === e.v)) bad.push(`${d} objects: ${e.id}: enum ${JSON.stringify(en?.values)}`);
        }
      }
    }
    report(bad);
  });
}

/** drizzle-orm's table config reader for a dialect. */
async function tableConfig(d) {
  const mod = await import(`drizzle-orm/${{ postgres: 'pg', mysql: 'mysql', sqlite: 'sqlite' }[d]}-core`);
  return mod.getTableConfig;
}

for (const keys of [[], ['--drizzle-keys', 'column']]) {
  test(`drizzle${keys.length ? ' --drizzle-keys column' : ''}: tsc --strict, and drizzle-orm reads back every name, default and enum value`, async () => {
    const bad = [];
    const outputs = [];
    for (const d of DIALECTS) for (const kind of ['names', 'objects']) outputs.push([`${d} ${kind}`, generate('drizzle', d, kind, keys), d, kind]);
    for (const [label, errs] of tscCheck(outputs.map(([l, c]) => [l, c]))) bad.push(`${label}: tsc: ${errs.slice(0, 3).join(' | ')}`);
    const mods = await importTs(outputs.map(([, c]) => c));
    for (const [i, [label, , d, kind]] of outputs.entries()) {
      const getTableConfig = await tableConfig(d);
      const tables = new Map();
      for (const v of Object.values(mods[i])) {
        try {
          const cfg = getTableConfig(v);
          if (cfg?.name !== undefined) tables.set(cfg.name, cfg);
        } catch {}
      }
      const col = (t, name) => tables.get(t)?.columns.find((c) => c.name === name);
      for (const e of entries(d, (e) => e.name !== null)) {
        if (kind === 'names') {
          if (!col(e.name, e.name)) bad.push(`${label}: ${e.id}: no table/column ${JSON.stringify(e.name)}`);
          continue;
        }
        const w = tables.get(`w_${e.k}`);
        if (!w?.indexes.some((x) => x.config.name === e.name)) bad.push(`${label}: ${e.id}: index names ${JSON.stringify(w?.indexes.map((x) => x.config.name))}`);
        const u = tables.get(`u_${e.k}`);
        if (!u?.foreignKeys.some((f) => f.getName() === e.name)) bad.push(`${label}: ${e.id}: FK names ${JSON.stringify(u?.foreignKeys.map((f) => f.getName()))}`);
        const t = tables.get(`t_${e.k}`);
        if (e.value && !t?.checks.some((c) => c.name === e.name)) bad.push(`${label}: ${e.id}: CHECK names ${JSON.stringify(t?.checks.map((c) => c.name))}`);
      }
      if (kind !== 'objects') continue;
      for (const e of entries(d, (e) => e.value)) {
        const c = col(`t_${e.k}`, 'c');
        if (c?.default !== e.v) bad.push(`${label}: ${e.id}: default ${JSON.stringify(c?.default)}`);
      }
      // SQLite has no enum type: its values are in the CHECK, whose SQL drizzle keeps as written
      for (const e of entries(d, (e) => e.enum && d !== 'sqlite')) {
        const c = col(`t_${e.k}`, 'e');
        if (!c?.enumValues?.includes(e.v)) bad.push(`${label}: ${e.id}: enum values ${JSON.stringify(c?.enumValues)}`);
      }
    }
    report(bad);
  });
}

test('typescript and zod: tsc --strict, and every zod schema holds every column name and enum value', async () => {
  const bad = [];
  const outputs = [];
  for (const target of ['typescript', 'zod']) for (const d of DIALECTS) for (const kind of ['names', 'objects']) outputs.push([`${target} ${d} ${kind}`, generate(target, d, kind), target, d, kind]);
  for (const [label, errs] of tscCheck(outputs.map(([l, c]) => [l, c]))) bad.push(`${label}: tsc: ${errs.slice(0, 3).join(' | ')}`);
  const zods = outputs.filter((o) => o[2] === 'zod');
  const mods = await importTs(zods.map(([, c]) => c));
  for (const [i, [label, , , d, kind]] of zods.entries()) {
    const shapes = Object.values(mods[i]).filter((s) => s?.shape).map((s) => s.shape);
    const keys = new Set(shapes.flatMap((s) => Object.keys(s)));
    if (kind === 'names') {
      for (const e of entries(d, (e) => e.name !== null)) if (!keys.has(e.name)) bad.push(`${label}: ${e.id}: no key ${JSON.stringify(e.name)}`);
      continue;
    }
    const options = new Set(shapes.flatMap((s) => [s.e?.unwrap?.()?.options, s.e?.options].flat()).filter((x) => typeof x === 'string'));
    for (const e of entries(d, (e) => e.enum)) if (!options.has(e.v)) bad.push(`${label}: ${e.id}: no z.enum option ${JSON.stringify(e.v.slice(0, 40))}`);
  }
  report(bad);
});

test('dbml: @dbml/core (dbmlv2) reads back every name, default, enum value, note and Ref name', () => {
  const bad = [];
  for (const d of DIALECTS) {
    for (const kind of ['names', 'objects']) {
      const out = generate('dbml', d, kind);
      const { db, error } = dbmlParse(out);
      if (error) {
        bad.push(`${d} ${kind}: ${error}`);
        continue;
      }
      const tables = new Map(db.schemas.flatMap((s) => s.tables).map((t) => [t.name, t]));
      const field = (t, n) => tables.get(t)?.fields.find((f) => f.name === n);
      if (kind === 'names') {
        for (const e of entries(d, (e) => e.name !== null)) if (!field(e.name, e.name)) bad.push(`${d} names: ${e.id}: no table/field ${JSON.stringify(e.name)}`);
        continue;
      }
      const refs = new Set(db.schemas.flatMap((s) => s.refs).map((r) => r.name));
      const enums = db.schemas.flatMap((s) => s.enums);
      for (const e of entries(d, (e) => e.name !== null)) {
        if (!tables.get(`w_${e.k}`)?.indexes.some((x) => x.name === e.name)) bad.push(`${d} objects: ${e.id}: no index named ${JSON.stringify(e.name)}`);
        if (!refs.has(e.name)) bad.push(`${d} objects: ${e.id}: no Ref named ${JSON.stringify(e.name)}`);
      }
      for (const e of entries(d, (e) => e.value)) {
        const c = field(`t_${e.k}`, 'c');
        if (c?.dbdefault?.value !== e.v) bad.push(`${d} objects: ${e.id}: default ${JSON.stringify(c?.dbdefault)}`);
        // DBML drops a note's leading whitespace
        if (e.comment && !/^\s/.test(e.v) && c?.note !== e.v) bad.push(`${d} objects: ${e.id}: column note ${JSON.stringify(c?.note)}`);
        if (e.comment && !/^\s/.test(e.v) && !String(tables.get(`t_${e.k}`)?.note ?? '').startsWith(e.v)) bad.push(`${d} objects: ${e.id}: table note ${JSON.stringify(tables.get(`t_${e.k}`)?.note)}`);
      }
      // DBML enum values must not be empty ("Enum value must have a name")
      for (const e of entries(d, (e) => e.enum && d !== 'sqlite' && values[e.k] !== '')) {
        const f = field(`t_${e.k}`, 'e');
        const en = enums.find((x) => x.name === f?.type?.type_name);
        if (!en?.values.some((x) => x.name === e.v)) bad.push(`${d} objects: ${e.id}: enum ${JSON.stringify(en?.values?.map((x) => x.name))}`);
      }
    }
  }
  report(bad);
});

// Mermaid's strings have no escapes: a name with `"`, `%`, `\`, a control character or a line
// separator, with spaces at its ends, or holding `direction TB` (read as a statement anywhere on a
// line), cannot be held (the generator writes a look-alike).
const mermaidHolds = (v) => !/["%\\\u0000-\u001f\u007f\u2028\u2029]/.test(v) && v.trim() === v && !/direction[ \t]+(tb|bt|rl|lr)/i.test(v);

test('mermaid: parses, and the entity aliases and attribute comments give back every name it can hold', async () => {
  const bad = [];
  for (const d of DIALECTS) {
    for (const kind of ['names', 'objects']) {
      const out = generate('mermaid', d, kind);
      const err = await mermaidOk(out);
      if (err) {
        bad.push(`${d} ${kind}: ${err}`);
        continue;
      }
      if (kind !== 'names') continue;
      const ents = await mermaidEntities(out);
      const shown = new Set(ents.map((x) => x.alias || x.key));
      const attrs = new Set(ents.flatMap((x) => x.attributes.map((a) => a.comment || a.name)));
      for (const e of entries(d, (e) => e.name !== null && mermaidHolds(e.name))) {
        if (!shown.has(e.name)) bad.push(`${d} names: ${e.id}: no entity shows ${JSON.stringify(e.name)}`);
        if (!attrs.has(e.name)) bad.push(`${d} names: ${e.id}: no attribute shows ${JSON.stringify(e.name)}`);
      }
    }
  }
  report(bad);
});
