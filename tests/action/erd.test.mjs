// The ERD Action's draw script (scripts/action/erd.sh, run by erd/action.yml) against a fixture git
// repository: the SVG is the CLI's own drawing of the schema, it is committed only when it changed
// (alone, not the job's other edits), a schema edit redraws it, Prisma files and migration folders
// are drawn too, and an unreadable schema fails without touching the SVG. Needs the CLI built
// (SCHEMAPLAY, default target/debug/schemaplay) and git; no network (the push is the Action's
// next step). Run: node --test tests/action/
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { fixtureRepo } from './repo.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cli = process.env.SCHEMAPLAY || path.join(repo, 'target/debug/schemaplay');
const script = path.join(repo, 'scripts/action/erd.sh');

let work, git, write;
/// Where the step's GITHUB_OUTPUT files go (outside the repository).
const outputDir = mkdtempSync(path.join(tmpdir(), 'schemaplay-erd-outputs-'));

/// Runs the draw step as the Action does; returns its exit code, outputs and log.
function draw(inputs) {
  const output = path.join(outputDir, `out-${Math.random().toString(36).slice(2)}`);
  const env = { ...process.env, SCHEMAPLAY: cli, GITHUB_OUTPUT: output };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync('bash', [script], { cwd: work, env, encoding: 'utf8' });
  const outputs = Object.fromEntries((existsSync(output) ? readFileSync(output, 'utf8') : '').split('\n').filter(Boolean).map((l) => l.split('=')));
  rmSync(output, { force: true });
  return { code: r.status, outputs, log: r.stdout + r.stderr };
}

/// The CLI's own drawing of a schema (what the SVG must hold).
const erd = (...args) => execFileSync(cli, ['erd', ...args], { cwd: work, encoding: 'utf8' });
const commits = () => Number(git('rev-list', '--count', 'HEAD'));
const tableNames = (svg) => [...svg.matchAll(/<g class="table[^"]*" data-key="([^"]+)"/g)].map((m) => m[1]).sort();

before(() => {
  assert.ok(existsSync(cli), `build the CLI first (${cli})`);
  ({ dir: work, git, write } = fixtureRepo('schemaplay-erd-action-'));
  write('db/schema.sql', 'CREATE TABLE authors (id bigint PRIMARY KEY, name text NOT NULL);\nCREATE TABLE posts (id bigint PRIMARY KEY, author_id bigint REFERENCES authors (id));\n');
  write('README.md', '# app\n\n![Schema](docs/schema.svg)\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
});

test('draws the schema into the SVG and commits only that file; a second run changes nothing', () => {
  write('README.md', '# app, edited by an earlier step of the job\n');
  const before = commits();
  const r = draw({ schema: 'db/schema.sql', output: 'docs/schema.svg' });
  assert.equal(r.code, 0, r.log);
  assert.equal(r.outputs.changed, 'true');
  const svg = readFileSync(path.join(work, 'docs/schema.svg'), 'utf8');
  assert.equal(svg, erd('--theme', 'light', 'db/schema.sql'));
  assert.deepEqual(tableNames(svg).map((k) => k.split('.').pop()), ['authors', 'posts']);
  assert.equal(commits(), before + 1);
  assert.equal(git('log', '-1', '--format=%s'), 'Redraw the schema diagram');
  assert.equal(git('show', '--name-only', '--format=', 'HEAD'), 'docs/schema.svg');
  assert.match(git('status', '--porcelain'), /^M README\.md$/m, 'the job\'s other edits stay uncommitted');

  const again = draw({ schema: 'db/schema.sql', output: 'docs/schema.svg' });
  assert.equal(again.code, 0, again.log);
  assert.equal(again.outputs.changed, 'false');
  assert.equal(commits(), before + 1);
  git('checkout', '-q', '--', 'README.md');
});

test('a schema edit redraws and commits with the given message and theme', () => {
  write('db/schema.sql', `${readFileSync(path.join(work, 'db/schema.sql'), 'utf8')}CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint REFERENCES posts (id));\n`);
  git('commit', '-q', '-am', 'comments');
  const before = commits();
  const r = draw({ schema: 'db/schema.sql', output: 'docs/schema.svg', theme: 'dark', message: 'docs: schema diagram' });
  assert.equal(r.outputs.changed, 'true', r.log);
  const svg = readFileSync(path.join(work, 'docs/schema.svg'), 'utf8');
  assert.equal(svg, erd('--theme', 'dark', 'db/schema.sql'));
  assert.match(svg, /class="erd erd-dark"/);
  assert.ok(tableNames(svg).some((k) => k.endsWith('comments')));
  assert.equal(commits(), before + 1);
  assert.equal(git('log', '-1', '--format=%s'), 'docs: schema diagram');
});

test('the detail and end-style inputs reach the drawing', () => {
  const r = draw({ schema: 'db/schema.sql', output: 'docs/keys.svg', detail: 'keys', ends: 'labels', commit: 'false' });
  assert.equal(r.outputs.changed, 'true', r.log);
  const svg = readFileSync(path.join(work, 'docs/keys.svg'), 'utf8');
  assert.equal(svg, erd('--theme', 'light', '--detail', 'keys', '--ends', 'labels', 'db/schema.sql'));
  assert.notEqual(svg, erd('--theme', 'light', 'db/schema.sql'));
  assert.match(svg, /<text class="card"/);
  const bad = draw({ schema: 'db/schema.sql', output: 'docs/bad.svg', ends: 'arrows', commit: 'false' });
  assert.equal(bad.code, 2, bad.log);
  assert.match(bad.log, /unknown --ends "arrows"/);
  rmSync(path.join(work, 'docs/keys.svg'));
});

test('a Prisma schema and a migration folder (its end state) are drawn; commit=false only writes', () => {
  write('prisma/schema.prisma', 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n\nmodel User {\n  id    Int    @id\n  posts Post[]\n}\n\nmodel Post {\n  id     Int  @id\n  userId Int\n  user   User @relation(fields: [userId], references: [id])\n}\n');
  write('db/migrations/001_init.sql', 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE old (id int PRIMARY KEY);\n');
  write('db/migrations/002_b.sql', 'CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\nDROP TABLE old;\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'inputs');
  const before = commits();
  const prisma = draw({ schema: 'prisma/schema.prisma', output: 'docs/prisma.svg', commit: 'false' });
  assert.equal(prisma.outputs.changed, 'true', prisma.log);
  const psvg = readFileSync(path.join(work, 'docs/prisma.svg'), 'utf8');
  assert.equal(psvg, erd('--theme', 'light', 'prisma/schema.prisma'));
  assert.deepEqual(tableNames(psvg).map((k) => k.split('.').pop()), ['Post', 'User']);
  const folder = draw({ schema: 'db/migrations', output: 'docs/migrations.svg', dialect: 'postgres', commit: 'false' });
  assert.equal(folder.outputs.changed, 'true', folder.log);
  const fsvg = readFileSync(path.join(work, 'docs/migrations.svg'), 'utf8');
  assert.deepEqual(tableNames(fsvg).map((k) => k.split('.').pop()), ['a', 'b'], 'the dropped table is gone');
  assert.equal(commits(), before, 'commit=false commits nothing');
  rmSync(path.join(work, 'docs/prisma.svg'));
  rmSync(path.join(work, 'docs/migrations.svg'));
});

test('an unreadable schema fails (exit 2) and leaves the SVG alone', () => {
  const svg = readFileSync(path.join(work, 'docs/schema.svg'), 'utf8');
  const before = commits();
  const r = draw({ schema: 'db/missing.sql', output: 'docs/schema.svg' });
  assert.equal(r.code, 2, r.log);
  assert.equal(r.outputs.changed, 'false');
  assert.match(r.log, /::error title=schemaplay erd::could not draw db\/missing\.sql/);
  assert.equal(readFileSync(path.join(work, 'docs/schema.svg'), 'utf8'), svg);
  assert.equal(commits(), before);
});

test('erd/action.yml gives the draw step every input the script reads', () => {
  const action = readFileSync(path.join(repo, 'erd/action.yml'), 'utf8');
  const read = [...new Set([...readFileSync(script, 'utf8').matchAll(/\$\{(INPUT_[A-Z_]+)/g)].map((m) => m[1]))].sort();
  const step = action.slice(action.indexOf('scripts/action/erd.sh'));
  const given = [...step.matchAll(/^\s+(INPUT_[A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}/gm)].map((m) => m[1]).sort();
  assert.deepEqual(given, read);
  for (const m of step.matchAll(/^\s+INPUT_([A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}/gm)) {
    assert.equal(m[2], m[1].toLowerCase().replace(/_/g, '-'));
    assert.match(action, new RegExp(`^  ${m[2]}:$`, 'm'), `input ${m[2]} declared`);
  }
});
