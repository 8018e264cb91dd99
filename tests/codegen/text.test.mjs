// Generated Mermaid and DBML accepted by the real tools (issue 5): for the default example and every
// .sql file under ../shared/corpus/{postgres,mysql,sqlite}/ (recursive), `schemaplay generate
// --target mermaid|dbml` must parse with mermaid's own parser (`mermaid.parse`) and @dbml/core's
// `Parser.parse(text, 'dbmlv2')` (the current parser), and the DBML must hold every table and foreign key of the model.
//
//   node --test tests/codegen/text.test.mjs        (needs target/debug/schemaplay; SCHEMAPLAY overrides)
//
// mermaid.parse runs in plain node here: the erDiagram parser needs no DOM (jsdom 31 in
// node_modules needs node >= 22, so it is not loaded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbmlParse, mermaidOk } from './tools.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.SCHEMAPLAY ?? join(REPO, 'target/debug/schemaplay');
const CORPUS = [process.env.REALDB_CORPUS, join(REPO, '../shared/corpus'), join(REPO, '../../shared/corpus')]
  .find((p) => p && existsSync(p));

// (target, file) pairs that cannot pass yet, each with the reason. Asserted exactly: a listed pair
// that passes fails the run, so the list stays honest.
const KNOWN_FAILURES = new Map([
]);

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

function files() {
  const list = [{ path: join(REPO, 'crates/core/src/examples/saas.sql'), dialect: 'postgres' }];
  if (CORPUS) {
    for (const d of ['postgres', 'mysql', 'sqlite']) {
      if (existsSync(join(CORPUS, d))) list.push(...walk(join(CORPUS, d)).map((path) => ({ path, dialect: d })));
    }
  }
  return list;
}

function run(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
}

const generate = (target, dialect, file, input) => run(['generate', '--target', target, '--dialect', dialect, file ?? '-'], input);
const warnings = (target, dialect, file) => spawnSync(BIN, ['generate', '--target', target, '--dialect', dialect, file], { encoding: 'utf8', maxBuffer: 256 << 20 })
  .stderr.split('\n').filter((l) => l.startsWith('schemaplay: warning: '));
const inspect = (dialect, file) => JSON.parse(run(['inspect', '--format', 'json', '--dialect', dialect, file]));

test('the checks can fail: broken Mermaid and DBML are rejected', async () => {
  assert.ok(await mermaidOk('erDiagram\n    a {{\n'));
  assert.ok(await mermaidOk('erDiagram\n    one {\n        int x\n    }\n'), 'a keyword as entity name is rejected');
  assert.ok(dbmlParse('Table "a" {\n  "x" int\n}\nRef: "a"."x" > "b"."y"\n').error, 'a Ref to a missing table is rejected');
});

test('DBML header colours are read and written back as @dbml/core reads them', () => {
  const src = 'Table users [headercolor: #3498DB] {\n  id int [pk]\n}\nTable posts [headercolor: #abc] {\n  id int [pk]\n}\nTable tags {\n  id int [pk]\n}\n';
  const text = run(['generate', '--target', 'dbml', '--from', 'dbml', '-'], src);
  const { db, error } = dbmlParse(text);
  assert.equal(error, undefined, text);
  const colours = Object.fromEntries(db.schemas.flatMap((s) => s.tables.map((t) => [t.name, t.headerColor ?? null])));
  assert.deepEqual(colours, { users: '#3498db', posts: '#aabbcc', tags: null });
});

test('DBML sticky notes are read and written back as @dbml/core reads them', () => {
  const hostile = 'it\'s "q" \\ </text> `tick` \u0001 é\nline two';
  const str = (t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\u0001/g, '\\u0001')}'`;
  const src = `Table users {\n  id int [pk]\n}\n\nNote todo {\n  '''\n  first\n    second\n  '''\n}\n\nNote "odd name" [headercolor: #abc] {\n  ${str(hostile)}\n}\n`;
  const source = dbmlParse(src);
  assert.equal(source.error, undefined, src);
  assert.deepEqual(source.db.notes.map((n) => n.content), ['first\n  second\n', hostile], 'what @dbml/core reads in the input');
  const text = run(['generate', '--target', 'dbml', '--from', 'dbml', '-'], src);
  const { db, error } = dbmlParse(text);
  assert.equal(error, undefined, text);
  assert.deepEqual(db.notes.map((n) => [n.name, n.content]), [['todo', 'first\n  second\n'], ['odd name', hostile]]);
});

test('hostile identifiers still give valid Mermaid and DBML', async () => {
  const sql = [
    'CREATE TABLE "one" ("pk" int PRIMARY KEY, "a""b" text, "<script>alert(1)</script>" int, "x direction TB" int);',
    'CREATE TABLE "a*/b" ("id" int PRIMARY KEY, "one_id" int REFERENCES "one"("pk"), "end" text);',
    `COMMENT ON COLUMN "a*/b"."end" IS 'it''s "quoted" */ -- \n next line %% \\ \`tick\` \${x}';`,
    'CREATE TYPE "we""ird" AS ENUM (\'a"b\', \'c\');',
    'CREATE TABLE "ünï cødé" ("😀" "we""ird" DEFAULT \'c\', "Class" int);',
  ].join('\n');
  const mm = generate('mermaid', 'postgres', null, sql);
  assert.equal(await mermaidOk(mm), null, mm);
  assert.match(mm, /one_\["one"\] \{/);
  const text = generate('dbml', 'postgres', null, sql);
  const { db, error } = dbmlParse(text);
  assert.equal(error, undefined, text);
  const tables = db.schemas.flatMap((s) => s.tables.map((t) => t.name)).sort();
  assert.deepEqual(tables, ['a*/b', 'one', 'ünï cødé']);
  assert.equal(db.schemas.flatMap((s) => s.refs).length, 1);
});

test('Mermaid and DBML of the default example and every corpus file are accepted by the real parsers', async (t) => {
  const list = files();
  assert.ok(list.length > 1, 'corpus found');
  const failures = new Map();
  let mermaidOkCount = 0;
  let dbmlOkCount = 0;
  for (const { path, dialect } of list) {
    const name = CORPUS && path.startsWith(CORPUS) ? `corpus/${relative(CORPUS, path)}` : relative(REPO, path);
    const model = inspect(dialect, path);
    // Mermaid
    const mm = generate('mermaid', dialect, path);
    const mErr = await mermaidOk(mm);
    if (mErr) failures.set(`mermaid ${name}`, mErr);
    else mermaidOkCount++;
    // DBML: parses, and holds the model's tables and foreign keys
    const text = generate('dbml', dialect, path);
    const { db, error } = dbmlParse(text);
    if (error) {
      failures.set(`dbml ${name}`, error);
    } else {
      // every table with columns is a Table; every foreign key is a Ref or a warning saying why not
      const withCols = model.tables.filter((x) => x.columns.length > 0);
      const want = new Set(withCols.map((x) => `${x.schema ?? ''}.${x.name}`)).size;
      const got = db.schemas.reduce((n, s) => n + s.tables.length, 0);
      const fks = withCols.reduce((n, x) => n + x.foreign_keys.length, 0);
      const skipped = warnings('dbml', dialect, path).filter((w) => /no Ref written/.test(w)).length;
      const refs = db.schemas.reduce((n, s) => n + s.refs.length, 0);
      if (got !== want) failures.set(`dbml ${name}`, `${got} tables in the DBML, ${want} in the model`);
      else if (refs + skipped !== fks) {
        failures.set(`dbml ${name}`, `${refs} refs + ${skipped} reported as not written, ${fks} foreign keys in the model`);
      } else dbmlOkCount++;
    }
  }
  t.diagnostic(`mermaid: ${mermaidOkCount}/${list.length} accepted; dbml: ${dbmlOkCount}/${list.length} accepted`);
  const unexpected = [...failures].filter(([k]) => !KNOWN_FAILURES.has(k));
  const fixed = [...KNOWN_FAILURES.keys()].filter((k) => !failures.has(k));
  assert.deepEqual(unexpected, [], 'failures not in KNOWN_FAILURES');
  assert.deepEqual(fixed, [], 'KNOWN_FAILURES entries that pass now (remove them)');
});
