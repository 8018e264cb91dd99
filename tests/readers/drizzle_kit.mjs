// drizzle-kit, offline, for the readers' oracle (tests/realdb/readers.py):
//   node tests/readers/drizzle_kit.mjs generate postgres|mysql|sqlite SCHEMA > schema.sql
//       the SQL of the first migration for a Drizzle schema (a .ts file or a folder of them),
//       statement breakpoints removed;
//   node tests/readers/drizzle_kit.mjs pull postgres|mysql|sqlite CONNECTION OUTDIR
//       the schema.ts and relations.ts drizzle-kit pull writes for a database (CONNECTION: PostgreSQL
//       `SOCKET_DIR/DATABASE`, MariaDB `SOCKET_PATH/DATABASE`, SQLite the database file).
// drizzle-kit exits 0 even when it failed, so its output is checked: no result, or an error in what
// it printed, is exit 3 with the message on stderr. It runs in a temporary folder beside this repo's
// node_modules (generate executes the schema: only for our own test inputs).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const [mode, dialectArg, src, outArg] = process.argv.slice(2);
const dialect = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' }[dialectArg];
if (!dialect || !src || !['generate', 'pull'].includes(mode) || (mode === 'pull' && !outArg)) {
  console.error('usage: drizzle_kit.mjs generate DIALECT SCHEMA | pull DIALECT CONNECTION OUTDIR');
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'schemaplay-drizzle-kit-'));

function kit(args, config) {
  const bin = path.join(repo, 'node_modules/drizzle-kit/bin.cjs');
  if (config) writeFileSync(path.join(dir, 'drizzle.config.json'), JSON.stringify(config));
  const r = spawnSync(process.execPath, [bin, ...args, ...(config ? ['--config', 'drizzle.config.json'] : [])],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 });
  return { status: r.status, printed: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function fail(printed, status) {
  // progress spinners aside, the last lines say what went wrong
  const lines = printed.split('\n').filter((l) => l.trim() && !/fetch(ing|ed)\s*$/.test(l));
  console.error(`drizzle-kit ${mode} failed (exit ${status}):\n${lines.slice(-12).join('\n').slice(-1500)}`);
  process.exit(3);
}

const ERROR = /\bError\b|Please specify|We've found duplicated|is not supported|ECONNREFUSED|ENOENT/i;

try {
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  if (mode === 'generate') {
    const schemaDir = path.join(dir, 'schema');
    if (statSync(src).isDirectory()) cpSync(src, schemaDir, { recursive: true });
    else cpSync(src, path.join(schemaDir, path.basename(src).replace(/\.(mts|cts|js|mjs)$/, '.ts')));
    // a drizzle.config.* beside the schema may set `casing`
    const cfg = existsSync(schemaDir) ? readdirSync(schemaDir).find((f) => f.startsWith('drizzle.config.')) : undefined;
    const casing = cfg ? /casing:\s*["'](snake_case|camelCase)["']/.exec(readFileSync(path.join(schemaDir, cfg), 'utf8'))?.[1] : undefined;
    const { status, printed } = kit(['generate', '--dialect', dialect, '--schema', './schema', '--out', './out', '--name', 'init', ...(casing ? ['--casing', casing] : [])]);
    if (status === 0 && /No schema changes, nothing to migrate/.test(printed) && /\b0 tables\b/.test(printed)) {
      process.exit(0); // a schema without tables: no SQL
    }
    const outDir = path.join(dir, 'out');
    const files = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.sql')).sort() : [];
    if (status !== 0 || files.length === 0 || ERROR.test(printed)) fail(printed, status);
    const sql = files.map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    process.stdout.write(sql.replace(/--> statement-breakpoint/g, '\n'));
  } else {
    const slash = src.lastIndexOf('/');
    const [where, db] = [src.slice(0, slash), src.slice(slash + 1)];
    const dbCredentials = {
      postgresql: { host: where, port: 5432, user: 'postgres', database: db, ssl: false },
      mysql: { url: `mysql://root@localhost/${db}?socketPath=${encodeURIComponent(where)}` },
      sqlite: { url: `file:${src}` },
    }[dialect];
    const config = { dialect, out: './out', dbCredentials };
    if (dialect === 'postgresql') {
      // every non-system schema (drizzle-kit pulls only `public` unless told)
      const { default: pg } = await import('pg');
      const client = new pg.Client(dbCredentials);
      await client.connect();
      const r = await client.query("SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'");
      await client.end();
      config.schemaFilter = r.rows.map((x) => x.nspname);
    }
    const { status, printed } = kit(['pull'], config);
    const schema = path.join(dir, 'out/schema.ts');
    if (status !== 0 || !existsSync(schema) || ERROR.test(printed)) fail(printed, status);
    cpSync(schema, path.join(outArg, 'schema.ts'));
    const rel = path.join(dir, 'out/relations.ts');
    if (existsSync(rel)) cpSync(rel, path.join(outArg, 'relations.ts'));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
