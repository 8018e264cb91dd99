// drizzle-kit generate, offline, for one Drizzle schema (a .ts file or a folder of them):
//   node tests/readers/drizzle_kit.mjs postgres|mysql|sqlite SCHEMA > schema.sql
// prints the SQL of the first migration (statement breakpoints removed). drizzle-kit exits 0 even
// when it failed to read the schema, so its output is checked: no SQL file, or an error in what it
// printed, is exit 3 with the message on stderr. The schema is copied into a temporary folder
// beside this repo's node_modules (drizzle-kit executes it: only for our own test inputs).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const [dialectArg, src] = process.argv.slice(2);
const dialect = { postgres: 'postgresql', mysql: 'mysql', sqlite: 'sqlite' }[dialectArg];
if (!dialect || !src) {
  console.error('usage: node tests/readers/drizzle_kit.mjs postgres|mysql|sqlite SCHEMA(.ts|folder)');
  process.exit(2);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'schemaplay-drizzle-kit-'));
try {
  symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const schemaDir = path.join(dir, 'schema');
  if (statSync(src).isDirectory()) cpSync(src, schemaDir, { recursive: true });
  else cpSync(src, path.join(schemaDir, path.basename(src).replace(/\.(mts|cts|js|mjs)$/, '.ts')));
  const bin = path.join(repo, 'node_modules/drizzle-kit/bin.cjs');
  const r = spawnSync(process.execPath, [bin, 'generate', '--dialect', dialect, '--schema', './schema', '--out', './out', '--name', 'init'],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 });
  const printed = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status === 0 && /No schema changes, nothing to migrate/.test(printed) && /\b0 tables\b/.test(printed)) {
    process.exit(0); // a schema without tables: no SQL
  }
  const outDir = path.join(dir, 'out');
  const files = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.sql')).sort() : [];
  const failed = r.status !== 0 || files.length === 0 || /\bError\b|Please specify|We've found duplicated|is not supported/i.test(printed);
  if (failed) {
    console.error(`drizzle-kit generate failed (exit ${r.status}):\n${printed.trim()}`);
    process.exit(3);
  }
  const sql = files.map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('\n');
  process.stdout.write(sql.replace(/--> statement-breakpoint/g, '\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
